import { FlowDirection } from '../flow/flow-direction.js';
import type { AppProtoName } from './app-proto.js';
import type { AppLayerSink, AppLayerTransaction } from './app-layer-transaction.js';
import { DEFAULT_DETECTION_LIMIT, NEED_MORE, NO_MATCH, probeTcp, probeUdp } from './app-proto-detect.js';
import { ByteAccumulator } from './byte-accumulator.js';
import { DnsParser } from './dns/dns-parser.js';
import { HttpParser } from './http/http-parser.js';
import type { HttpParserOptions } from './http/http-parser.js';
import { TlsParser } from './tls/tls-parser.js';

export interface AppLayerFlowOptions {
  readonly transport: 'tcp' | 'udp';
  /** Destination port of the flow's first packet (the server side). */
  readonly serverPort: number;
  readonly clientPort: number;
  readonly sink?: AppLayerSink;
  readonly http?: HttpParserOptions;
  /** Stream bytes per direction inspected before that direction counts as unidentifiable. */
  readonly detectionLimit?: number;
}

/** UDP datagrams without a match after which the flow is marked failed. */
const UDP_PROBE_LIMIT = 8;

interface Pending {
  readonly direction: FlowDirection;
  readonly bytes: Uint8Array | null;
  readonly gap: number;
  readonly timestampUs: number;
}

const NO_SINK: AppLayerSink = {};

/**
 * App-layer state for one flow: protocol detection by content (and port for DNS), then the protocol's parser.
 * Create it lazily, when a flow first carries payload. Until detection decides, stream data is held (bounded by
 * the detection limit per direction) and replayed into the parser in arrival order, so the parser sees the stream
 * from its first byte. "failed" means both directions were inspected and matched nothing.
 */
export class AppLayerFlow {
  private proto: AppProtoName = 'unknown';
  private opts: AppLayerFlowOptions;
  private sink: AppLayerSink;
  private limit: number;
  private http: HttpParser | null = null;
  /** The HTTP parser of the flow this object served before (see reuse), ready to be reset for this one. */
  private spareHttp: HttpParser | null = null;
  private tls: TlsParser | null = null;
  private dns: DnsParser | null = null;
  // Per-direction state as fields, and the probe accumulators and pending list made only when a flow needs them:
  // most flows are recognised from their first segment in place, and every object here lives as long as its flow
  // (so the scavenger copies it).
  private probe0: ByteAccumulator | null = null;
  private probe1: ByteAccumulator | null = null;
  private noMatch0 = false;
  private noMatch1 = false;
  private pending: Pending[] | null = null;
  private udpMisses = 0;
  private closed = false;
  /** Gaps reported by the stream, including those before detection. */
  gaps = 0;

  constructor(options: AppLayerFlowOptions) {
    this.opts = options;
    this.sink = options.sink ?? NO_SINK;
    this.limit = options.detectionLimit ?? DEFAULT_DETECTION_LIMIT;
  }

  /**
   * Makes this object a fresh AppLayerFlow for another flow, keeping its HTTP parser for reuse. An app-layer flow
   * and its parser live as long as their flow, so new ones were copied by every scavenge until promoted; a pool of
   * ended ones (the detection stage keeps it) is already in the old generation.
   */
  reuse(options: AppLayerFlowOptions): this {
    this.proto = 'unknown';
    this.opts = options;
    this.sink = options.sink ?? NO_SINK;
    this.limit = options.detectionLimit ?? DEFAULT_DETECTION_LIMIT;
    if (this.http !== null) this.spareHttp = this.http;
    this.http = null;
    this.tls = null;
    this.dns = null;
    this.probe0?.release();
    this.probe1?.release();
    this.noMatch0 = false;
    this.noMatch1 = false;
    this.pending = null;
    this.udpMisses = 0;
    this.closed = false;
    this.gaps = 0;
    return this;
  }

  get appProto(): AppProtoName {
    return this.proto;
  }

  get httpParser(): HttpParser | null {
    return this.http;
  }

  get tlsParser(): TlsParser | null {
    return this.tls;
  }

  get dnsParser(): DnsParser | null {
    return this.dns;
  }

  /** Transactions still in progress (e.g. a request awaiting its response), for inspection before completion. */
  liveTransactions(): readonly AppLayerTransaction[] {
    if (this.http !== null) return this.http.liveTransactions();
    const t = this.tls?.transaction;
    return t !== null && t !== undefined && !t.completed ? [t] : [];
  }

  onData(direction: FlowDirection, bytes: Uint8Array, offset: number, length: number, timestampUs: number): void {
    if (length <= 0 || this.closed) return;
    if (this.http !== null) return this.http.onData(direction, bytes, offset, length, timestampUs);
    if (this.tls !== null) return this.tls.onData(direction, bytes, offset, length, timestampUs);
    if (this.dns !== null) return this.dns.onData(direction, bytes, offset, length, timestampUs);
    if (this.proto !== 'unknown') return;
    const held = this.probeLength(direction);
    const room = this.limit - held;
    if (this.noMatchIn(direction) || room <= 0) {
      this.hold({ direction, bytes: null, gap: length, timestampUs });
      return;
    }
    if (held === 0) {
      // Nothing of this direction held: most flows are recognised from their first segment, so try it in place first
      // (held data of the other direction is older and is replayed first either way).
      const first = probeTcp(direction, bytes, offset, offset + Math.min(length, room), this.opts.serverPort, this.opts.clientPort);
      if (first === NO_MATCH) {
        // The verdict is final for this direction: keep the bytes only if the other direction may still decide.
        if (!this.noMatchIn(1 - direction)) this.hold({ direction, bytes: bytes.slice(offset, offset + length), gap: 0, timestampUs });
        this.markNoMatch(direction);
        return;
      }
      if (first !== NEED_MORE) {
        this.start(first);
        this.onData(direction, bytes, offset, length, timestampUs);
        return;
      }
    }
    this.hold({ direction, bytes: bytes.slice(offset, offset + length), gap: 0, timestampUs });
    const acc = this.probeFor(direction);
    acc.append(bytes, offset, offset + Math.min(length, room));
    const v = acc.view();
    const verdict = probeTcp(direction, v, 0, v.length, this.opts.serverPort, this.opts.clientPort);
    if (verdict === NEED_MORE) {
      if (acc.length >= this.limit) this.markNoMatch(direction);
      return;
    }
    if (verdict === NO_MATCH) {
      this.markNoMatch(direction);
      return;
    }
    this.start(verdict);
  }

  /**
   * Stream bytes ahead in this direction that the parser need not see (StreamParser.unreadAhead): the caller may
   * pass over up to that many and report them with skipUnread before the next call for this direction.
   */
  unreadAhead(direction: FlowDirection): number {
    if (this.closed) return 0;
    const parser = this.http ?? this.tls;
    return parser !== null ? parser.unreadAhead(direction) : 0;
  }

  /** Bytes passed over under unreadAhead. */
  skipUnread(direction: FlowDirection, length: number): void {
    if (!this.closed) (this.http ?? this.tls)?.skipUnread(direction, length);
  }

  onGap(direction: FlowDirection, length: number): void {
    if (length <= 0 || this.closed) return;
    this.gaps++;
    if (this.http !== null) return this.http.onGap(direction, length);
    if (this.tls !== null) return this.tls.onGap(direction, length);
    if (this.dns !== null) return this.dns.onGap(direction, length);
    if (this.proto !== 'unknown') return;
    // Detection restarts after the gap; the parser will be told about it when the data is replayed.
    (direction === 0 ? this.probe0 : this.probe1)?.reset();
    this.hold({ direction, bytes: null, gap: length, timestampUs: 0 });
  }

  onDatagram(direction: FlowDirection, bytes: Uint8Array, offset: number, length: number, timestampUs: number): void {
    if (this.closed) return;
    if (this.dns !== null) return this.dns.onDatagram(direction, bytes, offset, length, timestampUs);
    if (this.proto !== 'unknown') return;
    if (probeUdp(bytes, offset, offset + length, this.opts.serverPort, this.opts.clientPort) === 'dns') {
      this.proto = 'dns';
      this.dns = new DnsParser(this.sink);
      this.dns.onDatagram(direction, bytes, offset, length, timestampUs);
      return;
    }
    this.setNoMatch(direction);
    if (++this.udpMisses >= UDP_PROBE_LIMIT || (this.noMatch0 && this.noMatch1)) this.proto = 'failed';
  }

  onClose(timestampUs: number): void {
    if (this.closed) return;
    this.closed = true;
    this.http?.onClose(timestampUs);
    this.tls?.onClose(timestampUs);
    this.dns?.onClose(timestampUs);
    this.pending = null;
  }

  private noMatchIn(direction: number): boolean {
    return direction === 0 ? this.noMatch0 : this.noMatch1;
  }

  private setNoMatch(direction: number): void {
    if (direction === 0) this.noMatch0 = true;
    else this.noMatch1 = true;
  }

  private probeLength(direction: number): number {
    const acc = direction === 0 ? this.probe0 : this.probe1;
    return acc === null ? 0 : acc.length;
  }

  private probeFor(direction: number): ByteAccumulator {
    if (direction === 0) return (this.probe0 ??= new ByteAccumulator(0));
    return (this.probe1 ??= new ByteAccumulator(0));
  }

  private takeHttpParser(): HttpParser {
    const spare = this.spareHttp;
    if (spare === null) return new HttpParser(this.sink, this.opts.http);
    this.spareHttp = null;
    spare.reset(this.sink, this.opts.http);
    return spare;
  }

  private hold(p: Pending): void {
    (this.pending ??= []).push(p);
  }

  private resetProbes(): void {
    this.probe0?.reset();
    this.probe1?.reset();
  }

  private markNoMatch(direction: FlowDirection): void {
    this.setNoMatch(direction);
    if (this.noMatch0 && this.noMatch1) {
      this.proto = 'failed';
      this.pending = null;
      this.resetProbes();
    }
  }

  private start(proto: 'http' | 'tls' | 'dns'): void {
    this.proto = proto;
    if (proto === 'http') this.http = this.takeHttpParser();
    else if (proto === 'tls') this.tls = new TlsParser(this.sink);
    else this.dns = new DnsParser(this.sink);
    const replay = this.pending ?? [];
    this.pending = null;
    this.resetProbes();
    const parser = this.http ?? this.tls ?? this.dns!;
    for (const p of replay) {
      if (p.bytes !== null) parser.onData(p.direction, p.bytes, 0, p.bytes.length, p.timestampUs);
      else parser.onGap(p.direction, p.gap);
    }
  }
}
