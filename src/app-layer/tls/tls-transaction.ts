import { FlowDirection } from '../../flow/flow-direction.js';
import type { AppLayerTransaction } from '../app-layer-transaction.js';
import { asciiBytes, bytesEqual } from '../bytes.js';
import type { ClientHello } from './client-hello.js';
import { ja3sString, ja3String, md5Hex } from './ja3.js';
import { ja4 } from './ja4.js';
import type { ServerHello } from './server-hello.js';
import { tlsEve } from './tls-eve.js';
import type { CertificateInfo } from './x509-certificate.js';
import { parseCertificate } from './x509-certificate.js';

/**
 * The TLS handshake of one flow (Suricata keeps one TLS transaction per flow). Fingerprints and certificate
 * fields are computed on first use and cached.
 */
export class TlsTransaction implements AppLayerTransaction {
  readonly appProto = 'tls' as const;
  readonly txId: number;
  readonly timestampUs: number;
  readonly events: string[] = [];
  clientHello: ClientHello | null = null;
  serverHello: ServerHello | null = null;
  /** Server certificate chain, DER, leaf first (TLS 1.2 and earlier; encrypted in TLS 1.3). */
  certificates: Uint8Array[] = [];
  reportedSides = 0;
  completed = false;
  private cert: CertificateInfo | null | undefined = undefined;
  private ja3Text: string | null | undefined = undefined;
  private ja3sText: string | null | undefined = undefined;
  private ja4Text: string | null | undefined = undefined;
  private readonly cache = new Map<string, Uint8Array | null>();

  constructor(txId: number, timestampUs: number) {
    this.txId = txId;
    this.timestampUs = timestampUs;
  }

  addEvent(name: string): void {
    if (!this.events.includes(name)) this.events.push(name);
  }

  /** Negotiated version: ServerHello's supported_versions, else its legacy version, else the ClientHello's. */
  get version(): number {
    const sh = this.serverHello;
    if (sh !== null) return sh.selectedVersion !== 0 ? sh.selectedVersion : sh.legacyVersion;
    return this.clientHello?.legacyVersion ?? 0;
  }

  /** Session resumed: the server echoed the client's non-empty session id (no certificate will follow). */
  get sessionResumed(): boolean {
    const ch = this.clientHello;
    const sh = this.serverHello;
    if (ch === null || sh === null || sh.sessionId.length === 0 || sh.selectedVersion === 0x0304) return false;
    return bytesEqual(ch.sessionId, sh.sessionId) && this.certificates.length === 0;
  }

  get certificate(): CertificateInfo | null {
    if (this.cert === undefined) {
      const leaf = this.certificates[0];
      this.cert = leaf === undefined ? null : parseCertificate(leaf);
    }
    return this.cert;
  }

  get ja3(): string | null {
    if (this.ja3Text === undefined) this.ja3Text = this.clientHello === null ? null : ja3String(this.clientHello);
    return this.ja3Text;
  }

  get ja3s(): string | null {
    if (this.ja3sText === undefined) this.ja3sText = this.serverHello === null ? null : ja3sString(this.serverHello);
    return this.ja3sText;
  }

  get ja4(): string | null {
    if (this.ja4Text === undefined) this.ja4Text = this.clientHello === null ? null : ja4(this.clientHello, 't');
    return this.ja4Text;
  }

  getBuffer(name: string, direction: FlowDirection): Uint8Array | null {
    const key = `${direction}${name}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    const v = this.build(name, direction);
    this.cache.set(key, v);
    return v;
  }

  getMultiBuffer(name: string, direction: FlowDirection): readonly Uint8Array[] {
    if (name === 'tls.certs') return direction === FlowDirection.ToClient ? this.certificates : [];
    const v = this.getBuffer(name, direction);
    return v === null ? [] : [v];
  }

  /** Buffers change as the handshake progresses; the parser calls this when it stores new handshake data. */
  invalidate(): void {
    this.cache.clear();
    this.cert = undefined;
    this.ja3Text = undefined;
    this.ja3sText = undefined;
    this.ja4Text = undefined;
  }

  toEve(): Record<string, unknown> {
    return tlsEve(this);
  }

  private build(name: string, direction: FlowDirection): Uint8Array | null {
    const toServer = direction === FlowDirection.ToServer;
    const text = (s: string | null | undefined): Uint8Array | null => (s === null || s === undefined || s === '' ? null : asciiBytes(s));
    switch (name) {
      case 'tls.sni':
        return toServer ? (this.clientHello?.sni ?? null) : null;
      case 'ja3.string':
        return toServer ? text(this.ja3) : null;
      case 'ja3.hash':
        return toServer && this.ja3 !== null ? asciiBytes(md5Hex(this.ja3)) : null;
      case 'ja3s.string':
        return toServer ? null : text(this.ja3s);
      case 'ja3s.hash':
        return !toServer && this.ja3s !== null ? asciiBytes(md5Hex(this.ja3s)) : null;
      case 'ja4.hash':
        return toServer ? text(this.ja4) : null;
      case 'tls.cert_subject':
        return toServer ? null : text(this.certificate?.subject);
      case 'tls.cert_issuer':
        return toServer ? null : text(this.certificate?.issuer);
      case 'tls.cert_serial':
        return toServer ? null : text(this.certificate?.serial);
      case 'tls.cert_fingerprint':
        return toServer ? null : text(this.certificate?.fingerprint);
      default:
        return null;
    }
  }
}
