// Writes mirrored frames (outer Ethernet/IPv4/UDP/VXLAN[/GENEVE]) straight into a reusable buffer: the generator
// makes a million packets, so it builds bytes in place rather than concatenating arrays.

export interface Endpoint {
  ip: number; // IPv4 as uint32
  port: number;
}

export class FrameWriter {
  readonly buf = new Uint8Array(16384);
  length = 0;

  private u8(o: number, v: number): void {
    this.buf[o] = v & 0xff;
  }
  private u16(o: number, v: number): void {
    this.buf[o] = (v >>> 8) & 0xff;
    this.buf[o + 1] = v & 0xff;
  }
  private u32(o: number, v: number): void {
    this.buf[o] = (v >>> 24) & 0xff;
    this.buf[o + 1] = (v >>> 16) & 0xff;
    this.buf[o + 2] = (v >>> 8) & 0xff;
    this.buf[o + 3] = v & 0xff;
  }

  private ethernet(o: number, ethertype: number, seed: number): number {
    this.buf.set([0x02, 0, 0, 0, (seed >> 8) & 0xff, seed & 0xff, 0x02, 0, 0, 1, (seed >> 8) & 0xff, seed & 0xff], o);
    this.u16(o + 12, ethertype);
    return o + 14;
  }

  private ipv4(o: number, src: number, dst: number, proto: number, totalLength: number, id: number, ttl = 64): number {
    this.u8(o, 0x45);
    this.u8(o + 1, 0);
    this.u16(o + 2, totalLength);
    this.u16(o + 4, id);
    this.u16(o + 6, 0x4000);
    this.u8(o + 8, ttl);
    this.u8(o + 9, proto);
    this.u16(o + 10, 0); // mirrors of truncated packets carry no checksum either; nothing here validates it
    this.u32(o + 12, src);
    this.u32(o + 16, dst);
    return o + 20;
  }

  private udp(o: number, sport: number, dport: number, length: number): number {
    this.u16(o, sport);
    this.u16(o + 2, dport);
    this.u16(o + 4, length);
    this.u16(o + 6, 0);
    return o + 8;
  }

  private vxlan(o: number, vni: number): number {
    this.buf.set([0x08, 0, 0, 0, (vni >> 16) & 0xff, (vni >> 8) & 0xff, vni & 0xff, 0], o);
    return o + 8;
  }

  /**
   * Frame = [outer eth][outer ip][udp 4789][vxlan][inner eth][inner ip][l4 header][payload]. `inner` writes the
   * inner IP packet at the offset it is given and returns its length.
   */
  mirrored(
    mirrorSource: number,
    target: number,
    vni: number,
    outerSport: number,
    gwlb: boolean,
    innerIpLength: number,
    writeInnerIp: (o: number) => void,
  ): number {
    let o = this.ethernet(0, 0x0800, vni);
    const deliveryLength = 20 + 8 + 8 + 14 + innerIpLength;
    if (gwlb) {
      const geneveOpts = 36;
      const total = 20 + 8 + 8 + geneveOpts + deliveryLength;
      o = this.ipv4(o, 0x0a000808, target, 17, total, vni & 0xffff);
      o = this.udp(o, 40000 + (outerSport & 0x3ff), 6081, total - 20);
      this.buf.set([geneveOpts >> 2, 0, 0x08, 0x00, 0, 0, 0, 0], o);
      o += 8;
      for (let t = 1; t <= 3; t++) {
        this.buf.set([0x01, 0x08, t, 2, 0, 0, 0, 0, 0, 0, (vni >> 8) & 0xff, t], o);
        o += 12;
      }
    }
    o = this.ipv4(o, mirrorSource, target, 17, deliveryLength, outerSport);
    o = this.udp(o, outerSport, 4789, deliveryLength - 20);
    o = this.vxlan(o, vni);
    o = this.ethernet(o, 0x0800, vni + 1);
    writeInnerIp(o);
    this.length = o + innerIpLength;
    return this.length;
  }

  tcp(o: number, src: Endpoint, dst: Endpoint, seq: number, ack: number, flags: number, payload: Uint8Array | null, payloadLength: number, id: number): void {
    const options = flags & 0x02 ? 12 : 0; // SYNs carry MSS + SACK-permitted + window scale, like real stacks
    const hl = 20 + options;
    const p = this.ipv4(o, src.ip, dst.ip, 6, 20 + hl + payloadLength, id, flags & 0x10 && !(flags & 0x02) ? 64 : 128);
    this.u16(p, src.port);
    this.u16(p + 2, dst.port);
    this.u32(p + 4, seq);
    this.u32(p + 8, ack);
    this.u8(p + 12, (hl >> 2) << 4);
    this.u8(p + 13, flags);
    this.u16(p + 14, 64240);
    this.u16(p + 16, 0);
    this.u16(p + 18, 0);
    if (options) this.buf.set([2, 4, 0x05, 0xb4, 4, 2, 1, 1, 1, 3, 3, 7], p + 20);
    if (payload !== null) this.buf.set(payload.subarray(0, payloadLength), p + hl);
  }

  udpDatagram(o: number, src: Endpoint, dst: Endpoint, payload: Uint8Array, id: number): void {
    const p = this.ipv4(o, src.ip, dst.ip, 17, 28 + payload.length, id);
    this.udp(p, src.port, dst.port, 8 + payload.length);
    this.buf.set(payload, p + 8);
  }
}
