import { DecodeStatus, DecodedPacket, PacketDecoder } from '../../native-free-decoders/index.js';
import { FlowKey, extractFlowKey, packetFlowHash } from '../flow/index.js';
import type { PacketSink, PacketSinkFactory, SinkReloadResult } from '../pipeline/packet-sink.js';

/** Configuration of the flow-counting sink (structured-cloneable). */
export interface FlowCountSinkConfig {
  vxlanPorts?: number[];
  genevePorts?: number[];
  /** 'key': flows named by their full key words (exact); 'hash': by flow hash (cheaper, for benches). */
  keyMode?: 'key' | 'hash';
  /** Fault injection: throw while handling a packet with one of these record numbers. */
  throwOnRecord?: number[];
  /** Fault injection: process.exit(3) while handling a packet with one of these record numbers. */
  exitOnRecord?: number[];
}

/** What drainOutput returns: counts since the previous drain. */
export interface FlowCountOutput {
  worker: number;
  packets: number;
  /** Packets whose decode status was not Ok. */
  notOk: number;
  /** Packets without an IP flow (no key). */
  noFlow: number;
  ticks: number;
  lastTickUs: number;
  /** [flow, packets] pairs. */
  flows: Array<[string, number]>;
  finished: boolean;
}

/**
 * A small sink for the transport's tests and benches: decodes every packet with its own PacketDecoder and counts
 * packets per flow. Not part of the pipeline.
 */
export class FlowCountSink implements PacketSink {
  private readonly decoder = new PacketDecoder();
  private readonly pkt = new DecodedPacket();
  private readonly key = new FlowKey();
  private readonly byKey: boolean;
  private throwOn: Set<number>;
  private exitOn: Set<number>;
  private flows = new Map<string | number, number>();
  private packets = 0;
  private notOk = 0;
  private noFlow = 0;
  private ticks = 0;
  private lastTickUs = 0;
  private finished = false;

  constructor(
    config: FlowCountSinkConfig,
    private readonly worker: number,
  ) {
    for (const p of config.vxlanPorts ?? []) this.decoder.tunnelPorts.setVxlan(p);
    for (const p of config.genevePorts ?? []) this.decoder.tunnelPorts.setGeneve(p);
    this.byKey = (config.keyMode ?? 'key') === 'key';
    this.throwOn = new Set(config.throwOnRecord ?? []);
    this.exitOn = new Set(config.exitOnRecord ?? []);
  }

  /** For the pool's reload tests: only the fault injection changes; counts carry on. */
  reload(config: unknown): SinkReloadResult {
    const c = config as FlowCountSinkConfig;
    this.throwOn = new Set(c.throwOnRecord ?? []);
    this.exitOn = new Set(c.exitOnRecord ?? []);
    return { ok: true };
  }

  packet(
    bytes: Uint8Array,
    offset: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
    _tsUs: number,
    recordNumber: number,
  ): void {
    if (this.throwOn.has(recordNumber)) throw new Error(`injected fault at record ${recordNumber}`);
    if (this.exitOn.has(recordNumber)) process.exit(3);
    this.packets++;
    const status = this.decoder.decode(this.pkt, bytes, offset, captureLength, wireLength, linkType);
    if (status !== DecodeStatus.Ok) this.notOk++;
    let id: string | number;
    if (this.byKey) {
      if (!extractFlowKey(this.pkt, this.key)) {
        this.noFlow++;
        return;
      }
      id = Array.from(this.key.words, (w) => w.toString(16)).join('.');
    } else {
      id = packetFlowHash(this.pkt);
    }
    this.flows.set(id, (this.flows.get(id) ?? 0) + 1);
  }

  tick(nowUs: number): void {
    this.ticks++;
    this.lastTickUs = nowUs;
  }

  finish(): void {
    this.finished = true;
  }

  drainOutput(): FlowCountOutput | null {
    if (this.packets === 0 && this.ticks === 0 && !this.finished) return null;
    const out: FlowCountOutput = {
      worker: this.worker,
      packets: this.packets,
      notOk: this.notOk,
      noFlow: this.noFlow,
      ticks: this.ticks,
      lastTickUs: this.lastTickUs,
      flows: Array.from(this.flows, ([k, v]) => [String(k), v]),
      finished: this.finished,
    };
    this.flows = new Map();
    this.packets = 0;
    this.notOk = 0;
    this.noFlow = 0;
    this.ticks = 0;
    this.finished = false;
    return out;
  }
}

export const createPacketSink: PacketSinkFactory = (config, workerIndex) =>
  new FlowCountSink((config ?? {}) as FlowCountSinkConfig, workerIndex);
