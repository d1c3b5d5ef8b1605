/** Event types `--eve-types` can switch; the default writes all but stats, as Suricata's default eve-log. */
export const EVE_TYPES = ['alert', 'anomaly', 'http', 'tls', 'dns', 'flow', 'stats'] as const;
export type EveType = (typeof EVE_TYPES)[number];

export function parseEveTypes(text: string | undefined): Set<EveType> {
  if (text === undefined) return new Set(EVE_TYPES.filter((t) => t !== 'stats'));
  const out = new Set<EveType>();
  for (const raw of text.split(',')) {
    const t = raw.trim();
    if (t === '') continue;
    if (!(EVE_TYPES as readonly string[]).includes(t)) throw new Error(`unknown EVE event type "${t}" (known: ${EVE_TYPES.join(', ')})`);
    out.add(t as EveType);
  }
  return out;
}
