const EMPTY = new Uint8Array(0);

/**
 * One captured packet, refilled in place by the parser for every record (nothing is allocated per packet).
 * `bytes` is the reader's whole buffer, not a copy: the frame is bytes[offset, offset + captureLength). Everything
 * here is valid only inside the onRecord callback; copy what you keep.
 */
export class CaptureRecord {
  bytes: Uint8Array = EMPTY;
  /** Index of the frame's first byte in `bytes`. */
  offset = 0;
  /** Bytes of the frame present in the file (pcap caplen). */
  captureLength = 0;
  /** Length of the frame on the wire (pcap len / pcapng original length). */
  wireLength = 0;
  /** LINKTYPE_* of the frame, normalised (the old DLT_RAW values 12 and 14 read as 101). */
  linkType = 1;
  /** Index into the parser's `interfaces` (file order across all pcapng sections); 0 for classic pcap. */
  interfaceId = 0;
  /** Whole seconds since the epoch (if_tsoffset applied). Exact below 2^53. */
  tsSec = 0;
  /** Nanoseconds within the second, 0..999999999. */
  tsNsec = 0;
  /** False for a pcapng Simple Packet Block, which carries no timestamp (tsSec and tsNsec are then 0). */
  hasTimestamp = true;
  /** 1-based packet number within the file (Suricata's pcap_cnt). */
  recordNumber = 0;
  /** Byte offset in the file of the record header (pcap) or packet block (pcapng). */
  fileOffset = 0;
}
