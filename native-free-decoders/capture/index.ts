export { CaptureParser } from './capture-parser.js';
export type { CaptureInfo } from './capture-parser.js';
export { CaptureRecord } from './capture-record.js';
export { CaptureInterface } from './capture-interface.js';
export type { CaptureInterfaceInit } from './capture-interface.js';
export type { CaptureTail, CaptureTailUnit } from './capture-tail.js';
export { CaptureErrorCode, CaptureFormatError } from './capture-format-error.js';
export {
  CaptureFormat,
  FormatProbe,
  probeCaptureFormat,
  notCaptureError,
  hexPrefix,
  PCAP_MAGIC_MICRO,
  PCAP_MAGIC_NANO,
  PCAP_MAGIC_KUZNETZOV,
  PCAPNG_SHB_TYPE,
  PCAPNG_BYTE_ORDER_MAGIC,
} from './capture-format.js';
export { CaptureStreamReader, DEFAULT_CAPTURE_BUFFER_SIZE } from './capture-stream-reader.js';
export type { CaptureStreamReaderOptions } from './capture-stream-reader.js';
export { normalizeLinkType } from './normalize-link-type.js';
export { TimestampConverter, MAX_TS_POW10_EXPONENT, MAX_TS_POW2_EXPONENT } from './timestamp-converter.js';
export { PCAP_MAX_SNAPLEN, PCAP_MAX_RECORD_LENGTH } from './pcap-reader.js';
export type { PcapHeaderInfo } from './pcap-reader.js';
export { PcapngBlockType, PCAPNG_MAX_BLOCK_LENGTH } from './pcapng-reader.js';
export { buildPcap, PcapngBuilder } from './capture-writer.js';
export type {
  PcapWriteOptions,
  PcapWritePacket,
  PcapngInterfaceOptions,
  PcapngPacketOptions,
} from './capture-writer.js';
