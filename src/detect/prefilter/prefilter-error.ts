/**
 * Thrown only for API misuse (adding after compile, searching before it, bad windows, bad ids).
 * Search over hostile bytes never throws.
 */
export type PrefilterErrorCode =
  | 'PREFILTER_ALREADY_COMPILED'
  | 'PREFILTER_NOT_COMPILED'
  | 'PREFILTER_EMPTY_PATTERN'
  | 'PREFILTER_BAD_ID'
  | 'PREFILTER_BAD_WINDOW'
  | 'PREFILTER_TOO_LARGE';

export class PrefilterError extends Error {
  override readonly name = 'PrefilterError';
  readonly code: PrefilterErrorCode;

  constructor(code: PrefilterErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
