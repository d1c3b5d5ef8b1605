import type { EveTunnel } from './eve-packet-info.js';

/**
 * Pieces of EVE lines written as text. Events are built as the text JSON.stringify gives for their object (tests
 * hold each builder to that), because building an object per event only to serialize it cost more than the rest
 * of the output path. Addresses, protocol names, timestamps and Suricata's fixed names are text mirrorscope formats
 * itself (digits, hex, letters, '.', ':', '-', '+', '_'), so they are quoted without escaping; anything that comes
 * from traffic or rules goes through JSON.stringify.
 */

export function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

// Events of one packet share their tunnel object.
let lastTunnel: EveTunnel | null = null;
let lastTunnelJson = '';

/** JSON.stringify(t) (addresses are formatted text): flow and transaction events each carry their flow's. */
export function tunnelJson(t: EveTunnel): string {
  if (t !== lastTunnel) {
    let s = `{"type":"${t.type}","vni":${jsonNumber(t.vni)},"src_ip":"${t.src_ip}","dest_ip":"${t.dest_ip}"`;
    if (t.type === 'vxlan') {
      s += `,"src_port":${jsonNumber(t.src_port)},"dest_port":${jsonNumber(t.dest_port)},"depth":${jsonNumber(t.depth)}`;
      const g = t.gwlb;
      if (g !== undefined) s += `,"gwlb":{"type":"${g.type}","vni":${jsonNumber(g.vni)},"src_ip":"${g.src_ip}","dest_ip":"${g.dest_ip}"}`;
    } else {
      s += `,"depth":${jsonNumber(t.depth)}`;
    }
    lastTunnelJson = s + '}';
    lastTunnel = t;
  }
  return lastTunnelJson;
}
