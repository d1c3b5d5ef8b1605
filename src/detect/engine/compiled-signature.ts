/**
 * A Signature prepared for the engine: its lists compiled, its flowbits resolved to indexes, and the decisions
 * about where it runs (packet/stream/transaction) made once at build time.
 */
import { AppProto, HeaderProto } from '../rule/app-proto.js';
import { BufferId, bufferById } from '../rule/buffer-registry.js';
import { FlowFlag, PacketCheckKind, type FlowintOperation, type Signature } from '../rule/signature.js';
import { compileList, transformKey, type CompiledList } from './content-inspection.js';
import { compileFlowbits, type CompiledBitOp, type FlowbitNames } from './flowbits.js';
import { isFlowintWrite } from './flowints.js';
import { FlowDirection } from './inspection-context.js';

export interface CompiledTlsCheck {
  /** -1 for tls.version, which the provider reports as text. */
  readonly bufferId: number;
  readonly bytes: Uint8Array;
  readonly text: string;
  /** Fingerprints compare whole (ignoring case); subject and issuer are substring checks as in Suricata. */
  readonly exact: boolean;
  readonly negated: boolean;
}

export interface CompiledSignature {
  readonly sig: Signature;
  /** Internal id: position in Suricata's evaluation order. */
  readonly order: number;
  /** The packet payload list (pkt_data), when it has items. */
  readonly payload: CompiledList | null;
  /** App-layer and file.data lists, in rule order. */
  readonly appLists: readonly CompiledList[];
  /** base64_data lists: inspected from inside the list that holds base64_decode. */
  readonly base64Lists: readonly CompiledList[];
  /** Lists on the packet's own headers (ipv4.hdr ... icmpv6.hdr), or null: checked with the packet rule. */
  readonly headerLists: readonly CompiledList[] | null;
  readonly flowbits: readonly CompiledBitOp[];
  readonly flowbitReads: boolean;
  /** flowint conditions and post-match changes, or null when the rule has none. */
  readonly flowintReads: readonly FlowintOperation[] | null;
  readonly flowintWrites: readonly FlowintOperation[] | null;
  readonly xbitReads: boolean;
  readonly xbitWrites: boolean;
  readonly tls: readonly CompiledTlsCheck[];
  /** Runs on transactions (inspectAppLayer) rather than packets. */
  readonly isApp: boolean;
  /** Suricata's SIG_FLAG_REQUIRE_STREAM / _PACKET / _STREAM_ONLY, meaningful on TCP. */
  readonly reqStream: boolean;
  readonly reqPacket: boolean;
  readonly streamOnly: boolean;
  /** Prefilter kind (buffer id plus transforms) of the fast pattern, or null: always evaluate. */
  readonly fpKey: string | null;
  /** Buffer named in the alert: the fast pattern's, else the first inspected list's. */
  readonly bufferName: string;
  /** Directions the rule can match in (FlowDirection values). */
  readonly directions: readonly FlowDirection[];
  /**
   * Suricata's IP-only rule: addresses and nothing packet- or flow-specific (no payload, packet keywords, flow
   * keyword, flowbit/xbit reads, ports). Evaluated on the first packet of each flow direction only.
   */
  readonly ipOnly: boolean;
}

const TLS_BUFFER: Record<string, number> = {
  subject: BufferId.TlsCertSubject,
  issuerdn: BufferId.TlsCertIssuer,
  fingerprint: BufferId.TlsCertFingerprint,
};

function directionsOf(sig: Signature, appLists: readonly CompiledList[]): FlowDirection[] {
  if (sig.flowFlags & FlowFlag.ToServer) return [FlowDirection.ToServer];
  if (sig.flowFlags & FlowFlag.ToClient) return [FlowDirection.ToClient];
  // A rule mixing request and response buffers can only complete once the response is there.
  let toServer = false;
  let toClient = false;
  for (const l of appLists) {
    const d = bufferById(l.bufferId).direction;
    if (d === 'to_client') toClient = true;
    else if (d === 'to_server') toServer = true;
  }
  if (sig.tlsChecks.some((c) => c.field !== 'version')) toClient = true;
  if (toClient) return [FlowDirection.ToClient];
  if (toServer) return [FlowDirection.ToServer];
  return [FlowDirection.ToServer, FlowDirection.ToClient, FlowDirection.None];
}

export function compileSignature(sig: Signature, order: number, names: FlowbitNames): CompiledSignature {
  let payload: CompiledList | null = null;
  const appLists: CompiledList[] = [];
  const base64Lists: CompiledList[] = [];
  const headerLists: CompiledList[] = [];
  for (let i = 0; i < sig.buffers.length; i++) {
    const list = sig.buffers[i]!;
    if (list.items.length === 0) continue;
    const c = compileList(list);
    if (list.bufferId === BufferId.PktData) {
      if (payload === null && i === 0) payload = c;
      else appLists.push(c);
    } else if (list.bufferId === BufferId.Base64Data) {
      base64Lists.push(c);
    } else if (bufferById(list.bufferId).packetHeader) {
      headerLists.push(c);
    } else {
      appLists.push(c);
    }
  }
  const tls: CompiledTlsCheck[] = sig.tlsChecks.map((c) => ({
    bufferId: c.field === 'version' ? -1 : TLS_BUFFER[c.field]!,
    bytes: Uint8Array.from(Buffer.from(c.value, 'latin1')),
    text: c.value.toLowerCase(),
    exact: c.field === 'fingerprint',
    negated: c.negated,
  }));
  const isApp = appLists.length > 0 || tls.length > 0 || sig.appLayerEvents.length > 0;
  const hasDsize = sig.packetChecks.some((c) => c.kind === PacketCheckKind.Dsize);
  let reqStream = sig.proto !== HeaderProto.TcpPkt && (sig.flowFlags & FlowFlag.NoStream) === 0;
  let reqPacket = hasDsize || sig.proto === HeaderProto.TcpPkt || (sig.flowFlags & FlowFlag.NoStream) !== 0;
  const streamOnly = sig.proto === HeaderProto.TcpStream || (sig.flowFlags & FlowFlag.OnlyStream) !== 0;
  if (streamOnly) {
    reqStream = true;
    reqPacket = false;
  }
  let fpKey: string | null = null;
  let bufferName = '';
  const fp = sig.fastPattern;
  // Packet groups prefilter payload and stream bytes only: a rule whose fast pattern is in a header is evaluated on
  // every packet of its group (Suricata has a prefilter engine per header buffer; few rules use them).
  if (fp !== null && fp.bufferId !== BufferId.Base64Data && !bufferById(fp.bufferId).packetHeader) {
    const list = sig.buffers[fp.listIndex];
    if (list !== undefined) {
      fpKey = transformKey(list.bufferId, list.transforms);
      bufferName = bufferById(list.bufferId).name;
    }
  }
  if (bufferName === '') {
    const first = payload ?? appLists[0] ?? headerLists[0];
    if (first !== undefined) bufferName = bufferById(first.bufferId).name;
  }
  return {
    sig,
    order,
    payload,
    appLists,
    base64Lists,
    headerLists: headerLists.length > 0 ? headerLists : null,
    flowbits: compileFlowbits(sig.flowbits, names),
    flowbitReads: sig.flowbits.some((o) => o.cmd === 'isset' || o.cmd === 'isnotset'),
    flowintReads: nonEmpty(sig.flowints.filter((o) => !isFlowintWrite(o))),
    flowintWrites: nonEmpty(sig.flowints.filter(isFlowintWrite)),
    xbitReads: sig.xbits.some((o) => o.cmd === 'isset' || o.cmd === 'isnotset'),
    xbitWrites: sig.xbits.some((o) => o.cmd !== 'isset' && o.cmd !== 'isnotset'),
    tls,
    isApp,
    reqStream,
    reqPacket,
    streamOnly,
    fpKey,
    bufferName,
    directions: isApp ? directionsOf(sig, appLists) : plainDirections(sig),
    ipOnly:
      !isApp &&
      payload === null &&
      sig.packetChecks.length === 0 &&
      sig.flowFlags === 0 &&
      sig.appProto === 0 &&
      sig.appLayerProtocol === null &&
      sig.xbits.length === 0 &&
      sig.flowints.length === 0 &&
      headerLists.length === 0 &&
      sig.flowbits.every((o) => o.cmd !== 'isset' && o.cmd !== 'isnotset') &&
      sig.srcPorts.any &&
      sig.dstPorts.any,
  };
}

function nonEmpty<T>(list: T[]): T[] | null {
  return list.length > 0 ? list : null;
}

function plainDirections(sig: Signature): FlowDirection[] {
  if (sig.flowFlags & FlowFlag.ToServer) return [FlowDirection.ToServer];
  if (sig.flowFlags & FlowFlag.ToClient) return [FlowDirection.ToClient];
  return [FlowDirection.ToServer, FlowDirection.ToClient, FlowDirection.None];
}

/** The app-layer protocols a transaction rule belongs to; Unknown (file.data only) goes with every protocol. */
export function appProtoOf(cs: CompiledSignature): AppProto {
  return cs.sig.appProto;
}

