/**
 * HTTP anomaly names as Suricata's `app-layer-event:http.*` spells them (lowercased from libhtp's event table), plus
 * mirrorscope's own for gap handling, which say so in their prefix.
 */
export const HttpEvent = {
  GzipDecompressionFailed: 'http.gzip_decompression_failed',
  CompressionBomb: 'http.compression_bomb',
  RequestFieldMissingColon: 'http.request_field_missing_colon',
  ResponseFieldMissingColon: 'http.response_field_missing_colon',
  InvalidRequestChunkLen: 'http.invalid_request_chunk_len',
  InvalidResponseChunkLen: 'http.invalid_response_chunk_len',
  InvalidContentLengthInRequest: 'http.invalid_content_length_field_in_request',
  InvalidContentLengthInResponse: 'http.invalid_content_length_field_in_response',
  DuplicateContentLengthInRequest: 'http.duplicate_content_length_field_in_request',
  DuplicateContentLengthInResponse: 'http.duplicate_content_length_field_in_response',
  ContinueAlreadySeen: 'http.100_continue_already_seen',
  UnableToMatchResponse: 'http.unable_to_match_response_to_request',
  MissingHostHeader: 'http.missing_host_header',
  InvalidRequestFieldFolding: 'http.invalid_request_field_folding',
  InvalidResponseFieldFolding: 'http.invalid_response_field_folding',
  RequestFieldTooLong: 'http.request_field_too_long',
  ResponseFieldTooLong: 'http.response_field_too_long',
  RequestLineInvalid: 'http.request_line_invalid',
  RequestLineMissingProtocol: 'http.request_line_missing_protocol',
  ResponseInvalidProtocol: 'http.response_invalid_protocol',
  ResponseInvalidStatus: 'http.response_invalid_status',
  ResponseChunkedOldProto: 'http.response_chunked_old_proto',
  RequestHeaderRepetition: 'http.request_header_repetition',
  RequestAuthUnrecognized: 'http.request_auth_unrecognized',
  ResponseHeaderRepetition: 'http.response_header_repetition',
  /** Bytes were lost inside a message; the body or head is incomplete. */
  Gap: 'mirrorscope.http.gap',
  /** After a gap or unparseable data the parser skipped bytes until a new message start. */
  Resync: 'mirrorscope.http.resync',
} as const;
export type HttpEvent = (typeof HttpEvent)[keyof typeof HttpEvent];
