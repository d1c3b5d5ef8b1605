/**
 * Stable codes of the capture errors; tools and tests match on these, never on message text. They follow the
 * project's MirrorscopeError code style so the file layer can pass them through unchanged.
 */
export const CaptureErrorCode = {
  /** The first bytes are not a pcap or pcapng magic number. */
  NotCapture: 'CAPTURE_UNKNOWN_FORMAT',
  /** The input ended before a single byte arrived. */
  Empty: 'CAPTURE_EMPTY',
  /** A pcap major version other than 2, or a pcapng section major version other than 1. */
  UnsupportedVersion: 'CAPTURE_UNSUPPORTED_VERSION',
  /** A length field that cannot be right: pcapng block length, pcap caplen far over snaplen. */
  CorruptLength: 'CAPTURE_CORRUPT_LENGTH',
  /** A pcapng section header inside the file whose byte-order magic is neither order. */
  BadSection: 'CAPTURE_BAD_SECTION',
  /** A pcapng packet block naming an interface its section never described. */
  UnknownInterface: 'CAPTURE_UNKNOWN_INTERFACE',
  /** A pcapng option value we cannot honour (a timestamp resolution beyond 64 bits). */
  BadOption: 'CAPTURE_BAD_OPTION',
} as const;
export type CaptureErrorCode = (typeof CaptureErrorCode)[keyof typeof CaptureErrorCode];

/**
 * The capture file itself is unusable (not a capture, or its framing is corrupt). A cut-short last record is not
 * an error: readers report it as a tail instead. `offset` is the file byte offset of the bad structure, or -1.
 */
export class CaptureFormatError extends Error {
  override readonly name = 'CaptureFormatError';
  constructor(
    readonly code: CaptureErrorCode,
    message: string,
    readonly offset: number = -1,
  ) {
    super(message);
  }
}
