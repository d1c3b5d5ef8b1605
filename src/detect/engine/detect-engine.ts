/**
 * The detection engine: signatures grouped the way Suricata groups them, a prefilter per group, and the entry
 * points the pipeline calls. Built once per rule set and per worker; a reload builds a new engine and swaps it in
 * (pass the old one as `previous` so flowbit indexes keep their meaning for live flows).
 *
 * Grouping. Packet rules (no app-layer buffer) are grouped by IP protocol class (tcp, udp, icmp, other; `ip`
 * rules join every class), by flow direction (to_server, to_client, no flow) and, for tcp/udp, by the service port:
 * the destination port for to_server packets and the source port for to_client ones, as Suricata does. The ports
 * used by the most rules get their own group (Suricata's toserver-groups/toclient-groups); every other port shares
 * one group. Transaction rules are grouped by app-layer protocol and direction. Each group has one Aho-Corasick
 * matcher per buffer kind (buffer plus transforms) holding its members' fast patterns; members without a fast
 * pattern are evaluated for every packet of the group.
 *
 * TCP payload. As in Suricata 7, a TCP rule with payload content inspects the reassembled stream when this packet
 * brought stream data (`ctx.stream`), and falls back to the packet payload only when the stream did not match and
 * the packet was not added to the stream (or the rule needs packets: dsize, `flow:no_stream`, `tcp-pkt`). A
 * `tcp-stream` / `flow:only_stream` rule never looks at packet payloads. So a rule alerts at most once per packet,
 * whether the match was in the stream or the packet.
 */
import { MatchSink } from '../prefilter/index.js';
import { AppProto } from '../rule/app-proto.js';
import { BufferId } from '../rule/buffer-registry.js';
import type { Signature } from '../rule/signature.js';
import type { Alert, AlertSink, AlertSource } from './alert.js';
import type { AlertGate } from './thresholds.js';
import { CandidateSet } from './candidate-set.js';
import { compileSignature, type CompiledSignature } from './compiled-signature.js';
import { ContentInspector, type CompiledList } from './content-inspection.js';
import { FlowbitNames, FlowbitSet, applyFlowbitActions, flowbitConditionsHold } from './flowbits.js';
import { applyFlowintActions, flowintConditionsHold } from './flowints.js';
import { packetHeaderView } from './packet-header-buffer.js';
import {
  FlowDirection,
  type BufferProvider,
  type BufferView,
  type InspectionContext,
  type PacketFields,
  type StreamWindow,
  type TxDetectState,
} from './inspection-context.js';
import { appProtoMatches, flowFlagsMatch, headerMatches, packetChecksMatch, protoMatches } from './packet-checks.js';
import { GroupBuilder, type SigGroup } from './sig-group.js';
import { orderSignatures } from './signature-order.js';
import { StreamHitMemory } from './stream-hit-memory.js';
import { TransformScratch } from './transforms.js';

export interface DetectEngineOptions {
  /** false evaluates every rule of a group on every packet (tests compare against it). Default true. */
  readonly prefilter?: boolean;
  /** Ports with their own group per protocol and direction (Suricata's "medium" profile uses 25). Default 25. */
  readonly portGroups?: number;
  /** Dense-table budget per Aho-Corasick matcher. Default 256 KiB (many groups, each with its own matcher). */
  readonly denseBytesPerMatcher?: number;
  /** The engine being replaced: its flowbit name registry is carried over. */
  readonly previous?: DetectEngine;
}

export interface DetectEngineStats {
  /** inspectPacket calls. */
  packets: number;
  /** Rules fully evaluated by inspectPacket (after the prefilter). */
  packetRulesEvaluated: number;
  streamChunks: number;
  streamRulesEvaluated: number;
  transactions: number;
  txRulesEvaluated: number;
  alerts: number;
}

export interface DetectEngineInfo {
  readonly signatures: number;
  readonly packetSignatures: number;
  readonly txSignatures: number;
  readonly groups: number;
  readonly matchers: number;
  readonly prefilterBytes: number;
  readonly alwaysEvaluated: number;
  readonly buildMs: number;
}

const PROTO_TCP = 0;
const PROTO_UDP = 1;
const PROTO_ICMP = 2;
const PROTO_OTHER = 3;
const DIRS = 3;

interface PortGroups {
  /** port -> index into groups, -1 for the shared group; null when the protocol has no ports. */
  readonly map: Int16Array | null;
  readonly groups: readonly SigGroup[];
  readonly shared: SigGroup;
}

function protoClass(ipProto: number): number {
  switch (ipProto) {
    case 6:
      return PROTO_TCP;
    case 17:
      return PROTO_UDP;
    case 1:
    case 58:
      return PROTO_ICMP;
    default:
      return PROTO_OTHER;
  }
}

function appIndex(name: string): number {
  switch (name) {
    case 'http':
    case 'http1':
      return AppProto.Http;
    case 'tls':
      return AppProto.Tls;
    case 'dns':
      return AppProto.Dns;
    default:
      return AppProto.Unknown;
  }
}

/** Port ranges of a rule small enough to name single ports; null for large sets and `any`. */
function smallPortSet(ranges: Uint32Array, any: boolean, limit: number): number[] | null {
  if (any) return null;
  let n = 0;
  for (let i = 0; i < ranges.length; i += 2) n += ranges[i + 1]! - ranges[i]! + 1;
  if (n > limit) return null;
  const out: number[] = [];
  for (let i = 0; i < ranges.length; i += 2) for (let p = ranges[i]!; p <= ranges[i + 1]!; p++) out.push(p);
  return out;
}

let generations = 0;

export class DetectEngine {
  readonly signatures: readonly CompiledSignature[];
  readonly flowbitNames: FlowbitNames;
  readonly generation: number;
  readonly info: DetectEngineInfo;
  readonly stats: DetectEngineStats = {
    packets: 0,
    packetRulesEvaluated: 0,
    streamChunks: 0,
    streamRulesEvaluated: 0,
    transactions: 0,
    txRulesEvaluated: 0,
    alerts: 0,
  };
  /** The candidates of the last inspection (ids are internal orders), for tests and explain output. */
  readonly candidates: CandidateSet;

  private readonly packetGroups: PortGroups[][];
  private readonly appGroups: SigGroup[][];
  private readonly sink = new MatchSink();
  private readonly inspector = new ContentInspector();
  private readonly transforms = new TransformScratch();
  private readonly fallbackView: BufferView = { bytes: new Uint8Array(0), start: 0, end: 0 };
  private passSeen = false;

  private constructor(
    signatures: CompiledSignature[],
    names: FlowbitNames,
    packetGroups: PortGroups[][],
    appGroups: SigGroup[][],
    info: DetectEngineInfo,
  ) {
    this.signatures = signatures;
    this.flowbitNames = names;
    this.packetGroups = packetGroups;
    this.appGroups = appGroups;
    this.info = info;
    this.generation = ++generations;
    this.candidates = new CandidateSet(signatures.length);
    this.sink.ensureCapacity(Math.max(0, signatures.length - 1));
    let vars = 0;
    for (const cs of signatures) vars = Math.max(vars, cs.sig.byteVars.length);
    this.inspector.prepareVars(vars);
  }

  static build(sigs: readonly Signature[], options: DetectEngineOptions = {}): DetectEngine {
    const t0 = performance.now();
    const names = options.previous?.flowbitNames ?? new FlowbitNames();
    const ordered = orderSignatures(sigs);
    const compiled = ordered.map((s, i) => compileSignature(s, i, names));
    const builder = new GroupBuilder({
      prefilter: options.prefilter ?? true,
      denseBytes: options.denseBytesPerMatcher ?? 256 * 1024,
    });
    const topPorts = options.portGroups ?? 25;

    const packetSigs = compiled.filter((c) => !c.isApp);
    const packetGroups: PortGroups[][] = [];
    for (let pc = 0; pc < 4; pc++) {
      const row: PortGroups[] = [];
      for (let dir = 0; dir < DIRS; dir++) {
        const members = packetSigs.filter((cs) => cs.directions.includes(dir as FlowDirection) && inProtoClass(cs, pc));
        row.push(buildPortGroups(builder, members, pc, dir, topPorts));
      }
      packetGroups.push(row);
    }

    const txSigs = compiled.filter((c) => c.isApp);
    const appGroups: SigGroup[][] = [];
    for (let app = 0; app <= AppProto.Dns; app++) {
      const row: SigGroup[] = [];
      for (let dir = 0; dir < DIRS; dir++) {
        row.push(
          builder.build(
            txSigs.filter(
              (cs) =>
                cs.directions.includes(dir as FlowDirection) &&
                (cs.sig.appProto === app || cs.sig.appProto === AppProto.Unknown),
            ),
          ),
        );
      }
      appGroups.push(row);
    }

    const info: DetectEngineInfo = {
      signatures: compiled.length,
      packetSignatures: packetSigs.length,
      txSignatures: txSigs.length,
      groups: builder.groups,
      matchers: builder.matchers,
      prefilterBytes: builder.memoryBytes,
      alwaysEvaluated: compiled.filter((c) => c.fpKey === null).length,
      buildMs: performance.now() - t0,
    };
    return new DetectEngine(compiled, names, packetGroups, appGroups, info);
  }

  /** A flowbit set for a new flow. */
  newFlowbits(): FlowbitSet {
    return new FlowbitSet(Math.max(32, this.flowbitNames.size));
  }

  /** Per-transaction state for inspectAppLayer. */
  newTxState(): TxDetectState {
    return { generation: this.generation, done: null };
  }

  /** The group a packet with these fields would use (tests, explain output). */
  packetGroupFor(ipProto: number, direction: FlowDirection, srcPort: number, dstPort: number): SigGroup {
    const pg = this.packetGroups[protoClass(ipProto)]![direction]!;
    if (pg.map === null) return pg.shared;
    const idx = pg.map[direction === FlowDirection.ToClient ? srcPort : dstPort]!;
    return idx >= 0 ? pg.groups[idx]! : pg.shared;
  }

  /**
   * Packet rules on one packet (and on `ctx.stream`, the reassembled data this packet made ready, for TCP).
   * Clears `out` and appends alerts in Suricata's order.
   */
  inspectPacket(ctx: InspectionContext, out: AlertSink): void {
    out.clear();
    this.stats.packets++;
    if (ctx.flow !== null && ctx.flow.passed) return;
    const p = ctx.packet;
    const group = this.packetGroupFor(p.ipProto, ctx.direction, p.srcPort, p.dstPort);
    const cands = this.candidates;
    cands.reset();
    cands.addAll(group.always, group.always.length);
    if (group.byAddress !== null) group.byAddress.collect(p, cands);
    const tcp = p.ipProto === 6;
    // When this packet's payload went into the stream and came out as the window's new data (the in-order case),
    // every pattern in the payload is also in the window: one search covers both, and only the packet-only rules
    // (dsize, no_stream) would have looked at the payload on its own.
    const payloadInWindow =
      tcp && ctx.streamAdded && ctx.stream !== null && (ctx.payloadIsStreamTail || payloadIsNewData(p, ctx.stream));
    for (const k of group.kinds) {
      // packet groups only hold pkt_data patterns
      if (p.payloadLength > 0 && !payloadInWindow) this.search(k.matcher, p.bytes, p.payloadOffset, p.payloadOffset + p.payloadLength);
    }
    if (tcp && ctx.stream !== null) this.searchStream(group, ctx, ctx.stream);
    cands.sort();
    this.stats.packetRulesEvaluated += cands.count;
    this.passSeen = false;
    const flow = ctx.flow;
    const ipOnlyBit = 1 << ctx.direction;
    const ipOnlyDone = flow !== null && ctx.direction !== FlowDirection.None && ((flow.ipOnlyDone ?? 0) & ipOnlyBit) !== 0;
    for (let i = 0; i < cands.count; i++) {
      const cs = this.signatures[cands.ids[i]!]!;
      if (cs.ipOnly && ipOnlyDone) continue;
      this.evaluatePacketRule(cs, ctx, out, false);
    }
    if (flow !== null && ctx.direction !== FlowDirection.None) flow.ipOnlyDone = (flow.ipOnlyDone ?? 0) | ipOnlyBit;
  }

  /**
   * Reassembled TCP data not tied to a packet (a flush at flow end): stream rules only, header fields from
   * `ctx.packet` (the flow's last packet in this direction, or a pseudo packet). Prefer setting `ctx.stream` and
   * calling inspectPacket when a packet made the data ready: that keeps one alert per packet.
   */
  inspectStreamChunk(ctx: InspectionContext, window: StreamWindow, out: AlertSink): void {
    out.clear();
    this.stats.streamChunks++;
    if (ctx.flow !== null && ctx.flow.passed) return;
    const saved = ctx.stream;
    ctx.stream = window;
    const p = ctx.packet;
    const group = this.packetGroupFor(6, ctx.direction, p.srcPort, p.dstPort);
    const cands = this.candidates;
    cands.reset();
    cands.addAll(group.always, group.always.length);
    if (group.byAddress !== null) group.byAddress.collect(p, cands);
    this.searchStream(group, ctx, window);
    cands.sort();
    this.stats.streamRulesEvaluated += cands.count;
    this.passSeen = false;
    for (let i = 0; i < cands.count; i++) this.evaluatePacketRule(this.signatures[cands.ids[i]!]!, ctx, out, true);
    ctx.stream = saved;
  }

  /**
   * Transaction rules (HTTP/TLS/DNS buffers) on one transaction in `ctx.direction`. Call again as the
   * transaction progresses; each rule alerts at most once per transaction (`tx` remembers). A rule using request
   * and response buffers is evaluated on the to_client call, so the provider should still serve the request
   * buffers then. pkt_data in such rules is the provider's buffer 0, else `ctx.stream`, else the packet payload.
   */
  inspectAppLayer(ctx: InspectionContext, buffers: BufferProvider, tx: TxDetectState, txId: number, out: AlertSink): void {
    out.clear();
    this.stats.transactions++;
    if (ctx.flow !== null && ctx.flow.passed) return;
    if (tx.generation !== this.generation) {
      tx.generation = this.generation;
      tx.done = null;
    }
    const app = ctx.flow === null ? AppProto.Unknown : appIndex(ctx.flow.appProto);
    const group = this.appGroups[app]![ctx.direction]!;
    const cands = this.candidates;
    cands.reset();
    cands.addAll(group.always, group.always.length);
    if (group.byAddress !== null) group.byAddress.collect(ctx.packet, cands);
    for (const k of group.kinds) {
      for (let idx = 0; ; idx++) {
        const raw = this.resolve(k.bufferId, idx, buffers, ctx);
        if (raw === null) break;
        const v = this.transforms.apply(k.transforms, raw);
        if (v.end > v.start) this.search(k.matcher, v.bytes, v.start, v.end);
      }
    }
    cands.sort();
    this.passSeen = false;
    for (let i = 0; i < cands.count; i++) {
      const cs = this.signatures[cands.ids[i]!]!;
      if (tx.done !== null && tx.done.has(cs.order)) continue;
      this.stats.txRulesEvaluated++;
      if (!this.ruleHeaderAndState(cs, ctx)) continue;
      if (!this.appListsMatch(cs, buffers, ctx)) continue;
      (tx.done ??= new Set<number>()).add(cs.order);
      this.onMatch(cs, ctx, out, 'tx', txId);
    }
  }

  /**
   * The group's pkt_data prefilters over a stream window. With the window's stream offset and a flow, only the new
   * data (plus the longest pattern's length) is searched and hits in the look-back come from memory.
   */
  private searchStream(group: SigGroup, ctx: InspectionContext, w: StreamWindow): void {
    const kinds = group.kinds;
    if (kinds.length === 0) return;
    const flow = ctx.flow;
    const dir = ctx.direction;
    if (w.offset === undefined || flow === null || dir === FlowDirection.None) {
      for (const k of kinds) this.search(k.matcher, w.bytes, w.start, w.end);
      return;
    }
    // Made on the first hit: a direction whose searches never found anything has nothing to remember.
    let memory = dir === FlowDirection.ToServer ? flow.streamHits0 : flow.streamHits1;
    if (memory !== undefined && memory.generation === this.generation) memory.replay(w.offset, this.candidates);
    else memory = undefined;
    const regionEnd = w.offset + (w.end - w.start);
    for (const k of kinds) {
      const from = Math.max(w.start, w.newDataStart - k.matcher.maxPatternLength + 1);
      const n = k.matcher.search(w.bytes, from, w.end, this.sink);
      if (n === 0) continue;
      this.candidates.addAll(this.sink.ids, n);
      if (memory === undefined) {
        memory = new StreamHitMemory(this.generation);
        if (dir === FlowDirection.ToServer) flow.streamHits0 = memory;
        else flow.streamHits1 = memory;
      }
      memory.remember(regionEnd, this.sink.ids, n);
    }
  }

  private search(matcher: { search(b: Uint8Array, s: number, e: number, o: MatchSink): number }, bytes: Uint8Array, start: number, end: number): void {
    const n = matcher.search(bytes, start, end, this.sink);
    if (n > 0) this.candidates.addAll(this.sink.ids, n);
  }

  /** Everything but the payload and app buffers: header, flow, app proto, packet keywords, flowbit/xbit reads. */
  private ruleHeaderAndState(cs: CompiledSignature, ctx: InspectionContext): boolean {
    const sig = cs.sig;
    const p = ctx.packet;
    if (!protoMatches(sig.proto, p.ipProto)) return false;
    if (!headerMatches(sig, p)) return false;
    if (!flowFlagsMatch(sig.flowFlags, ctx)) return false;
    if (!appProtoMatches(sig, ctx)) return false;
    if (sig.packetChecks.length > 0 && !packetChecksMatch(sig.packetChecks, ctx)) return false;
    if (cs.flowbitReads && !flowbitConditionsHold(cs.flowbits, ctx.flow === null ? null : ctx.flow.flowbits)) return false;
    if (cs.flowintReads !== null && !flowintConditionsHold(cs.flowintReads, ctx.flow)) return false;
    if (cs.xbitReads && !ctx.global.xbits.conditionsHold(sig.xbits, p, ctx.timeUs)) return false;
    return true;
  }

  private evaluatePacketRule(cs: CompiledSignature, ctx: InspectionContext, out: AlertSink, streamCall: boolean): void {
    if (streamCall && (cs.payload === null || !cs.reqStream || cs.ipOnly)) return;
    if (!this.ruleHeaderAndState(cs, ctx)) return;
    let source: AlertSource = 'packet';
    const payload = cs.payload;
    if (payload !== null) {
      const p = ctx.packet;
      const inspector = this.inspector;
      inspector.base64Lists = cs.base64Lists;
      let matched = false;
      const tcp = p.ipProto === 6;
      const w = ctx.stream;
      if (tcp && cs.reqStream && w !== null) {
        matched = inspector.inspect(payload, w.bytes, w.start, w.end, w.newDataStart);
        if (matched) source = 'stream';
      }
      if (!matched) {
        if (streamCall) return;
        if (tcp && cs.reqStream && (cs.streamOnly || (!cs.reqPacket && ctx.streamAdded))) return;
        if (p.payloadLength === 0) return;
        if (!inspector.inspect(payload, p.bytes, p.payloadOffset, p.payloadOffset + p.payloadLength)) return;
      }
    } else if (cs.streamOnly && ctx.stream === null) {
      return;
    }
    if (cs.headerLists !== null && !this.headerListsMatch(cs, ctx.packet)) return;
    this.onMatch(cs, ctx, out, source, -1);
  }

  /** The rule's header-buffer lists (ipv4.hdr ... icmpv6.hdr), each against its header of this packet. */
  private headerListsMatch(cs: CompiledSignature, p: PacketFields): boolean {
    const view = this.fallbackView;
    this.inspector.base64Lists = cs.base64Lists;
    for (const list of cs.headerLists!) {
      if (!packetHeaderView(list.bufferId, p, view)) return false;
      const v = this.transforms.apply(list.transforms, view);
      if (!this.inspector.inspect(list, v.bytes, v.start, v.end)) return false;
    }
    return true;
  }

  private resolve(bufferId: number, idx: number, buffers: BufferProvider, ctx: InspectionContext): BufferView | null {
    const v = buffers.getBuffer(bufferId, idx);
    if (v !== null || bufferId !== BufferId.PktData || idx !== 0) return v;
    const f = this.fallbackView;
    if (ctx.stream !== null) {
      f.bytes = ctx.stream.bytes;
      f.start = ctx.stream.start;
      f.end = ctx.stream.end;
      return f;
    }
    const p = ctx.packet;
    if (p.payloadLength === 0) return null;
    f.bytes = p.bytes;
    f.start = p.payloadOffset;
    f.end = p.payloadOffset + p.payloadLength;
    return f;
  }

  private listMatchesAny(list: CompiledList, buffers: BufferProvider, ctx: InspectionContext): boolean {
    for (let idx = 0; ; idx++) {
      const raw = this.resolve(list.bufferId, idx, buffers, ctx);
      if (raw === null) return false;
      const v = this.transforms.apply(list.transforms, raw);
      if (this.inspector.inspect(list, v.bytes, v.start, v.end)) return true;
    }
  }

  private appListsMatch(cs: CompiledSignature, buffers: BufferProvider, ctx: InspectionContext): boolean {
    this.inspector.base64Lists = cs.base64Lists;
    if (cs.payload !== null && !this.listMatchesAny(cs.payload, buffers, ctx)) return false;
    for (const list of cs.appLists) if (!this.listMatchesAny(list, buffers, ctx)) return false;
    for (const e of cs.sig.appLayerEvents) if (buffers.hasEvent?.(e) !== true) return false;
    for (const t of cs.tls) {
      let is: boolean;
      if (t.bufferId < 0) {
        is = buffers.tlsVersion !== undefined && buffers.tlsVersion.toLowerCase() === t.text;
      } else {
        const v = buffers.getBuffer(t.bufferId, 0);
        is = v !== null && (t.exact ? equalsIgnoreCase(v, t.bytes) : contains(v, t.bytes));
      }
      if (is === t.negated) return false;
    }
    return true;
  }

  /** Post-match (flowbits, flowint, xbits), pass handling, noalert, detection_filter and threshold, then the alert. */
  private onMatch(cs: CompiledSignature, ctx: InspectionContext, out: AlertSink, source: AlertSource, txId: number): void {
    const sig = cs.sig;
    const flow = ctx.flow;
    if (cs.flowbits.length > 0) applyFlowbitActions(cs.flowbits, flow === null ? null : flow.flowbits);
    if (cs.flowintWrites !== null) applyFlowintActions(cs.flowintWrites, flow);
    if (cs.xbitWrites) ctx.global.xbits.apply(sig.xbits, ctx.packet, ctx.timeUs);
    if (sig.effectiveAction === 'pass') {
      // Suricata: a pass rule drops the packet's later alerts and stops inspection of the flow
      this.passSeen = true;
      if (flow !== null) flow.passed = true;
      return;
    }
    if (sig.noalert || this.passSeen) return;
    const flowId = flow === null ? -1 : flow.flowId;
    const th = ctx.global.thresholds;
    const defer = ctx.global.deferHostThresholds;
    let gates: AlertGate[] | undefined;
    for (const spec of [sig.detectionFilter, sig.threshold]) {
      if (spec === null) continue;
      // Once one limit is deferred the later ones are too: they may only count matches the earlier one let through.
      if (defer && (gates !== undefined || spec.track !== 'by_flow')) (gates ??= []).push({ key: th.keyOf(spec, sig, ctx.packet, flowId), spec });
      else if (!th.allow(spec, sig, ctx.packet, flowId, ctx.timeUs)) return;
    }
    const alert: Alert = {
      signature: sig,
      gid: sig.gid,
      sid: sig.sid,
      rev: sig.rev,
      msg: sig.msg,
      category: sig.classDescription,
      severity: sig.priority,
      action: 'allowed',
      ruleAction: sig.action,
      source,
      buffer: cs.bufferName,
      direction: ctx.direction,
      txId,
      order: cs.order,
      ...(gates ? { gates } : {}),
    };
    out.alerts.push(alert);
    this.stats.alerts++;
  }
}

function inProtoClass(cs: CompiledSignature, pc: number): boolean {
  switch (pc) {
    case PROTO_TCP:
      return protoMatches(cs.sig.proto, 6);
    case PROTO_UDP:
      return protoMatches(cs.sig.proto, 17);
    case PROTO_ICMP:
      return protoMatches(cs.sig.proto, 1);
    default:
      return protoMatches(cs.sig.proto, 255);
  }
}

const SMALL_PORT_SET = 64;

function buildPortGroups(
  builder: GroupBuilder,
  members: readonly CompiledSignature[],
  pc: number,
  dir: number,
  topPorts: number,
): PortGroups {
  if (pc !== PROTO_TCP && pc !== PROTO_UDP) return { map: null, groups: [], shared: builder.build(members) };
  // the service port: destination for to_server (and packets without a flow), source for to_client
  const portSets = members.map((cs) => {
    const sig = cs.sig;
    if (sig.bidirectional) return null;
    const m = dir === FlowDirection.ToClient ? sig.srcPorts : sig.dstPorts;
    return smallPortSet(m.ranges, m.any, SMALL_PORT_SET);
  });
  const counts = new Map<number, number>();
  for (const set of portSets) if (set !== null) for (const port of set) counts.set(port, (counts.get(port) ?? 0) + 1);
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, topPorts)
    .map(([port]) => port);
  const chosen = new Set(top);
  const map = new Int16Array(65536).fill(-1);
  const groups: SigGroup[] = [];
  top.forEach((port, gi) => {
    map[port] = gi;
    const portMembers = members.filter((cs, i) => {
      const set = portSets[i];
      if (set === null) {
        const m = dir === FlowDirection.ToClient ? cs.sig.srcPorts : cs.sig.dstPorts;
        return cs.sig.bidirectional || m.match(port);
      }
      return set.includes(port);
    });
    groups.push(builder.build(portMembers));
  });
  // the shared group: every rule that can match some port without a group of its own
  const sharedMembers = members.filter((_, i) => {
    const set = portSets[i];
    return set === null || set.some((port) => !chosen.has(port));
  });
  return { map, groups, shared: builder.build(sharedMembers) };
}

function contains(v: BufferView, needle: Uint8Array): boolean {
  const n = needle.length;
  const last = v.end - n;
  outer: for (let i = v.start; i <= last; i++) {
    for (let k = 0; k < n; k++) if (v.bytes[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

function equalsIgnoreCase(v: BufferView, s: Uint8Array): boolean {
  if (v.end - v.start !== s.length) return false;
  for (let k = 0; k < s.length; k++) if ((v.bytes[v.start + k]! | 0x20) !== (s[k]! | 0x20)) return false;
  return true;
}

/**
 * Whether the packet's payload is the window's new data, at its start (then released held segments may follow) or
 * at its end (held ones came first). Compared byte by byte: a retransmission with different bytes must still be
 * searched on its own for the packet-only rules. A byte compare is far cheaper than a second automaton pass.
 */
function payloadIsNewData(p: PacketFields, w: StreamWindow): boolean {
  const n = p.payloadLength;
  if (n === 0) return true;
  if (w.end - w.newDataStart < n) return false;
  return sameBytes(p.bytes, p.payloadOffset, w.bytes, w.newDataStart, n) || sameBytes(p.bytes, p.payloadOffset, w.bytes, w.end - n, n);
}

function sameBytes(a: Uint8Array, ao: number, b: Uint8Array, bo: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}
