import { syntaxError } from '../rule/rule-error.js';
import type { TagSpec } from '../rule/signature.js';
import { parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

/** `tag:session[,count,packets|seconds|bytes]` or `tag:host,count,metric,src|dst`; recorded for output. */
export const tagKeyword: KeywordDefinition = {
  name: 'tag',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const parts = value.split(',').map((s) => s.trim());
    const scope = parts[0];
    if (scope !== 'session' && scope !== 'host') throw syntaxError('invalid tag scope', 'tag', value.trim());
    let count = 256;
    let metric: TagSpec['metric'] = 'packets';
    let direction: TagSpec['direction'] = '';
    if (parts.length >= 3) {
      count = parseUint(parts[1] as string, 'tag');
      const m = parts[2];
      if (m !== 'packets' && m !== 'seconds' && m !== 'bytes') throw syntaxError('invalid tag metric', 'tag', m);
      metric = m;
    } else if (parts.length === 2) throw syntaxError('invalid tag value', 'tag', value.trim());
    if (parts.length >= 4) {
      const d = parts[3];
      if (d !== 'src' && d !== 'dst') throw syntaxError('invalid tag direction', 'tag', d);
      direction = d;
    }
    if (scope === 'host' && direction === '') throw syntaxError('tag:host needs src or dst', 'tag', value.trim());
    sig.sig.tags.push({ scope, count, metric, direction });
  },
};
