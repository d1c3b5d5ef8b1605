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

// Events of one packet or flow share their tunnel object.
let lastTunnel: Record<string, unknown> | null = null;
let lastTunnelJson = '';

export function tunnelJson(t: Record<string, unknown>): string {
  if (t !== lastTunnel) {
    lastTunnelJson = JSON.stringify(t);
    lastTunnel = t;
  }
  return lastTunnelJson;
}
