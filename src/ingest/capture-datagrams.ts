import { DecodedPacket, LayerKind, PacketDecoder, formatIpAt, u16 } from '../../native-free-decoders/index.js';
import { readCaptureFile } from './capture-file.js';
import type { TunnelProtocol } from './datagram-framing.js';

/** One delivery as a mirror target's UDP socket receives it: the UDP payload and the sender. */
export interface CapturedDatagram {
  protocol: TunnelProtocol;
  /** A copy of the UDP payload (the VXLAN or GENEVE header onward). */
  payload: Uint8Array;
  srcAddress: string;
  srcPort: number;
  dstAddress: string;
  dstPort: number;
  /** Record number in the capture, 1-based. */
  recordNumber: number;
}

/**
 * The deliveries in a capture as datagrams: strips the outer link, IP and UDP headers of every record sent to a
 * VXLAN or GENEVE port. For tests and benches that replay captures to the listener over a real socket.
 */
export function datagramsFromCapture(path: string, vxlanPorts: readonly number[] = [4789], genevePorts: readonly number[] = [6081]): CapturedDatagram[] {
  const decoder = new PacketDecoder();
  const pkt = new DecodedPacket();
  const out: CapturedDatagram[] = [];
  readCaptureFile(path, (r) => {
    decoder.decode(pkt, r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType);
    let ip = -1;
    for (let i = 0; i < pkt.layerCount; i++) {
      const kind = pkt.layerKinds[i]!;
      if (ip < 0 && (kind === LayerKind.Ipv4 || kind === LayerKind.Ipv6)) ip = i;
      if (ip >= 0 && kind === LayerKind.Udp) {
        const udp = pkt.layerOffsets[i]!;
        const dstPort = u16(r.bytes, udp + 2);
        const protocol: TunnelProtocol | null = vxlanPorts.includes(dstPort) ? 'vxlan' : genevePorts.includes(dstPort) ? 'geneve' : null;
        if (protocol === null) return;
        const ipOff = pkt.layerOffsets[ip]!;
        const v6 = pkt.layerKinds[ip] === LayerKind.Ipv6;
        const udpLength = u16(r.bytes, udp + 4);
        const end = Math.min(r.offset + r.captureLength, udp + Math.max(8, udpLength));
        out.push({
          protocol,
          payload: r.bytes.slice(udp + 8, end),
          srcAddress: formatIpAt(r.bytes, ipOff + (v6 ? 8 : 12), v6 ? 6 : 4),
          srcPort: u16(r.bytes, udp),
          dstAddress: formatIpAt(r.bytes, ipOff + (v6 ? 24 : 16), v6 ? 6 : 4),
          dstPort,
          recordNumber: r.recordNumber,
        });
        return;
      }
    }
  });
  return out;
}
