import { AppLayerFlow, type AppLayerSink, type AppLayerTransaction } from '../app-layer/index.js';
import {
  AlertSink,
  DetectGlobalState,
  FlowbitSet,
  FlowDirection as DetectDirection,
  InspectionContext,
  SyntheticPacket,
  type Alert,
  type AlertGate,
  type DetectEngine,
  type StreamWindow,
  type TxDetectState,
} from '../detect/engine/index.js';
import {
  FLOW_END_REASON_NAMES,
  FLOW_STATE_NAMES,
  FlowState,
  type FlowLogWindows,
  type FlowTable,
  type FlowTableListener,
} from '../flow/index.js';
import type { FlowLogFieldSpec } from '../flowlog/index.js';
import { TCP_FLAG, decodeEventName, type DecodedPacket } from '../../native-free-decoders/index.js';
import {
  alertEventLine,
  appLayerEventLine,
  decodeAnomalyEvent,
  evePacketInfo,
  eveTunnel,
  flowEventLine,
  type AppLayerEventInput,
  type EvePacketInfo,
  type EveType,
} from '../output/eve/index.js';
import { BUFFERS } from '../detect/rule/index.js';
import { InspectWindow, StreamGlobals, TcpStream, resolveTcpStreamOptions, seqDiff } from '../stream/index.js';
import { reportUnread, setStream, streamOf, type FlowSlot, type FlowTxState } from './flow-slot.js';
import { flowKeyOf, type EveRecord } from './eve-record.js';
import { TxBufferProvider } from './tx-buffer-provider.js';

export interface DetectionStageOptions {
  engine: DetectEngine | null;
  eveTypes: ReadonlySet<EveType>;
  /** Fields of the `flow_log` object on alerts (the output format's, or the default set). */
  flowLogFields: readonly FlowLogFieldSpec[];
  /** Replay writes pcap_cnt; listen does not. */
  pcapCounts: boolean;
  /**
   * Leave host- and rule-tracked thresholds to the output merger (alert records carry `gates`), so any number of
   * workers gives the same alerts. Only when alert EVE is produced; otherwise they apply here, per thread.
   */
  deferHostThresholds?: boolean;
  /**
   * Takes EVE records in batches as they are made, instead of leaving them for takeRecords. Replay passes its spool
   * here: a line waiting in this stage is a string, and a burst (every open flow ending with the capture) would
   * otherwise be copied and promoted by the scavenges it triggers.
   */
  onRecords?: (records: EveRecord[]) => void;
}

/** Records handed to onRecords at a time. */
const RECORD_BATCH = 1024;
const { ACK, SYN, FIN, RST } = TCP_FLAG;
/** Look-back handed with each stream window, so a pattern split across segments is seen whole. */
const STREAM_LOOKBACK = 1024;
const DIR_NAMES = ['to_server', 'to_client'] as const;
/** Retain only the look-back the engine asks for: more only makes every stream's buffer grow further. */
const STREAM_OPTIONS = resolveTcpStreamOptions({ lookbackBytes: STREAM_LOOKBACK });
const STREAM_POOL_LIMIT = 4096;
const SLOT_POOL_LIMIT = 4096;

/**
 * Per-thread detection: TCP reassembly, app-layer parsing and rule evaluation for the flows of one flow table,
 * turning alerts, transactions, decode anomalies and flow ends into EVE records. It follows the flow table as a
 * listener, so a flow's streams are flushed and its transactions closed when the table ends the flow.
 */
export class DetectionStage implements FlowTableListener, AppLayerSink {
  private engine: DetectEngine | null;
  private readonly global = new DetectGlobalState();
  /** Suricata's default stream.reassembly.memcap is 256 MiB; drained and finished directions give theirs back. */
  readonly streamGlobals = new StreamGlobals(256 * 1024 * 1024);
  private readonly ctx: InspectionContext;
  private readonly out = new AlertSink();
  private readonly txOut = new AlertSink();
  private readonly provider = new TxBufferProvider();
  private readonly window = new InspectWindow();
  private readonly flushPkt = new SyntheticPacket();
  /**
   * Reset streams of ended flows, for the next flows: a stream and its buffer bookkeeping are a dozen objects that
   * would otherwise be allocated per direction per flow and copied by every scavenge until promoted.
   */
  private readonly streamPool: TcpStream[] = [];
  private readonly slotPool: FlowSlot[] = [];
  private readonly appPool: AppLayerFlow[] = [];
  private readonly streamView: StreamWindow = { bytes: new Uint8Array(0), start: 0, newDataStart: 0, end: 0, offset: 0 };
  slots: (FlowSlot | undefined)[] = [];
  private readonly records: EveRecord[] = [];
  private seq = 0;
  // The packet being processed: app-layer callbacks and alerts read it.
  private curFlow = -1;
  private curDir = 0;
  private curTsUs = 0;
  private curFile = 0;
  private curRecord = 0;
  private curPacket: DecodedPacket | null = null;
  private curInfo: EvePacketInfo | null = null;
  alerts = 0;

  private flowLog: FlowLogWindows | null = null;

  /** HTTP body bytes worth keeping: none unless a rule inspects bodies (storing them costs copies per segment). */
  private httpLimits = { requestBodyLimit: 0, responseBodyLimit: 0 };

  constructor(
    private readonly flows: FlowTable,
    private readonly options: DetectionStageOptions,
  ) {
    this.engine = options.engine;
    this.httpLimits = bodyLimitsFor(options.engine);
    this.updateWantsStreams();
    this.ctx = new InspectionContext(new SyntheticPacket(), this.global);
    this.global.deferHostThresholds = (options.deferHostThresholds ?? false) && options.eveTypes.has('alert');
  }

  /** Flow Log windows give alerts their `flow_log`; attach them after this stage listens to the table. */
  attachFlowLog(flowLog: FlowLogWindows | null): void {
    this.flowLog = flowLog;
  }

  /** Swap in a rebuilt engine (rule reload): flows, streams and flowbits stay. */
  setEngine(engine: DetectEngine | null): void {
    this.engine = engine;
    this.httpLimits = bodyLimitsFor(engine);
    this.updateWantsStreams();
  }

  private get eventsNeedTunnel(): boolean {
    const t = this.options.eveTypes;
    return t.has('flow') || t.has('http') || t.has('tls') || t.has('dns');
  }

  /** Whether TCP is reassembled and app layers parsed: rules or a protocol event type need them (set with the engine). */
  private wantsStreams = false;

  private updateWantsStreams(): void {
    const t = this.options.eveTypes;
    this.wantsStreams = this.engine !== null || t.has('http') || t.has('tls') || t.has('dns');
  }

  onCapacityChange(capacity: number): void {
    if (this.slots.length < capacity) this.slots.length = capacity;
  }

  packet(pkt: DecodedPacket, flow: number, direction: number, tsUs: number, recordNumber: number, fileIndex: number, inspect = true): void {
    this.curPacket = pkt;
    this.curInfo = null;
    this.curTsUs = tsUs;
    this.curFile = fileIndex;
    this.curRecord = recordNumber;
    this.curFlow = flow;
    this.curDir = direction;
    if (pkt.eventCount > 0 && this.options.eveTypes.has('anomaly')) {
      for (let i = 0; i < pkt.eventCount; i++) {
        this.emit(decodeAnomalyEvent(tsUs, this.pcapCnt(), pkt.ipVersion ? this.info() : null, decodeEventName(pkt.events[i]!)));
      }
    }
    if (!inspect) return;
    const ctx = this.ctx;
    ctx.reset(pkt, tsUs);
    if (flow < 0) {
      this.inspectPacket(null);
      return;
    }
    const slot = this.slot(flow, pkt);
    ctx.flow = slot;
    ctx.direction = direction as 0 | 1;
    slot.established = this.flows.flowState(flow) === FlowState.Established;
    if (!this.wantsStreams) {
      this.inspectPacket(slot);
      return;
    }
    if (pkt.ipProto === 6 && pkt.l4Offset !== 0) {
      this.tcp(pkt, slot, direction);
    } else if (pkt.ipProto === 17 && pkt.payloadLength > 0) {
      slot.app ??= this.appLayerFlow('udp', flow);
      slot.app.onDatagram(direction as 0 | 1, pkt.bytes, pkt.payloadOffset, pkt.payloadLength, tsUs);
      slot.appProto = appProtoName(slot.app.appProto);
      this.inspectPacket(slot);
    } else {
      this.inspectPacket(slot);
    }
  }

  private tcp(pkt: DecodedPacket, slot: FlowSlot, dir: number): void {
    const ctx = this.ctx;
    let stream = streamOf(slot, dir);
    // A segment without payload, SYN, FIN or RST changes nothing in a stream that is quiet (drained, no ACK beyond
    // its edge): such a stream is left untouched, as the peer's repeated ACKs leave it (about a third of packets).
    const untouched =
      stream !== null &&
      pkt.payloadWireLength === 0 &&
      (pkt.tcpFlags & (SYN | FIN | RST)) === 0 &&
      (dir === 0 ? slot.quietAck0 : slot.quietAck1) !== -1;
    if (untouched) {
      ctx.streamAdded = false;
      ctx.payloadIsStreamTail = false;
    } else {
      if (stream === null) setStream(slot, dir, (stream = this.streamPool.pop() ?? new TcpStream(this.streamGlobals, STREAM_OPTIONS)));
      const edgeBefore = stream.edge;
      stream.onSegment(pkt.tcpSeq, pkt.tcpFlags, pkt.bytes, pkt.payloadOffset, pkt.payloadLength, pkt.payloadWireLength);
      ctx.streamAdded = pkt.payloadWireLength > 0;
      // The in-order edge moved by exactly this payload: it was appended, so it ends the window's new data.
      ctx.payloadIsStreamTail =
        pkt.payloadLength > 0 && pkt.payloadLength === pkt.payloadWireLength && stream.edge - edgeBefore === pkt.payloadLength;
      // This direction's stream took a segment: what was known about it no longer holds until it is drained below.
      if (dir === 0) slot.quietAck0 = -1;
      else slot.quietAck1 = -1;
    }
    const acks = (pkt.tcpFlags & ACK) !== 0;
    let other = streamOf(slot, 1 - dir);
    const quiet = dir === 0 ? slot.quietAck1 : slot.quietAck0;
    if (other !== null && acks && quiet !== -1 && seqDiff(pkt.tcpAck, quiet) <= 0) {
      // An ACK of bytes the peer's stream already has in order, drained since it last changed: nothing to do there.
      other = null;
    } else if (other !== null && acks) {
      other.onAck(pkt.tcpAck);
      this.drainStream(slot, 1 - dir, other, true);
    }
    // This packet's own newly reassembled data: the first window rides with the packet's inspection (one alert
    // per packet), any further window (after a gap) is inspected as a chunk of its own. Once a TLS session is
    // encrypted, raw stream data is ciphertext: like Suricata's default encryption-handling, it is parsed (TLS
    // keeps its state) but no longer inspected by content rules.
    let first = true;
    while (!untouched && stream!.nextWindow(STREAM_LOOKBACK, this.window)) {
      this.feedApp(slot, dir, this.window);
      if (slot.ciphertext) continue;
      if (first) {
        first = false;
        ctx.stream = this.view(this.window);
        this.inspectPacket(slot);
        ctx.stream = null;
      } else {
        this.inspectChunk(slot, dir, this.view(this.window));
      }
    }
    if (first) this.inspectPacket(slot);
    if (!untouched) {
      if (stream!.complete) stream!.releaseStorage();
      // Drained just above.
      const q = stream!.quietAckSeq;
      if (dir === 0) slot.quietAck0 = q;
      else slot.quietAck1 = q;
    }
    if (other !== null) {
      if (other.complete) other.releaseStorage();
      // Drained just above; nothing since has touched it (this packet's own work is on its own stream).
      const q = acks ? other.quietAckSeq : -1;
      if (dir === 0) slot.quietAck1 = q;
      else slot.quietAck0 = q;
    }
  }

  /** Windows of a direction made ready by something other than its own packet (an ACK, a flush). */
  private drainStream(slot: FlowSlot, dir: number, stream: TcpStream, detect: boolean): void {
    while (stream.nextWindow(STREAM_LOOKBACK, this.window)) {
      this.feedApp(slot, dir, this.window);
      if (detect && !slot.ciphertext) this.inspectChunk(slot, dir, this.view(this.window));
    }
  }

  /** The flow's app-layer state: a reused one (with its HTTP parser) from an ended flow when there is one. */
  private appLayerFlow(transport: 'tcp' | 'udp', flow: number): AppLayerFlow {
    const options = { transport, serverPort: this.flows.serverPort(flow), clientPort: this.flows.clientPort(flow), sink: this, http: this.httpLimits };
    return this.appPool.pop()?.reuse(options) ?? new AppLayerFlow(options);
  }

  private feedApp(slot: FlowSlot, dir: number, w: InspectWindow): void {
    const length = w.end - w.newDataStart;
    if (!w.afterGap && length > 0 && length <= (dir === 0 ? slot.appAhead0 : slot.appAhead1)) {
      // Bytes the parser agreed to take unread: counted here, reported with the next call in this direction.
      if (dir === 0) {
        slot.appAhead0 -= length;
        slot.appUnread0 += length;
        slot.streamEnd0 = w.end;
      } else {
        slot.appAhead1 -= length;
        slot.appUnread1 += length;
        slot.streamEnd1 = w.end;
      }
      return;
    }
    const flow = this.curFlow;
    slot.app ??= this.appLayerFlow('tcp', flow);
    reportUnread(slot, dir);
    const prevEnd = dir === 0 ? slot.streamEnd0 : slot.streamEnd1;
    if (w.afterGap && w.start > prevEnd) slot.app.onGap(dir as 0 | 1, w.start - prevEnd);
    if (length > 0) {
      const saved = this.curDir;
      this.curDir = dir;
      slot.app.onData(dir as 0 | 1, w.buffer, w.bufferOffset + (w.newDataStart - w.start), length, this.curTsUs);
      this.curDir = saved;
    }
    const ahead = slot.app.unreadAhead(dir as 0 | 1);
    if (dir === 0) {
      slot.streamEnd0 = w.end;
      slot.appAhead0 = ahead;
    } else {
      slot.streamEnd1 = w.end;
      slot.appAhead1 = ahead;
    }
    slot.appProto = appProtoName(slot.app.appProto);
    slot.ciphertext = slot.app.tlsParser?.encrypted === true;
  }

  private view(w: InspectWindow): StreamWindow {
    const v = this.streamView;
    v.bytes = w.buffer;
    v.start = w.bufferOffset;
    v.newDataStart = w.bufferOffset + (w.newDataStart - w.start);
    v.end = w.bufferOffset + (w.end - w.start);
    v.offset = w.start;
    return v;
  }

  private inspectPacket(slot: FlowSlot | null): void {
    if (this.engine === null) return;
    this.engine.inspectPacket(this.ctx, this.out);
    this.emitAlerts(this.out, slot, null);
  }

  private inspectChunk(slot: FlowSlot, dir: number, window: StreamWindow): void {
    if (this.engine === null) return;
    const ctx = this.ctx;
    const savedDir = ctx.direction;
    const savedPacket = ctx.packet;
    ctx.direction = dir as 0 | 1;
    // Data of the other direction, made ready by this packet's ACK: rule headers (addresses, ports, the port
    // groups) must see that direction's endpoints, not this packet's, or a rule to port 80 never meets the
    // client's bytes. The alert itself still rides on this packet (EVE swaps src and dest for it).
    if (this.curPacket !== null && dir !== this.curDir && this.curFlow >= 0) ctx.packet = this.flushPacket(this.curFlow, dir);
    this.engine.inspectStreamChunk(ctx, window, this.out);
    ctx.direction = savedDir;
    ctx.packet = savedPacket;
    this.emitAlerts(this.out, slot, null);
  }

  // AppLayerSink: a transaction side is final: run the transaction rules on it.
  onTxSide(tx: AppLayerTransaction, direction: 0 | 1): void {
    const slot = this.curFlow >= 0 ? this.slots[this.curFlow] : undefined;
    if (this.engine === null || slot === undefined) return;
    const states = (slot.txStates ??= []);
    let state: TxDetectState | undefined;
    // Newest first: the transaction being inspected is almost always the latest one.
    for (let i = states.length - 1; i >= 0; i--) {
      if (isStateOf(states[i]!, tx)) {
        state = states[i]!.state;
        break;
      }
    }
    if (state === undefined) {
      state = this.engine.newTxState();
      states.push({ appProto: tx.appProto, txId: tx.txId, state });
    }
    const ctx = this.ctx;
    const savedDir = ctx.direction;
    ctx.direction = direction;
    slot.appProto = tx.appProto;
    this.engine.inspectAppLayer(ctx, this.provider.set(tx, direction), state, tx.txId, this.txOut);
    ctx.direction = savedDir;
    this.emitAlerts(this.txOut, slot, tx);
  }

  onTxComplete(tx: AppLayerTransaction): void {
    const slot = this.curFlow >= 0 ? this.slots[this.curFlow] : undefined;
    const states = slot?.txStates;
    if (states) {
      // Oldest first: transactions mostly complete in the order they started.
      for (let i = 0; i < states.length; i++) {
        if (isStateOf(states[i]!, tx)) {
          states.splice(i, 1);
          break;
        }
      }
    }
    const type = tx.appProto as EveType;
    if (!this.options.eveTypes.has(type) || this.curFlow < 0) return;
    const f = this.curFlow;
    const bodies = type === 'dns' ? ((tx as { eveRecords?: () => Record<string, unknown>[] }).eveRecords?.() ?? [tx.toEve()]) : [tx.toEve()];
    const event: AppLayerEventInput = {
      tsUs: tx.timestampUs,
      flowId: this.flows.flowId(f),
      pcapCnt: null,
      eventType: type as AppLayerEventInput['eventType'],
      txId: tx.txId,
      client: this.flows.clientAddress(f),
      clientPort: this.flows.clientPort(f),
      server: this.flows.serverAddress(f),
      serverPort: this.flows.serverPort(f),
      ipProto: this.flows.proto(f),
      body: bodies[0]!,
      tunnel: slot?.tunnel ?? null,
    };
    for (const body of bodies) {
      event.body = body;
      this.pushUnbound(tx.timestampUs, appLayerEventLine(event));
    }
  }

  // FlowTableListener: the table ended a flow (timeout, eviction, reuse, shutdown).
  onFlowEnd(flow: number, reason: number): void {
    const slot = this.slots[flow];
    if (slot === undefined) return;
    const saved = [this.curFlow, this.curDir, this.curPacket] as const;
    this.curFlow = flow;
    // The flow's own last packet time, not the moment the table noticed the timeout: that moment depends on which
    // other flows share the thread, and output must not depend on the worker count.
    const nowUs = this.flows.lastSeenUs(flow);
    const savedTs = this.curTsUs;
    this.curTsUs = nowUs;
    for (let dir = 0; dir < 2; dir++) {
      const s = streamOf(slot, dir);
      if (s === null) continue;
      s.flush();
      this.ctx.reset(this.flushPacket(flow, dir), nowUs);
      this.ctx.flow = slot;
      this.ctx.direction = dir as 0 | 1;
      this.curInfo = null;
      this.curPacket = null;
      this.drainStream(slot, dir, s, true);
      s.reset();
      if (this.streamPool.length < STREAM_POOL_LIMIT) this.streamPool.push(s);
    }
    reportUnread(slot, 0);
    reportUnread(slot, 1);
    slot.app?.onClose(nowUs);
    if (this.options.eveTypes.has('flow')) {
      this.pushUnbound(
        this.flows.firstSeenUs(flow),
        flowEventLine({
          flowId: this.flows.flowId(flow),
          startUs: this.flows.firstSeenUs(flow),
          endUs: this.flows.lastSeenUs(flow),
          client: this.flows.clientAddress(flow),
          clientPort: this.flows.clientPort(flow),
          server: this.flows.serverAddress(flow),
          serverPort: this.flows.serverPort(flow),
          ipProto: this.flows.proto(flow),
          appProto: slot.app ? appProtoName(slot.app.appProto) : null,
          pktsToServer: this.flows.packets(flow, 0),
          pktsToClient: this.flows.packets(flow, 1),
          bytesToServer: this.flows.bytes(flow, 0),
          bytesToClient: this.flows.bytes(flow, 1),
          state: FLOW_STATE_NAMES[this.flows.flowState(flow)] ?? 'new',
          reason: FLOW_END_REASON_NAMES[reason] ?? 'timeout',
          alerted: slot.alerted,
          tunnel: slot.tunnel,
        }),
        slot.gatedAlert ? flowKeyOf(slot.flowId, this.flows.firstSeenUs(flow)) : undefined,
        slot.gatedAlert && !slot.ungatedAlert,
      );
    }
    this.slots[flow] = undefined;
    this.recycleSlot(slot);
    [this.curFlow, this.curDir, this.curPacket] = saved;
    this.curTsUs = savedTs;
    this.curInfo = null;
  }

  /** The pseudo packet a flow-end stream flush is inspected with: the flow's endpoints in direction `dir`. */
  private flushPacket(flow: number, dir: number): SyntheticPacket {
    const f = this.flows;
    const client = f.endpointAddressAt(flow, false);
    const server = f.endpointAddressAt(flow, true);
    const toServer = dir === 0;
    this.flushPkt.setFlowEndpoints(
      f.proto(flow),
      f.ipVersion(flow),
      f.keyWords,
      toServer ? client : server,
      toServer ? server : client,
      toServer ? f.clientPort(flow) : f.serverPort(flow),
      toServer ? f.serverPort(flow) : f.clientPort(flow),
    );
    return this.flushPkt;
  }

  private slot(flow: number, pkt: DecodedPacket): FlowSlot {
    const existing = this.slots[flow];
    if (existing !== undefined) return existing;
    // Only flow and app-layer events carry the flow's tunnel: formatting it for every flow is not free.
    const tunnel = this.eventsNeedTunnel && (pkt.vni >= 0 || pkt.geneveVni >= 0) ? (this.curInfo?.tunnel ?? eveTunnel(pkt)) : null;
    const flowId = this.flows.flowId(flow);
    const s = this.slotPool.pop();
    if (s !== undefined) {
      s.established = false;
      s.clientStreamBytes = 0;
      s.serverStreamBytes = 0;
      s.appProto = '';
      s.flowbits.clear();
      s.flowints?.clear();
      s.flowId = flowId;
      s.passed = false;
      s.ipOnlyDone = 0;
      s.streamEnd0 = 0;
      s.streamEnd1 = 0;
      s.quietAck0 = -1;
      s.quietAck1 = -1;
      s.ciphertext = false;
      s.appAhead0 = 0;
      s.appAhead1 = 0;
      s.appUnread0 = 0;
      s.appUnread1 = 0;
      s.alerted = false;
      s.ungatedAlert = false;
      s.gatedAlert = false;
      s.tunnel = tunnel;
      this.slots[flow] = s;
      return s;
    }
    const fresh: FlowSlot = {
      established: false,
      clientStreamBytes: 0,
      serverStreamBytes: 0,
      appProto: '',
      flowbits: this.engine ? this.engine.newFlowbits() : new FlowbitSet(),
      flowints: undefined,
      flowId,
      passed: false,
      ipOnlyDone: 0,
      streamHits0: undefined,
      streamHits1: undefined,
      stream0: null,
      stream1: null,
      streamEnd0: 0,
      streamEnd1: 0,
      quietAck0: -1,
      quietAck1: -1,
      app: null,
      ciphertext: false,
      appAhead0: 0,
      appAhead1: 0,
      appUnread0: 0,
      appUnread1: 0,
      txStates: null,
      alerted: false,
      ungatedAlert: false,
      gatedAlert: false,
      tunnel,
    };
    this.slots[flow] = fresh;
    return fresh;
  }

  /**
   * Keeps an ended flow's slot for a later flow. Slots live as long as their flows, so fresh ones survived
   * scavenges and were copied and promoted by the thousand; a pooled one is already in the old generation.
   */
  private recycleSlot(slot: FlowSlot): void {
    slot.stream0 = null;
    slot.stream1 = null;
    slot.streamHits0 = undefined;
    slot.streamHits1 = undefined;
    if (slot.app !== null && this.appPool.length < SLOT_POOL_LIMIT) this.appPool.push(slot.app);
    slot.app = null;
    slot.txStates = null;
    slot.tunnel = null;
    if (this.slotPool.length < SLOT_POOL_LIMIT) this.slotPool.push(slot);
  }

  private info(): EvePacketInfo {
    if (this.curInfo === null) {
      this.curInfo = this.curPacket !== null ? evePacketInfo(this.curPacket) : packetInfoOf(this.ctx.packet as SyntheticPacket);
    }
    return this.curInfo;
  }

  private pcapCnt(): number | null {
    return this.options.pcapCounts && this.curPacket !== null ? this.curRecord : null;
  }

  private emitAlerts(sink: AlertSink, slot: FlowSlot | null, tx: AppLayerTransaction | null): void {
    if (sink.count === 0 || !this.options.eveTypes.has('alert')) {
      this.alerts += sink.count;
      // Without alert EVE no rate limit is deferred: these alerts stand.
      if (slot && sink.count > 0) slot.alerted = slot.ungatedAlert = true;
      return;
    }
    const f = this.curFlow;
    for (const a of sink.alerts) {
      this.alerts++;
      if (slot) {
        slot.alerted = true;
        if (a.gates === undefined) slot.ungatedAlert = true;
        else slot.gatedAlert = true;
      }
      const dir = alertDirection(a, this.ctx.direction);
      const flowLogJson = f >= 0 && this.flowLog !== null && dir >= 0 ? this.flowLog.snapshotJson(f, dir as 0 | 1, this.options.flowLogFields) : null;
      this.emitLine(
        alertEventLine({
          tsUs: this.curTsUs,
          flowId: f >= 0 ? this.flows.flowId(f) : null,
          pcapCnt: this.pcapCnt(),
          packet: this.info(),
          reversed: dir >= 0 && this.curPacket !== null && dir !== this.curDir,
          alert: a,
          direction: dir >= 0 ? DIR_NAMES[dir]! : null,
          appProto: slot?.appProto ?? null,
          appLayer: tx ? { key: tx.appProto, value: tx.toEve() } : null,
          flowLogJson,
        }),
        a.gates,
        a.gates !== undefined && f >= 0 && slot && this.options.eveTypes.has('flow') ? flowKeyOf(slot.flowId, this.flows.firstSeenUs(f)) : undefined,
      );
    }
  }

  private emit(event: Record<string, unknown>, gates?: readonly AlertGate[]): void {
    this.emitLine(JSON.stringify(event), gates);
  }

  private emitLine(line: string, gates?: readonly AlertGate[], flowKey?: string): void {
    if (this.curPacket === null) return this.push(this.curTsUs, -1, 0, 0, line, gates, flowKey);
    this.push(this.curTsUs, this.curFile, this.curRecord, this.seq++, line, gates, flowKey);
  }

  /**
   * An event not tied to the packet being processed (flow end, transaction complete): it sorts by its own
   * timestamp and then by content, since when it is emitted depends on the thread's other traffic.
   */
  private pushUnbound(tsUs: number, line: string, flowKey?: string, gatedOnly = false): void {
    this.push(tsUs, -1, 0, 0, line, undefined, flowKey, gatedOnly);
  }

  private push(
    tsUs: number,
    fileIndex: number,
    recordNumber: number,
    seq: number,
    line: string,
    gates: readonly AlertGate[] | undefined,
    flowKey?: string,
    gatedOnly = false,
  ): void {
    const r: EveRecord = { tsUs, fileIndex, recordNumber, seq, line };
    if (gates !== undefined) r.gates = gates;
    if (flowKey !== undefined) r.flowKey = flowKey;
    if (gatedOnly) r.gatedOnly = true;
    this.records.push(r);
    if (this.records.length >= RECORD_BATCH && this.options.onRecords !== undefined) this.options.onRecords(this.takeRecords());
  }

  takeRecords(): EveRecord[] {
    return this.records.splice(0, this.records.length);
  }
}

const SURICATA_BODY_LIMIT = 100 * 1024;

function bodyLimitsFor(engine: DetectEngine | null): { requestBodyLimit: number; responseBodyLimit: number } {
  const uses = (name: string) =>
    engine !== null && engine.signatures.some((cs) => cs.sig.buffers.some((b) => BUFFERS[b.bufferId]?.name === name));
  const file = uses('file.data');
  return {
    requestBodyLimit: file || uses('http.request_body') ? SURICATA_BODY_LIMIT : 0,
    responseBodyLimit: file || uses('http.response_body') ? SURICATA_BODY_LIMIT : 0,
  };
}

function isStateOf(e: FlowTxState, tx: AppLayerTransaction): boolean {
  return e.txId === tx.txId && e.appProto === tx.appProto;
}

function alertDirection(a: Alert, ctxDirection: number): number {
  const d = a.direction as number;
  if (d === DetectDirection.ToServer || d === DetectDirection.ToClient) return d;
  return ctxDirection === DetectDirection.None ? -1 : ctxDirection;
}

function appProtoName(p: string): string {
  return p === 'unknown' ? '' : p;
}

/** A pseudo packet (stream flush at flow end) has addresses and ports but no tunnel. */
function packetInfoOf(p: SyntheticPacket): EvePacketInfo {
  return evePacketInfo(p as unknown as DecodedPacket);
}
