/**
 * The non-payload parts of a rule: protocol, addresses and ports (either way for `<>`), `flow:` flags, the
 * app-layer protocol, and the packet keywords (dsize, ttl, itype, icode, icmp_id, icmp_seq, ip_proto, flags,
 * stream_size, decode-event). All read fields of the context; nothing allocates.
 */
import { APP_PROTO_NAMES, AppProto, HeaderProto } from '../rule/app-proto.js';
import {
  FlowFlag,
  PacketCheckKind,
  compareNumeric,
  type PacketCheck,
  type Signature,
} from '../rule/signature.js';
import { FlowDirection, type InspectionContext, type PacketFields } from './inspection-context.js';

const PACKET_FLAG_FRAGMENT = 1 << 3;
const IPPROTO_ICMP = 1;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_ICMPV6 = 58;
const IPPROTO_SCTP = 132;

export function protoMatches(proto: HeaderProto, ipProto: number): boolean {
  switch (proto) {
    case HeaderProto.Ip:
      return true;
    case HeaderProto.Tcp:
    case HeaderProto.TcpPkt:
    case HeaderProto.TcpStream:
      return ipProto === IPPROTO_TCP;
    case HeaderProto.Udp:
      return ipProto === IPPROTO_UDP;
    case HeaderProto.Icmp:
      return ipProto === IPPROTO_ICMP || ipProto === IPPROTO_ICMPV6;
    default:
      return false;
  }
}

function hasPorts(ipProto: number): boolean {
  return ipProto === IPPROTO_TCP || ipProto === IPPROTO_UDP || ipProto === IPPROTO_SCTP;
}

function oneWay(sig: Signature, p: PacketFields, swap: boolean): boolean {
  const src = swap ? sig.dst : sig.src;
  const dst = swap ? sig.src : sig.dst;
  if (!(src.any && dst.any)) {
    if (p.ipVersion === 4) {
      if (!src.matchV4(p.srcV4) || !dst.matchV4(p.dstV4)) return false;
    } else if (p.ipVersion === 6) {
      if (!src.matchV6Bytes(p.bytes, p.srcAddrOffset) || !dst.matchV6Bytes(p.bytes, p.dstAddrOffset)) return false;
    } else {
      return false;
    }
  }
  if (hasPorts(p.ipProto)) {
    const sp = swap ? sig.dstPorts : sig.srcPorts;
    const dp = swap ? sig.srcPorts : sig.dstPorts;
    if (!sp.match(p.srcPort) || !dp.match(p.dstPort)) return false;
  }
  return true;
}

/** Addresses and ports; a `<>` rule matches the packet in either direction. */
export function headerMatches(sig: Signature, p: PacketFields): boolean {
  if (oneWay(sig, p, false)) return true;
  return sig.bidirectional && oneWay(sig, p, true);
}

/** The `flow:` keyword. only_stream / no_stream choose the payload source and are applied by the engine. */
export function flowFlagsMatch(flags: number, ctx: InspectionContext): boolean {
  if (flags === 0) return true;
  const flow = ctx.flow;
  if (flags & FlowFlag.Established && (flow === null || !flow.established)) return false;
  if (flags & FlowFlag.NotEstablished && flow !== null && flow.established) return false;
  if (flags & FlowFlag.ToServer && ctx.direction !== FlowDirection.ToServer) return false;
  if (flags & FlowFlag.ToClient && ctx.direction !== FlowDirection.ToClient) return false;
  const frag = (ctx.packet.flags & PACKET_FLAG_FRAGMENT) !== 0;
  if (flags & FlowFlag.OnlyFrag && !frag) return false;
  if (flags & FlowFlag.NoFrag && frag) return false;
  return true;
}

/** The rule's app-layer protocol (from the header or its buffers) and the `app-layer-protocol` keyword. */
export function appProtoMatches(sig: Signature, ctx: InspectionContext): boolean {
  const detected = ctx.flow === null ? '' : ctx.flow.appProto;
  if (sig.appProto !== AppProto.Unknown && !sameAppProto(detected, APP_PROTO_NAMES[sig.appProto]!)) return false;
  const k = sig.appLayerProtocol;
  if (k !== null) {
    let is: boolean;
    if (k.appProto === 'unknown') is = detected === '';
    else is = sameAppProto(detected, k.appProto);
    if (is === k.negated) return false;
  }
  return true;
}

function sameAppProto(detected: string, wanted: string): boolean {
  if (detected === wanted) return true;
  return (wanted === 'http' || wanted === 'http1') && (detected === 'http' || detected === 'http1');
}

export function packetCheckMatches(c: PacketCheck, ctx: InspectionContext): boolean {
  const p = ctx.packet;
  switch (c.kind) {
    case PacketCheckKind.Dsize:
      return compareNumeric(c.cmp, p.payloadLength);
    case PacketCheckKind.Ttl:
      return p.ipVersion !== 0 && compareNumeric(c.cmp, p.ttl);
    case PacketCheckKind.Itype:
      return p.icmpType >= 0 && compareNumeric(c.cmp, p.icmpType);
    case PacketCheckKind.Icode:
      return p.icmpCode >= 0 && compareNumeric(c.cmp, p.icmpCode);
    case PacketCheckKind.IcmpId:
      return p.icmpType >= 0 && compareNumeric(c.cmp, p.icmpId);
    case PacketCheckKind.IcmpSeq:
      return p.icmpType >= 0 && compareNumeric(c.cmp, p.icmpSeq);
    case PacketCheckKind.IpProto:
      return p.ipVersion !== 0 && compareNumeric(c.cmp, p.ipProto);
    case PacketCheckKind.TcpFlags: {
      if (p.ipProto !== IPPROTO_TCP) return false;
      const f = p.tcpFlags & c.mask;
      switch (c.mode) {
        case 'exact':
          return f === c.flags;
        case 'plus':
          return (f & c.flags) === c.flags;
        case 'any':
          return (f & c.flags) !== 0;
        default:
          return (f & c.flags) === 0;
      }
    }
    case PacketCheckKind.StreamSize: {
      const flow = ctx.flow;
      if (flow === null) return false;
      const s = compareNumeric(c.cmp, flow.serverStreamBytes);
      const cl = compareNumeric(c.cmp, flow.clientStreamBytes);
      switch (c.side) {
        case 'server':
          return s;
        case 'client':
          return cl;
        case 'both':
          return s && cl;
        default:
          return s || cl;
      }
    }
    case PacketCheckKind.DecodeEvent: {
      for (let i = 0; i < p.eventCount; i++) if (p.events[i] === c.eventId) return true;
      return false;
    }
    default:
      return false;
  }
}

export function packetChecksMatch(checks: readonly PacketCheck[], ctx: InspectionContext): boolean {
  for (let i = 0; i < checks.length; i++) if (!packetCheckMatches(checks[i]!, ctx)) return false;
  return true;
}
