import { DecodedPacket, TunnelKind, formatIpAt, formatIpv4 } from '../../../native-free-decoders/index.js';
import { eveProto } from './eve-proto.js';

/** The Gateway Load Balancer's GENEVE delivery around a VXLAN one. */
export interface EveGwlbTunnel {
  type: 'geneve';
  vni: number;
  src_ip: string;
  dest_ip: string;
}

/** How the packet reached the mirror target: a VXLAN delivery (perhaps inside GWLB's GENEVE), or GENEVE alone. */
export type EveTunnel =
  | { type: 'vxlan'; vni: number; src_ip: string; dest_ip: string; src_port: number; dest_port: number; depth: number; gwlb?: EveGwlbTunnel }
  | { type: 'geneve'; vni: number; src_ip: string; dest_ip: string; depth: number };

/** The address and tunnel part of an EVE event, formatted once per packet that produces events. */
export interface EvePacketInfo {
  src_ip: string;
  src_port: number;
  dest_ip: string;
  dest_port: number;
  proto: string;
  ipProto: number;
  icmp_type: number;
  icmp_code: number;
  tunnel: EveTunnel | null;
}

/** Copies what events need out of the reused decode struct (whose views die with the next packet). */
export function evePacketInfo(p: DecodedPacket): EvePacketInfo {
  const v = p.ipVersion;
  const src = v === 4 ? formatIpv4(p.srcV4) : v === 6 ? formatIpAt(p.bytes, p.srcAddrOffset, 6) : '';
  const dst = v === 4 ? formatIpv4(p.dstV4) : v === 6 ? formatIpAt(p.bytes, p.dstAddrOffset, 6) : '';
  const tunnel = eveTunnel(p);
  return {
    src_ip: src,
    src_port: p.srcPort,
    dest_ip: dst,
    dest_port: p.dstPort,
    proto: eveProto(p.ipProto),
    ipProto: p.ipProto,
    icmp_type: p.icmpType,
    icmp_code: p.icmpCode,
    tunnel,
  };
}

/** How the packet reached the mirror target, or null when it came without a tunnel. */
export function eveTunnel(p: DecodedPacket): EveTunnel | null {
  if (p.vni >= 0) {
    const vxlan: EveTunnel = {
      type: 'vxlan',
      vni: p.vni,
      src_ip: formatIpAt(p.bytes, p.mirrorSrcOffset, p.mirrorIpVersion),
      dest_ip: formatIpAt(p.bytes, p.mirrorDstOffset, p.mirrorIpVersion),
      src_port: p.mirrorSrcPort,
      dest_port: p.mirrorDstPort,
      depth: p.tunnelDepth,
    };
    if (p.geneveVni >= 0) {
      vxlan.gwlb = {
        type: 'geneve',
        vni: p.geneveVni,
        src_ip: formatIpAt(p.bytes, p.geneveSrcOffset, p.geneveIpVersion),
        dest_ip: formatIpAt(p.bytes, p.geneveDstOffset, p.geneveIpVersion),
      };
    }
    return vxlan;
  }
  if (p.tunnelKind === TunnelKind.Geneve) {
    return {
      type: 'geneve',
      vni: p.geneveVni,
      src_ip: formatIpAt(p.bytes, p.geneveSrcOffset, p.geneveIpVersion),
      dest_ip: formatIpAt(p.bytes, p.geneveDstOffset, p.geneveIpVersion),
      depth: p.tunnelDepth,
    };
  }
  return null;
}
