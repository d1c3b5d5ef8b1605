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

/*
 * Per-flow storage is one 128-byte record per flow in a single ArrayBuffer, so a packet of a random flow among
 * tens of thousands touches two cache lines of it instead of one line per field array:
 *
 *   line 1 (bytes 0..63)    key words 0..14, hash                 what `find` compares
 *   line 2 (bytes 64..127)  prev, next, packets[2], bytes[2],     everything a packet updates, and the links the
 *                           last packet, last active, raw TCP     timeout lists rewrite
 *                           flags[2], tcp state, info, class
 *
 * The first-packet time (only read per packet when packets arrive out of order) lives in a cold Float64 section
 * after the records, where it costs 8 bytes rather than a third line per record.
 */
const RECORD_BYTES = 128;
const RECORD_WORDS = RECORD_BYTES / 4;
const RECORD_F64 = RECORD_BYTES / 8;
const RECORD_U16 = RECORD_BYTES / 2;
// In 32-bit words (Uint32Array / Int32Array views).
const R_HASH = 15;
const R_PREV = 16;
const R_NEXT = 17;
// In float64s.
const R_PKTS = 9; // + direction
const R_BYTES = 11; // + direction
const R_LAST = 13;
const R_ACTIVE = 14;
// In uint16s.
const R_FLAGS = 60; // + direction
// In bytes.
const R_TCP = 124;
const R_INFO = 125;
const R_CLASS = 126;
/**
 * Where record 0 starts in the buffer. Large ArrayBuffers come from glibc's mmap path at a page start + 16, so this
 * slack puts every record on a 64-byte line there; elsewhere a record may straddle a third line (slower, not wrong).
 */
const RECORD_BASE = 48;

if (FLOW_KEY_WORDS > R_HASH) throw new Error('flow key no longer fits the first cache line of a flow record');

/** Bytes per flow slot: its record, its first-packet time, and two hash-index entries (slot + hash each). */
export const FLOW_TABLE_BYTES_PER_FLOW = RECORD_BYTES + 8 + 16;

export const DEFAULT_MAX_FLOWS = 1 << 20;

// Bits of a record's info byte.
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
  // Views of the record buffer, all starting at record 0 (see RECORD_BYTES).
  private buffer = new ArrayBuffer(0);
  private u32 = new Uint32Array(0);
  private i32 = new Int32Array(0);
  private f64 = new Float64Array(0);
  private u16 = new Uint16Array(0);
  private u8 = new Uint8Array(0);
  private firstTs = new Float64Array(0);
  /** Hash index: entry i is (flow + 1 or 0 when empty, hash) at 2i, 2i + 1, so a probe reads one cache line. */
  private index = new Int32Array(0);
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
    if (f >= 0 && isTcp && this.u8[f * RECORD_BYTES + R_TCP] === TcpState.Closed && (tcpFlags & (SYN | ACK | RST)) === SYN) {
      // Port reuse: a fresh SYN on a finished connection starts a new one, as Suricata's TCP reuse handling does.
      this.endFlow(f, FlowEndReason.Reused);
      f = -1;
    }
    this.lastCreated = f < 0;
    if (f < 0) f = this.create(key, hash, proto, tsUs, tcpFlags);

    // Read the views only now: create may have grown the buffer.
    const u8 = this.u8;
    const f64 = this.f64;
    const b = f * RECORD_BYTES;
    const d = f * RECORD_F64;
    const srcIsLo = !key.reversed;
    let info = u8[b + R_INFO]!;
    const dir: FlowDirection = ((info & LO_IS_CLIENT) !== 0) === srcIsLo ? FlowDirection.ToServer : FlowDirection.ToClient;
    f64[d + R_PKTS + dir]! += 1;
    f64[d + R_BYTES + dir]! += ipLength;
    this.u16[f * RECORD_U16 + R_FLAGS + dir]! |= tcpFlags;
    // The first time is <= the last, so only a packet older than the last can be older than the first: in-order
    // packets never read the cold section.
    const last = f64[d + R_LAST]!;
    if (tsUs > last) f64[d + R_LAST] = tsUs;
    else if (tsUs < last && tsUs < this.firstTs[f]!) this.firstTs[f] = tsUs;
    f64[d + R_ACTIVE] = this.now;
    info |= dir === FlowDirection.ToServer ? SEEN_TO_SERVER : SEEN_TO_CLIENT;
    let state: FlowState;
    if (isTcp) {
      const s = this.tcpTransition(u8[b + R_TCP] as TcpState, dir, tcpFlags, info);
      if ((tcpFlags & FIN) !== 0) info |= dir === FlowDirection.ToServer ? FIN_TO_SERVER : FIN_TO_CLIENT;
      u8[b + R_TCP] = s;
      state = s === TcpState.Closed ? FlowState.Closed : s >= TcpState.Established ? FlowState.Established : FlowState.New;
    } else {
      state = (info & (SEEN_TO_SERVER | SEEN_TO_CLIENT)) === (SEEN_TO_SERVER | SEEN_TO_CLIENT) ? FlowState.Established : FlowState.New;
    }
    u8[b + R_INFO] = info;
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
    this.u8[flow * RECORD_BYTES + R_INFO] = 0;
    this.u8[flow * RECORD_BYTES + R_TCP] = 0;
    this.i32[flow * RECORD_WORDS + R_NEXT] = this.freeHead;
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
    for (let f = 0; f < this.highWater; f++) if (this.inUse(f)) flows.push(f);
    const ids = new Map<number, number>();
    for (const f of flows) ids.set(f, this.flowId(f));
    flows.sort((a, b) => this.firstTs[a]! - this.firstTs[b]! || ids.get(a)! - ids.get(b)!);
    for (const f of flows) this.endFlow(f, reason);
    return flows.length;
  }

  // ---- Per-flow accessors (valid while the flow is active). ----

  isActive(flow: number): boolean {
    return flow >= 0 && flow < this.highWater && this.inUse(flow);
  }

  packets(flow: number, direction: FlowDirection): number {
    return this.f64[flow * RECORD_F64 + R_PKTS + direction]!;
  }

  bytes(flow: number, direction: FlowDirection): number {
    return this.f64[flow * RECORD_F64 + R_BYTES + direction]!;
  }

  /** OR of the raw TCP flag bytes seen in that direction (Suricata's tcp_flags_ts / tcp_flags_tc). */
  tcpFlagsSeen(flow: number, direction: FlowDirection): number {
    return this.u16[flow * RECORD_U16 + R_FLAGS + direction]!;
  }

  firstSeenUs(flow: number): number {
    return this.firstTs[flow]!;
  }

  lastSeenUs(flow: number): number {
    return this.f64[flow * RECORD_F64 + R_LAST]!;
  }

  tcpState(flow: number): TcpState {
    return this.u8[flow * RECORD_BYTES + R_TCP] as TcpState;
  }

  flowState(flow: number): FlowState {
    return (this.u8[flow * RECORD_BYTES + R_CLASS]! % 3) as FlowState;
  }

  /** Seconds of idle time after which this flow ends, given its current state (and emergency mode). */
  timeoutSeconds(flow: number): number {
    return this.currentTimeouts[this.u8[flow * RECORD_BYTES + R_CLASS]!]! / 1e6;
  }

  hash(flow: number): number {
    return this.i32[flow * RECORD_WORDS + R_HASH]!;
  }

  /**
   * A flow id for EVE `flow_id`: from the key hash and the first packet's time, so it is the same whichever worker
   * or flow index holds the flow; below 2^53 so it survives JSON.
   */
  flowId(flow: number): number {
    const h = this.i32[flow * RECORD_WORDS + R_HASH]!;
    const t = this.firstTs[flow]!;
    const lo = t % 4294967296;
    const hi = Math.floor(t / 4294967296);
    const id = (mixHash(h ^ hi, lo) & 0x1fffff) * 4294967296 + (mixHash(h + 0x9e3779b9, lo ^ hi) >>> 0);
    return id === 0 ? 1 : id;
  }

  proto(flow: number): number {
    return this.u32[flow * RECORD_WORDS + KEY_META]! & 0xff;
  }

  ipVersion(flow: number): number {
    return (this.u32[flow * RECORD_WORDS + KEY_META]! >>> 8) & 0xf;
  }

  mirrorIpVersion(flow: number): number {
    return (this.u32[flow * RECORD_WORDS + KEY_META]! >>> 12) & 0xf;
  }

  sourceKind(flow: number): MirrorSourceKind {
    return (this.u32[flow * RECORD_WORDS + KEY_SOURCE]! >>> 24) as MirrorSourceKind;
  }

  /** VXLAN VNI of the mirror session (GENEVE VNI for a GENEVE-only source), -1 for plain frames. */
  vni(flow: number): number {
    const w = this.u32[flow * RECORD_WORDS + KEY_SOURCE]!;
    return w >>> 24 === MirrorSourceKind.None ? -1 : w & 0xffffff;
  }

  /** The mirror source ENI's primary address (outer source IP of the VXLAN delivery), or null. */
  mirrorSourceAddress(flow: number): string | null {
    const v = this.mirrorIpVersion(flow);
    if (this.sourceKind(flow) !== MirrorSourceKind.Vxlan || v === 0) return null;
    return formatKeyAddress(this.u32, flow * RECORD_WORDS + KEY_SOURCE_ADDR, v);
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
    return (this.u8[flow * RECORD_BYTES + R_INFO]! & LO_IS_CLIENT) !== 0;
  }

  /** Offset in `keyWords` of the client's (or server's) four address words. */
  endpointAddressAt(flow: number, server: boolean): number {
    const lo = this.clientIsLo(flow) !== server;
    return flow * RECORD_WORDS + (lo ? KEY_LO_ADDR : KEY_HI_ADDR);
  }

  clientAddress(flow: number): string {
    return formatKeyAddress(this.u32, this.endpointAddressAt(flow, false), this.ipVersion(flow));
  }

  serverAddress(flow: number): string {
    return formatKeyAddress(this.u32, this.endpointAddressAt(flow, true), this.ipVersion(flow));
  }

  clientPort(flow: number): number {
    const p = this.u32[flow * RECORD_WORDS + KEY_PORTS]!;
    return this.clientIsLo(flow) ? p >>> 16 : p & 0xffff;
  }

  serverPort(flow: number): number {
    const p = this.u32[flow * RECORD_WORDS + KEY_PORTS]!;
    return this.clientIsLo(flow) ? p & 0xffff : p >>> 16;
  }

  /**
   * The key words of every flow (flow f's FLOW_KEY_WORDS words at `keyOffset(f)`; other words in between are not
   * key). Replaced when capacity grows: do not keep it.
   */
  get keyWords(): Uint32Array {
    return this.u32;
  }

  /** Offset in `keyWords` of the flow's key (add KEY_* word indices). */
  keyOffset(flow: number): number {
    return flow * RECORD_WORDS;
  }

  /** Bytes held by the table's buffers. */
  memoryBytes(): number {
    return this.buffer.byteLength + this.index.byteLength;
  }

  // ---- Internals. ----

  private tcpTransition(s: TcpState, dir: FlowDirection, flags: number, info: number): TcpState {
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
    const index = this.index;
    const keys = this.u32;
    const mask = this.mask;
    let pos = hash & mask;
    for (;;) {
      const s = index[2 * pos]!;
      if (s === 0) return -1;
      if (index[2 * pos + 1] === hash) {
        const base = (s - 1) * RECORD_WORDS;
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
    this.u32.set(key.words, f * RECORD_WORDS);
    this.i32[f * RECORD_WORDS + R_HASH] = hash;
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
    const b = f * RECORD_BYTES;
    const d = f * RECORD_F64;
    const f64 = this.f64;
    this.u8[b + R_INFO] = IN_USE | (clientIsSrc === !key.reversed ? LO_IS_CLIENT : 0);
    this.u8[b + R_TCP] = TcpState.None;
    f64[d + R_PKTS] = 0;
    f64[d + R_PKTS + 1] = 0;
    f64[d + R_BYTES] = 0;
    f64[d + R_BYTES + 1] = 0;
    this.u16[f * RECORD_U16 + R_FLAGS] = 0;
    this.u16[f * RECORD_U16 + R_FLAGS + 1] = 0;
    this.firstTs[f] = tsUs;
    f64[d + R_LAST] = tsUs;
    f64[d + R_ACTIVE] = this.now;
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
      this.freeHead = this.i32[f * RECORD_WORDS + R_NEXT]!;
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
      while (f >= 0 && this.activeAt(f) + limit < now) {
        this.endFlow(f, FlowEndReason.Timeout);
        f = this.classHead[c]!;
      }
    }
  }

  private evictOldest(): void {
    let best = -1;
    for (let c = 0; c < TIMEOUT_CLASS_COUNT; c++) {
      const f = this.classHead[c]!;
      if (f >= 0 && (best < 0 || this.activeAt(f) < this.activeAt(best))) best = f;
    }
    if (best >= 0) this.endFlow(best, FlowEndReason.Evicted);
  }

  private inUse(f: number): boolean {
    return (this.u8[f * RECORD_BYTES + R_INFO]! & IN_USE) !== 0;
  }

  private activeAt(f: number): number {
    return this.f64[f * RECORD_F64 + R_ACTIVE]!;
  }

  private linkTail(f: number, c: number): void {
    const i32 = this.i32;
    const tail = this.classTail[c]!;
    this.u8[f * RECORD_BYTES + R_CLASS] = c;
    i32[f * RECORD_WORDS + R_PREV] = tail;
    i32[f * RECORD_WORDS + R_NEXT] = -1;
    if (tail >= 0) i32[tail * RECORD_WORDS + R_NEXT] = f;
    else this.classHead[c] = f;
    this.classTail[c] = f;
  }

  private unlink(f: number): void {
    const i32 = this.i32;
    const c = this.u8[f * RECORD_BYTES + R_CLASS]!;
    const p = i32[f * RECORD_WORDS + R_PREV]!;
    const n = i32[f * RECORD_WORDS + R_NEXT]!;
    if (p >= 0) i32[p * RECORD_WORDS + R_NEXT] = n;
    else this.classHead[c] = n;
    if (n >= 0) i32[n * RECORD_WORDS + R_PREV] = p;
    else this.classTail[c] = p;
  }

  /** Moves the flow to the tail of class `c` (most recently active), unless it is already there. */
  private touch(f: number, c: number): void {
    if (this.u8[f * RECORD_BYTES + R_CLASS] === c && this.classTail[c] === f) return;
    this.unlink(f);
    this.linkTail(f, c);
  }

  private insertIndex(f: number, hash: number): void {
    const index = this.index;
    const mask = this.mask;
    let pos = hash & mask;
    while (index[2 * pos] !== 0) pos = (pos + 1) & mask;
    index[2 * pos] = f + 1;
    index[2 * pos + 1] = hash;
  }

  private removeFromIndex(f: number): void {
    const index = this.index;
    const mask = this.mask;
    let pos = this.i32[f * RECORD_WORDS + R_HASH]! & mask;
    while (index[2 * pos] !== f + 1) pos = (pos + 1) & mask;
    // Backward shift: pull later entries of the probe run into the hole so lookups never need tombstones.
    for (;;) {
      index[2 * pos] = 0;
      let next = (pos + 1) & mask;
      for (;;) {
        if (index[2 * next] === 0) return;
        const home = index[2 * next + 1]! & mask;
        if (((next - home) & mask) >= ((next - pos) & mask)) break;
        next = (next + 1) & mask;
      }
      index[2 * pos] = index[2 * next]!;
      index[2 * pos + 1] = index[2 * next + 1]!;
      pos = next;
    }
  }

  private resize(capacity: number): void {
    const old = this.cap;
    const recordBytes = capacity * RECORD_BYTES;
    const buffer = new ArrayBuffer(RECORD_BASE + recordBytes + capacity * 8);
    new Uint8Array(buffer, RECORD_BASE, old * RECORD_BYTES).set(this.u8.subarray(0, old * RECORD_BYTES));
    const firstTs = new Float64Array(buffer, RECORD_BASE + recordBytes, capacity);
    firstTs.set(this.firstTs);
    this.buffer = buffer;
    this.u32 = new Uint32Array(buffer, RECORD_BASE, recordBytes / 4);
    this.i32 = new Int32Array(buffer, RECORD_BASE, recordBytes / 4);
    this.f64 = new Float64Array(buffer, RECORD_BASE, recordBytes / 8);
    this.u16 = new Uint16Array(buffer, RECORD_BASE, recordBytes / 2);
    this.u8 = new Uint8Array(buffer, RECORD_BASE, recordBytes);
    this.firstTs = firstTs;
    this.cap = capacity;
    const size = ceilPow2(capacity * 2);
    this.index = new Int32Array(2 * size);
    this.mask = size - 1;
    for (let f = 0; f < this.highWater; f++) if (this.inUse(f)) this.insertIndex(f, this.i32[f * RECORD_WORDS + R_HASH]!);
    for (const l of this.listeners) l.onCapacityChange?.(capacity);
  }
}
