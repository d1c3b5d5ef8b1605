import { syntaxError } from '../rule/rule-error.js';
import { BufferId } from '../rule/buffer-registry.js';
import { ItemKind } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';
import { listForBuffer } from './sticky-buffer.js';
import type { KeywordDefinition } from './keyword.js';

/** `urilen:N[,norm|raw]` is a size check on the (normalised or raw) URI buffer, so it compiles to a bsize there. */
export const urilenKeyword: KeywordDefinition = {
  name: 'urilen',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const [cmpText, kind = 'norm'] = value.split(',').map((s) => s.trim());
    if (kind !== 'norm' && kind !== 'raw') throw syntaxError('invalid urilen value', 'urilen', `"${value}"`);
    const list = listForBuffer(sig, kind === 'raw' ? BufferId.HttpUriRaw : BufferId.HttpUri, 'urilen');
    list.items.push({ kind: ItemKind.Bsize, cmp: parseNumericComparison(cmpText ?? '', 'urilen', 65535), origin: 'urilen' });
  },
};
