/** TLS anomaly names as Suricata's `app-layer-event:tls.*` spells them, plus mirrorscope's own gap event. */
export const TlsEvent = {
  InvalidRecordType: 'tls.invalid_record_type',
  InvalidRecordVersion: 'tls.invalid_record_version',
  InvalidRecordLength: 'tls.invalid_record_length',
  InvalidHandshakeMessage: 'tls.invalid_handshake_message',
  InvalidCertificate: 'tls.invalid_certificate',
  CertificateInvalidLength: 'tls.certificate_invalid_length',
  HandshakeTooLarge: 'tls.record_overflow',
  /** Bytes were lost; record framing cannot be trusted after it, so parsing stops for that direction. */
  Gap: 'mirrorscope.tls.gap',
} as const;
export type TlsEvent = (typeof TlsEvent)[keyof typeof TlsEvent];
