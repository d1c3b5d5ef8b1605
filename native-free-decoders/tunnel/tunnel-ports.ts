import { LayerKind } from '../dispatch/layer-kind.js';

export const VXLAN_DEFAULT_PORT = 4789;
export const GENEVE_DEFAULT_PORT = 6081;

/**
 * UDP destination port -> tunnel layer. A dense table so the UDP decoder's check is one load; users add ports
 * (e.g. a listener moved off 4789) with setVxlan/setGeneve.
 */
export class TunnelPortTable {
  readonly table = new Uint8Array(65536);

  constructor(vxlanPorts: readonly number[] = [VXLAN_DEFAULT_PORT], genevePorts: readonly number[] = [GENEVE_DEFAULT_PORT]) {
    for (const p of vxlanPorts) this.setVxlan(p);
    for (const p of genevePorts) this.setGeneve(p);
  }

  setVxlan(port: number): void {
    this.table[checkPort(port)] = LayerKind.Vxlan;
  }

  setGeneve(port: number): void {
    this.table[checkPort(port)] = LayerKind.Geneve;
  }

  remove(port: number): void {
    this.table[checkPort(port)] = LayerKind.None;
  }

  kindOf(port: number): number {
    return this.table[port] ?? LayerKind.None;
  }
}

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`not a UDP port: ${port}`);
  return port;
}
