import { IPPROTO_TCP, IPPROTO_UDP, TCP_FLAG } from '../../native-free-decoders/index.js';
import type { DecodedPacket } from '../../native-free-decoders/index.js';
import { MirrorscopeError } from '../errors.js';
import { FlowDirection } from './flow-direction.js';
import { FlowEndReason } from './flow-end-reason.js';
import { DEFAULT_FLOW_HASH_SEED, hashFlowKey, mixHash } from './flow-hash.js';
import {
  FLOW_KEY_WORDS,
  FlowKey,
  KEY_HI_ADDR,
  KEY_LO_ADDR,
  KEY_META,
  KEY_PORTS,
  KEY_SOURCE,
  KEY_SOURCE_ADDR,
  MirrorSourceKind,
  extractFlowKey,
} from './flow-key.js';
import { FlowState, TcpState } from './flow-state.js';
import {
  SURICATA_EMERGENCY_RECOVERY,
  TIMEOUT_CLASS_COUNT,
  resolveFlowTimeouts,
  timeoutGroup,
  timeoutTableUs,
} from './flow-timeouts.js';
import type { FlowTimeouts } from './flow-timeouts.js';
import { formatKeyAddress } from './key-address.js';

export type { FlowTableListener, FlowTableOptions, FlowTableStats } from './flow-table-types.js';
import type { FlowTableListener, FlowTableOptions, FlowTableStats } from './flow-table-types.js';

/** Bytes of typed arrays per flow slot, hash index included (two index slots per flow at most half full). */
export const FLOW_TABLE_BYTES_PER_FLOW =
  FLOW_KEY_WORDS * 4 + // key
  4 + // hash
  3 + // tcp state, info bits, timeout class
  8 + // timeout-list links
  16 + // packets per direction
  16 + // bytes per direction
  4 + // raw TCP flags per direction
  24 + // first, last, last-active times
  16; // two index slots: flow + 1, cached hash

export const DEFAULT_MAX_FLOWS = 1 << 20;

// Bits of `infos`.
const IN_USE = 1;
const LO_IS_CLIENT = 2;
const SEEN_TO_SERVER = 4;
const SEEN_TO_CLIENT = 8;
const FIN_TO_SERVER = 16;
const FIN_TO_CLIENT = 32;

const SYN = TCP_FLAG.SYN;
const ACK = TCP_FLAG.ACK;
const FIN = TCP_FLAG.FIN;
const RST = TCP_FLAG.RST;

function ceilPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * The flow table: open addressing with linear probing and backward-shift deletion (no tombstones) over typed
 * arrays, so lookups and updates allocate nothing and a million flows cost a few hundred bytes each.
 *
 * Flows live in slots indexed by a small integer (the flow index); the hash index maps keys to flow indices. Each
 * flow sits in one doubly linked list per timeout class (protocol group x state), kept in order of last activity
 * by moving a flow to the tail on every packet. The oldest flow of each class is therefore at its head, so the
 * timeout sweep only ever looks at heads (O(expired + classes) per time step, never a scan), emergency timeouts
 * need no re-sorting, and "the flow idle the longest" is the smallest head.
 *
 * Time is packet time: the clock is the largest timestamp seen (or given to advanceTime), never the wall clock, so
 * a replay expires flows exactly as it would have live. To get identical results for any number of workers, the
 * dispatcher should call advanceTime with the global capture clock before each packet it hands a worker.
 */
export class FlowTable {
  readonly maxFlows: number;
  readonly seed: number;
  readonly timeouts: FlowTimeouts;
  readonly portHeuristic: boolean;
  readonly stats: FlowTableStats = {
    created: 0,
    active: 0,
    peakActive: 0,
    packets: 0,
    noFlow: 0,
    timedOut: 0,
    evicted: 0,
    shutdown: 0,
    reused: 0,
    emergencyEntered: 0,
  };
  /** Direction of the packet last given to track/trackKey. */
  lastDirection: FlowDirection = FlowDirection.ToServer;
  /** Whether that packet created its flow. */
  lastCreated = false;

  private now = Number.NEGATIVE_INFINITY;
  private cap = 0;
  private keys = new Uint32Array(0);
  private hashes = new Int32Array(0);
  private tcpStates = new Uint8Array(0);
  private infos = new Uint8Array(0);
  private classes = new Uint8Array(0);
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  private pkts = new Float64Array(0);
  private byteCounts = new Float64Array(0);
  private flagsSeen = new Uint16Array(0);
  private firstTs = new Float64Array(0);
  private lastTs = new Float64Array(0);
  private activeAt = new Float64Array(0);
  private slots = new Int32Array(0);
  private slotHashes = new Int32Array(0);
  private mask = 0;
  private freeHead = -1;
  private highWater = 0;
  private readonly classHead = new Int32Array(TIMEOUT_CLASS_COUNT).fill(-1);
  private readonly classTail = new Int32Array(TIMEOUT_CLASS_COUNT).fill(-1);
  private readonly normalTimeouts: Float64Array;
  private readonly emergencyTimeouts: Float64Array;
  private currentTimeouts: Float64Array;
  private emergency = false;
  private readonly recoveryLevel: number;
  private readonly listeners: FlowTableListener[] = [];
  private readonly startListeners: FlowTableListener[] = [];
  private readonly endListeners: FlowTableListener[] = [];
  private readonly packetListeners: FlowTableListener[] = [];
  private readonly timeListeners: FlowTableListener[] = [];
  private readonly scratch = new FlowKey();

  constructor(options: FlowTableOptions = {}) {
    let maxFlows = options.maxFlows ?? DEFAULT_MAX_FLOWS;
    if (options.memcap !== undefined) maxFlows = Math.min(maxFlows, Math.floor(options.memcap / FLOW_TABLE_BYTES_PER_FLOW));
    if (!Number.isInteger(maxFlows) || maxFlows < 1 || maxFlows > 1 << 28) {
      throw new MirrorscopeError('FLOW_BAD_CAP', `flow table cap must allow between 1 and 2^28 flows (got ${maxFlows})`);
    }
    const recovery = options.emergencyRecovery ?? SURICATA_EMERGENCY_RECOVERY;
    if (!(recovery >= 0 && recovery <= 100)) {
      throw new MirrorscopeError('FLOW_BAD_CAP', `flow emergency-recovery must be a percentage (got ${recovery})`);
    }
    this.maxFlows = maxFlows;
    this.seed = options.seed ?? DEFAULT_FLOW_HASH_SEED;
    this.timeouts = resolveFlowTimeouts(options.timeouts);
    this.portHeuristic = options.portHeuristic ?? true;
    this.normalTimeouts = timeoutTableUs(this.timeouts, false);
    this.emergencyTimeouts = timeoutTableUs(this.timeouts, true);
    this.currentTimeouts = this.normalTimeouts;
    this.recoveryLevel = Math.floor((maxFlows * (100 - recovery)) / 100);
    this.resize(Math.min(maxFlows, Math.max(16, options.initialFlows ?? 4096)));
  }

  /** Flow indices are below this; side arrays must be this long. */
  get capacity(): number {
    return this.cap;
  }

  get activeFlows(): number {
    return this.stats.active;
  }

  /** Packet-time clock in microseconds (-Infinity before the first packet). */
  get nowUs(): number {
    return this.now;
  }

  get inEmergency(): boolean {
    return this.emergency;
  }

  addListener(listener: FlowTableListener): void {
    this.listeners.push(listener);
    if (listener.onFlowStart) this.startListeners.push(listener);
    if (listener.onFlowEnd) this.endListeners.push(listener);
    if (listener.onPacket) this.packetListeners.push(listener);
    if (listener.onTimeAdvance) this.timeListeners.push(listener);
    listener.onCapacityChange?.(this.cap);
  }

  /**
   * Tracks one decoded packet captured at `sec` + `usec`: finds or creates its flow and accounts it. Returns the
   * flow index, or -1 when the packet has no IP layer. `lastDirection` tells the packet's direction.
   *
   * Time travels as two integers rather than one microsecond double because V8 boxes a double passed to a call
   * it does not inline: one allocation per packet. Seconds stay unboxed until 2038; later ones still work.
   */
  track(pkt: DecodedPacket, sec: number, usec: number): number {
    if (!extractFlowKey(pkt, this.scratch)) {
      this.stats.noFlow++;
      this.advanceTime(sec, usec);
      return -1;
    }
    return this.trackKey(this.scratch, sec, usec, pkt.ipLength, pkt.ipProto === IPPROTO_TCP ? pkt.tcpFlags : 0);
  }

  /** Tracks a packet given its key: `ipLength` is what the IP header says (it survives truncation). */
  trackKey(key: FlowKey, sec: number, usec: number, ipLength: number, tcpFlags: number): number {
    const tsUs = sec * 1e6 + usec;
    if (tsUs > this.now) this.advanceTime(sec, usec);
    const w = key.words;
    const hash = hashFlowKey(w, this.seed);
    const proto = w[KEY_META]! & 0xff;
    const isTcp = proto === IPPROTO_TCP;
    let f = this.find(w, hash);
    if (f >= 0 && isTcp && this.tcpStates[f] === TcpState.Closed && (tcpFlags & (SYN | ACK | RST)) === SYN) {
      // Port reuse: a fresh SYN on a finished connection starts a new one, as Suricata's TCP reuse handling does.
      this.endFlow(f, FlowEndReason.Reused);
      f = -1;
    }
    this.lastCreated = f < 0;
    if (f < 0) f = this.create(key, hash, proto, tsUs, tcpFlags);

    const srcIsLo = !key.reversed;
    let info = this.infos[f]!;
    const dir: FlowDirection = ((info & LO_IS_CLIENT) !== 0) === srcIsLo ? FlowDirection.ToServer : FlowDirection.ToClient;
    const i2 = 2 * f + dir;
    this.pkts[i2]! += 1;
    this.byteCounts[i2]! += ipLength;
    this.flagsSeen[i2]! |= tcpFlags;
    if (tsUs > this.lastTs[f]!) this.lastTs[f] = tsUs;
    if (tsUs < this.firstTs[f]!) this.firstTs[f] = tsUs;
    this.activeAt[f] = this.now;
    info |= dir === FlowDirection.ToServer ? SEEN_TO_SERVER : SEEN_TO_CLIENT;
    let state: FlowState;
    if (isTcp) {
      const s = this.tcpTransition(f, dir, tcpFlags, info);
      if ((tcpFlags & FIN) !== 0) info |= dir === FlowDirection.ToServer ? FIN_TO_SERVER : FIN_TO_CLIENT;
      this.tcpStates[f] = s;
      state = s === TcpState.Closed ? FlowState.Closed : s >= TcpState.Established ? FlowState.Established : FlowState.New;
    } else {
      state = (info & (SEEN_TO_SERVER | SEEN_TO_CLIENT)) === (SEEN_TO_SERVER | SEEN_TO_CLIENT) ? FlowState.Established : FlowState.New;
    }
    this.infos[f] = info;
    this.touch(f, timeoutGroup(proto) * 3 + state);
    this.stats.packets++;
    this.lastDirection = dir;
    const ls = this.packetListeners;
    for (let i = 0; i < ls.length; i++) ls[i]!.onPacket!(f, dir, sec, usec, ipLength, tcpFlags);
    return f;
  }

  /** The flow index of `key`, or -1; does not create, account or touch anything. */
  lookup(key: FlowKey): number {
    return this.find(key.words, hashFlowKey(key.words, this.seed));
  }

  /**
   * Moves the clock forward to `sec` + `usec` and ends every flow idle past its timeout. Time never goes
   * backwards: an older value is ignored. Cost is proportional to the flows that expire.
   */
  advanceTime(sec: number, usec = 0): void {
    const nowUs = sec * 1e6 + usec;
    if (!(nowUs > this.now)) return;
    this.now = nowUs;
    const ls = this.timeListeners;
    for (let i = 0; i < ls.length; i++) ls[i]!.onTimeAdvance!(sec, usec);
    this.expire();
  }

  /** Ends one flow now (listeners see `reason`). */
  endFlow(flow: number, reason: FlowEndReason): void {
    if (!this.isActive(flow)) return;
    const ls = this.endListeners;
    for (let i = 0; i < ls.length; i++) ls[i]!.onFlowEnd!(flow, reason);
    const s = this.stats;
    if (reason === FlowEndReason.Timeout) s.timedOut++;
    else if (reason === FlowEndReason.Evicted) s.evicted++;
    else if (reason === FlowEndReason.Shutdown) s.shutdown++;
    else s.reused++;
    this.removeFromIndex(flow);
    this.unlink(flow);
    this.infos[flow] = 0;
    this.tcpStates[flow] = 0;
    this.next[flow] = this.freeHead;
    this.freeHead = flow;
    s.active--;
    if (this.emergency && s.active <= this.recoveryLevel) {
      this.emergency = false;
      this.currentTimeouts = this.normalTimeouts;
    }
  }

  /**
   * Ends every flow (reason Shutdown), oldest first (by first packet, then flow id), so the order of end events
   * does not depend on how flow indices were handed out. Returns how many ended.
   */
  flushAll(reason: FlowEndReason = FlowEndReason.Shutdown): number {
    const flows: number[] = [];
    for (let f = 0; f < this.highWater; f++) if ((this.infos[f]! & IN_USE) !== 0) flows.push(f);
    const ids = new Map<number, number>();
    for (const f of flows) ids.set(f, this.flowId(f));
    flows.sort((a, b) => this.firstTs[a]! - this.firstTs[b]! || ids.get(a)! - ids.get(b)!);
    for (const f of flows) this.endFlow(f, reason);
    return flows.length;
  }

  // ---- Per-flow accessors (valid while the flow is active). ----

  isActive(flow: number): boolean {
    return flow >= 0 && flow < this.highWater && (this.infos[flow]! & IN_USE) !== 0;
  }

  packets(flow: number, direction: FlowDirection): number {
    return this.pkts[2 * flow + direction]!;
  }

  bytes(flow: number, direction: FlowDirection): number {
    return this.byteCounts[2 * flow + direction]!;
  }

  /** OR of the raw TCP flag bytes seen in that direction (Suricata's tcp_flags_ts / tcp_flags_tc). */
  tcpFlagsSeen(flow: number, direction: FlowDirection): number {
    return this.flagsSeen[2 * flow + direction]!;
  }

  firstSeenUs(flow: number): number {
    return this.firstTs[flow]!;
  }

  lastSeenUs(flow: number): number {
    return this.lastTs[flow]!;
  }

  tcpState(flow: number): TcpState {
    return this.tcpStates[flow] as TcpState;
  }

  flowState(flow: number): FlowState {
    return (this.classes[flow]! % 3) as FlowState;
  }

  /** Seconds of idle time after which this flow ends, given its current state (and emergency mode). */
  timeoutSeconds(flow: number): number {
    return this.currentTimeouts[this.classes[flow]!]! / 1e6;
  }

  hash(flow: number): number {
    return this.hashes[flow]!;
  }

  /**
   * A flow id for EVE `flow_id`: from the key hash and the first packet's time, so it is the same whichever worker
   * or flow index holds the flow; below 2^53 so it survives JSON.
   */
  flowId(flow: number): number {
    const h = this.hashes[flow]!;
    const t = this.firstTs[flow]!;
    const lo = t % 4294967296;
    const hi = Math.floor(t / 4294967296);
    const id = (mixHash(h ^ hi, lo) & 0x1fffff) * 4294967296 + (mixHash(h + 0x9e3779b9, lo ^ hi) >>> 0);
    return id === 0 ? 1 : id;
  }

  proto(flow: number): number {
    return this.keys[flow * FLOW_KEY_WORDS + KEY_META]! & 0xff;
  }

  ipVersion(flow: number): number {
    return (this.keys[flow * FLOW_KEY_WORDS + KEY_META]! >>> 8) & 0xf;
  }

  mirrorIpVersion(flow: number): number {
    return (this.keys[flow * FLOW_KEY_WORDS + KEY_META]! >>> 12) & 0xf;
  }

  sourceKind(flow: number): MirrorSourceKind {
    return (this.keys[flow * FLOW_KEY_WORDS + KEY_SOURCE]! >>> 24) as MirrorSourceKind;
  }

  /** VXLAN VNI of the mirror session (GENEVE VNI for a GENEVE-only source), -1 for plain frames. */
  vni(flow: number): number {
    const w = this.keys[flow * FLOW_KEY_WORDS + KEY_SOURCE]!;
    return w >>> 24 === MirrorSourceKind.None ? -1 : w & 0xffffff;
  }

  /** The mirror source ENI's primary address (outer source IP of the VXLAN delivery), or null. */
  mirrorSourceAddress(flow: number): string | null {
    const v = this.mirrorIpVersion(flow);
    if (this.sourceKind(flow) !== MirrorSourceKind.Vxlan || v === 0) return null;
    return formatKeyAddress(this.keys, flow * FLOW_KEY_WORDS + KEY_SOURCE_ADDR, v);
  }

  /**
   * Direction of a packet with `key` relative to `flow` (found with `lookup`), without accounting it: for packets
   * inspected twice, such as a datagram reassembled from fragments the table already counted.
   */
  directionOf(flow: number, key: FlowKey): FlowDirection {
    return this.clientIsLo(flow) === !key.reversed ? FlowDirection.ToServer : FlowDirection.ToClient;
  }

  /** True when the key's lo endpoint is the client. */
  clientIsLo(flow: number): boolean {
    return (this.infos[flow]! & LO_IS_CLIENT) !== 0;
  }

  /** Offset in `keyWords` of the client's (or server's) four address words. */
  endpointAddressAt(flow: number, server: boolean): number {
    const lo = this.clientIsLo(flow) !== server;
    return flow * FLOW_KEY_WORDS + (lo ? KEY_LO_ADDR : KEY_HI_ADDR);
  }

  clientAddress(flow: number): string {
    return formatKeyAddress(this.keys, this.endpointAddressAt(flow, false), this.ipVersion(flow));
  }

  serverAddress(flow: number): string {
    return formatKeyAddress(this.keys, this.endpointAddressAt(flow, true), this.ipVersion(flow));
  }

  clientPort(flow: number): number {
    const p = this.keys[flow * FLOW_KEY_WORDS + KEY_PORTS]!;
    return this.clientIsLo(flow) ? p >>> 16 : p & 0xffff;
  }

  serverPort(flow: number): number {
    const p = this.keys[flow * FLOW_KEY_WORDS + KEY_PORTS]!;
    return this.clientIsLo(flow) ? p & 0xffff : p >>> 16;
  }

  /** The key words of every flow (flow f at f * FLOW_KEY_WORDS). Replaced when capacity grows: do not keep it. */
  get keyWords(): Uint32Array {
    return this.keys;
  }

  /** Bytes held by the table's typed arrays. */
  memoryBytes(): number {
    const arrays = [
      this.keys, this.hashes, this.tcpStates, this.infos, this.classes, this.prev, this.next, this.pkts,
      this.byteCounts, this.flagsSeen, this.firstTs, this.lastTs, this.activeAt, this.slots, this.slotHashes,
    ];
    return arrays.reduce((n, a) => n + a.byteLength, 0);
  }

  // ---- Internals. ----

  private tcpTransition(f: number, dir: FlowDirection, flags: number, info: number): TcpState {
    let s = this.tcpStates[f] as TcpState;
    if (s === TcpState.Closed) return s;
    if ((flags & RST) !== 0) return TcpState.Closed;
    const syn = (flags & SYN) !== 0;
    const ack = (flags & ACK) !== 0;
    if (s === TcpState.None) {
      if (syn) s = ack ? TcpState.SynReceived : TcpState.SynSent;
    } else if (s === TcpState.SynSent) {
      if (syn && ack && dir === FlowDirection.ToClient) s = TcpState.SynReceived;
      // The client's ACK with no SYN-ACK seen: a one-sided mirror (filter without the other direction).
      else if (!syn && ack && dir === FlowDirection.ToServer) s = TcpState.Established;
    } else if (s === TcpState.SynReceived) {
      if (!syn && ack && dir === FlowDirection.ToServer) s = TcpState.Established;
    }
    // Picked up mid-connection (no SYN seen) and both sides talking: treat as established, as a mirror often must.
    if (s === TcpState.None && (info & (SEEN_TO_SERVER | SEEN_TO_CLIENT)) === (SEEN_TO_SERVER | SEEN_TO_CLIENT)) {
      s = TcpState.Established;
    }
    if ((flags & FIN) !== 0 || (info & (FIN_TO_SERVER | FIN_TO_CLIENT)) !== 0) {
      const fins = info | ((flags & FIN) !== 0 ? (dir === FlowDirection.ToServer ? FIN_TO_SERVER : FIN_TO_CLIENT) : 0);
      if ((fins & (FIN_TO_SERVER | FIN_TO_CLIENT)) === (FIN_TO_SERVER | FIN_TO_CLIENT)) s = TcpState.Closed;
      else if (s === TcpState.Established || s === TcpState.None) s = TcpState.FinWait;
    }
    return s;
  }

  private find(w: Uint32Array, hash: number): number {
    const slots = this.slots;
    const slotHashes = this.slotHashes;
    const keys = this.keys;
    const mask = this.mask;
    let pos = hash & mask;
    for (;;) {
      const s = slots[pos]!;
      if (s === 0) return -1;
      if (slotHashes[pos] === hash) {
        const base = (s - 1) * FLOW_KEY_WORDS;
        let i = 0;
        while (i < FLOW_KEY_WORDS && keys[base + i] === w[i]) i++;
        if (i === FLOW_KEY_WORDS) return s - 1;
      }
      pos = (pos + 1) & mask;
    }
  }

  private create(key: FlowKey, hash: number, proto: number, tsUs: number, tcpFlags: number): number {
    let f = this.allocate();
    if (f < 0) {
      if (!this.emergency) {
        this.emergency = true;
        this.currentTimeouts = this.emergencyTimeouts;
        this.stats.emergencyEntered++;
        this.expire();
      }
      f = this.allocate();
      if (f < 0) {
        this.evictOldest();
        f = this.allocate();
      }
    }
    const base = f * FLOW_KEY_WORDS;
    this.keys.set(key.words, base);
    this.hashes[f] = hash;
    // The first packet's source is the client, unless the packet looks like a reply.
    let clientIsSrc = true;
    if (proto === IPPROTO_TCP && (tcpFlags & (SYN | ACK)) === (SYN | ACK)) clientIsSrc = false;
    else if (
      this.portHeuristic &&
      (proto === IPPROTO_UDP || (proto === IPPROTO_TCP && (tcpFlags & SYN) === 0)) &&
      key.srcPort < 1024 &&
      key.dstPort >= 1024
    ) {
      clientIsSrc = false;
    }
    this.infos[f] = IN_USE | (clientIsSrc === !key.reversed ? LO_IS_CLIENT : 0);
    this.tcpStates[f] = TcpState.None;
    this.pkts[2 * f] = 0;
    this.pkts[2 * f + 1] = 0;
    this.byteCounts[2 * f] = 0;
    this.byteCounts[2 * f + 1] = 0;
    this.flagsSeen[2 * f] = 0;
    this.flagsSeen[2 * f + 1] = 0;
    this.firstTs[f] = tsUs;
    this.lastTs[f] = tsUs;
    this.activeAt[f] = this.now;
    this.insertIndex(f, hash);
    this.linkTail(f, timeoutGroup(proto) * 3 + FlowState.New);
    const s = this.stats;
    s.created++;
    s.active++;
    if (s.active > s.peakActive) s.peakActive = s.active;
    const ls = this.startListeners;
    for (let i = 0; i < ls.length; i++) ls[i]!.onFlowStart!(f);
    return f;
  }

  private allocate(): number {
    if (this.freeHead >= 0) {
      const f = this.freeHead;
      this.freeHead = this.next[f]!;
      return f;
    }
    if (this.highWater < this.cap) return this.highWater++;
    if (this.cap < this.maxFlows) {
      this.resize(Math.min(this.maxFlows, this.cap * 2));
      return this.highWater++;
    }
    return -1;
  }

  private expire(): void {
    const t = this.currentTimeouts;
    const now = this.now;
    for (let c = 0; c < TIMEOUT_CLASS_COUNT; c++) {
      const limit = t[c]!;
      let f = this.classHead[c]!;
      while (f >= 0 && this.activeAt[f]! + limit < now) {
        this.endFlow(f, FlowEndReason.Timeout);
        f = this.classHead[c]!;
      }
    }
  }

  private evictOldest(): void {
    let best = -1;
    for (let c = 0; c < TIMEOUT_CLASS_COUNT; c++) {
      const f = this.classHead[c]!;
      if (f >= 0 && (best < 0 || this.activeAt[f]! < this.activeAt[best]!)) best = f;
    }
    if (best >= 0) this.endFlow(best, FlowEndReason.Evicted);
  }

  private linkTail(f: number, c: number): void {
    const tail = this.classTail[c]!;
    this.classes[f] = c;
    this.prev[f] = tail;
    this.next[f] = -1;
    if (tail >= 0) this.next[tail] = f;
    else this.classHead[c] = f;
    this.classTail[c] = f;
  }

  private unlink(f: number): void {
    const c = this.classes[f]!;
    const p = this.prev[f]!;
    const n = this.next[f]!;
    if (p >= 0) this.next[p] = n;
    else this.classHead[c] = n;
    if (n >= 0) this.prev[n] = p;
    else this.classTail[c] = p;
  }

  /** Moves the flow to the tail of class `c` (most recently active), unless it is already there. */
  private touch(f: number, c: number): void {
    if (this.classes[f] === c && this.classTail[c] === f) return;
    this.unlink(f);
    this.linkTail(f, c);
  }

  private insertIndex(f: number, hash: number): void {
    const mask = this.mask;
    let pos = hash & mask;
    while (this.slots[pos] !== 0) pos = (pos + 1) & mask;
    this.slots[pos] = f + 1;
    this.slotHashes[pos] = hash;
  }

  private removeFromIndex(f: number): void {
    const slots = this.slots;
    const slotHashes = this.slotHashes;
    const mask = this.mask;
    let pos = this.hashes[f]! & mask;
    while (slots[pos] !== f + 1) pos = (pos + 1) & mask;
    // Backward shift: pull later entries of the probe run into the hole so lookups never need tombstones.
    for (;;) {
      slots[pos] = 0;
      let next = (pos + 1) & mask;
      for (;;) {
        if (slots[next] === 0) return;
        const home = slotHashes[next]! & mask;
        if (((next - home) & mask) >= ((next - pos) & mask)) break;
        next = (next + 1) & mask;
      }
      slots[pos] = slots[next]!;
      slotHashes[pos] = slotHashes[next]!;
      pos = next;
    }
  }

  private resize(capacity: number): void {
    const old = this.cap;
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(a: T, make: (n: number) => T, per: number): T => {
      const b = make(capacity * per);
      b.set(a.subarray(0, old * per) as never);
      return b;
    };
    this.keys = grow(this.keys, (n) => new Uint32Array(n), FLOW_KEY_WORDS);
    this.hashes = grow(this.hashes, (n) => new Int32Array(n), 1);
    this.tcpStates = grow(this.tcpStates, (n) => new Uint8Array(n), 1);
    this.infos = grow(this.infos, (n) => new Uint8Array(n), 1);
    this.classes = grow(this.classes, (n) => new Uint8Array(n), 1);
    this.prev = grow(this.prev, (n) => new Int32Array(n), 1);
    this.next = grow(this.next, (n) => new Int32Array(n), 1);
    this.pkts = grow(this.pkts, (n) => new Float64Array(n), 2);
    this.byteCounts = grow(this.byteCounts, (n) => new Float64Array(n), 2);
    this.flagsSeen = grow(this.flagsSeen, (n) => new Uint16Array(n), 2);
    this.firstTs = grow(this.firstTs, (n) => new Float64Array(n), 1);
    this.lastTs = grow(this.lastTs, (n) => new Float64Array(n), 1);
    this.activeAt = grow(this.activeAt, (n) => new Float64Array(n), 1);
    this.cap = capacity;
    const size = ceilPow2(capacity * 2);
    this.slots = new Int32Array(size);
    this.slotHashes = new Int32Array(size);
    this.mask = size - 1;
    for (let f = 0; f < this.highWater; f++) if ((this.infos[f]! & IN_USE) !== 0) this.insertIndex(f, this.hashes[f]!);
    for (const l of this.listeners) l.onCapacityChange?.(capacity);
  }
}
