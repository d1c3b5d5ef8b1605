import { CaptureErrorCode, CaptureFormatError } from './capture-format-error.js';

export const CaptureFormat = { Pcap: 'pcap', Pcapng: 'pcapng' } as const;
export type CaptureFormat = (typeof CaptureFormat)[keyof typeof CaptureFormat];

/** Magic numbers as read little-endian from the first four bytes. */
export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
export const PCAP_MAGIC_NANO = 0xa1b23c4d;
/** Alexey Kuznetzov's patched libpcap: 24-byte record headers (ifindex, protocol, pkt_type after the usual 16). */
export const PCAP_MAGIC_KUZNETZOV = 0xa1b2cd34;
/** pcapng Section Header Block type; a palindrome, so it reads the same in either byte order. */
export const PCAPNG_SHB_TYPE = 0x0a0d0d0a;
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** First bytes as they appear in a file, for the prefix check on inputs shorter than four bytes. */
const MAGIC_PREFIXES: readonly (readonly number[])[] = [
  [0xd4, 0xc3, 0xb2, 0xa1],
  [0xa1, 0xb2, 0xc3, 0xd4],
  [0x4d, 0x3c, 0xb2, 0xa1],
  [0xa1, 0xb2, 0x3c, 0x4d],
  [0x34, 0xcd, 0xb2, 0xa1],
  [0xa1, 0xb2, 0xcd, 0x34],
  [0x0a, 0x0d, 0x0d, 0x0a],
];

/** Result of looking at the start of an input. */
export const FormatProbe = { NeedMore: 0, Pcap: 1, Pcapng: 2, Unknown: 3 } as const;
export type FormatProbe = (typeof FormatProbe)[keyof typeof FormatProbe];

function readU32Le(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/**
 * Identifies the capture format from bytes[start, end): NeedMore while fewer than four bytes could still begin a
 * known magic number. The pcapng byte-order magic is checked later, by the pcapng reader.
 */
export function probeCaptureFormat(bytes: Uint8Array, start = 0, end = bytes.length): FormatProbe {
  const n = end - start;
  if (n < 4) {
    for (const magic of MAGIC_PREFIXES) {
      let match = true;
      for (let i = 0; i < n; i++) {
        if (bytes[start + i] !== magic[i]) { match = false; break; }
      }
      if (match) return FormatProbe.NeedMore;
    }
    return FormatProbe.Unknown;
  }
  const le = readU32Le(bytes, start);
  if (le === PCAPNG_SHB_TYPE) return FormatProbe.Pcapng;
  const be = ((le & 0xff) << 24 | (le & 0xff00) << 8 | (le >>> 8) & 0xff00 | le >>> 24) >>> 0;
  for (const magic of [PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO, PCAP_MAGIC_KUZNETZOV]) {
    if (le === magic || be === magic) return FormatProbe.Pcap;
  }
  return FormatProbe.Unknown;
}

/** Hex of up to the first `count` bytes, space-separated: `48 65 6c 6c`. */
export function hexPrefix(bytes: Uint8Array, start = 0, end = bytes.length, count = 4): string {
  const parts: string[] = [];
  for (let i = start; i < end && i < start + count; i++) parts.push(bytes[i]!.toString(16).padStart(2, '0'));
  return parts.join(' ');
}

/** Compressed containers people often hand over instead of the capture inside them. */
function containerHint(bytes: Uint8Array, start: number, end: number): string {
  const b = (i: number): number => (start + i < end ? bytes[start + i]! : -1);
  if (b(0) === 0x1f && b(1) === 0x8b) return ': gzip-compressed data, decompress it first';
  if (b(0) === 0x28 && b(1) === 0xb5 && b(2) === 0x2f && b(3) === 0xfd) return ': zstd-compressed data, decompress it first';
  if (b(0) === 0x42 && b(1) === 0x5a && b(2) === 0x68) return ': bzip2-compressed data, decompress it first';
  if (b(0) === 0xfd && b(1) === 0x37 && b(2) === 0x7a && b(3) === 0x58) return ': xz-compressed data, decompress it first';
  return '';
}

/** The error for an input that starts with neither a pcap nor a pcapng magic number. */
export function notCaptureError(bytes: Uint8Array, start = 0, end = bytes.length): CaptureFormatError {
  const shown = hexPrefix(bytes, start, end);
  return new CaptureFormatError(
    CaptureErrorCode.NotCapture,
    `not a pcap or pcapng file (first bytes ${shown === '' ? 'none' : shown}${containerHint(bytes, start, end)})`,
    0,
  );
}
