import { DecodedPacket, PacketDecoder } from '../../native-free-decoders/index.js';
import { packetRouteHash, workerForHash } from '../flow/index.js';

/**
 * Picks the worker of a packet: decodes it just far enough for the flow key (the same decoder the sinks use, with
 * the same tunnel ports, so routing agrees with what the sink will see) and maps the symmetric flow hash onto the
 * workers. One per dispatching thread; nothing is allocated per packet.
 */
export class FlowDispatcher {
  readonly workers: number;
  private readonly decoder: PacketDecoder;
  private readonly pkt = new DecodedPacket();

  constructor(workers: number, vxlanPorts: readonly number[] = [], genevePorts: readonly number[] = []) {
    this.workers = workers;
    this.decoder = new PacketDecoder();
    for (const p of vxlanPorts) this.decoder.tunnelPorts.setVxlan(p);
    for (const p of genevePorts) this.decoder.tunnelPorts.setGeneve(p);
  }

  workerFor(bytes: Uint8Array, offset: number, captureLength: number, wireLength: number, linkType: number): number {
    if (this.workers <= 1) return 0;
    this.decoder.decode(this.pkt, bytes, offset, captureLength, wireLength, linkType);
    return workerForHash(packetRouteHash(this.pkt), this.workers);
  }
}
