import { readFileSync } from 'node:fs';

/**
 * Datagrams the kernel dropped for our sockets because their receive buffers were full: invisible to the
 * process otherwise (Node exposes no SO_RXQ_OVFL), so /metrics reads them from /proc/net/udp{,6}, whose last
 * column counts drops per socket. Returns null where procfs is absent (not Linux).
 */
export function kernelUdpDrops(ports: readonly number[], procFiles: readonly string[] = ['/proc/net/udp', '/proc/net/udp6']): number | null {
  const wanted = new Set(ports.map((p) => p.toString(16).toUpperCase().padStart(4, '0')));
  let total = 0;
  let found = false;
  for (const file of procFiles) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    found = true;
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 13) continue;
      const local = cols[1]!;
      const port = local.slice(local.lastIndexOf(':') + 1);
      if (!wanted.has(port)) continue;
      const drops = Number(cols[cols.length - 1]);
      if (Number.isFinite(drops)) total += drops;
    }
  }
  return found ? total : null;
}
