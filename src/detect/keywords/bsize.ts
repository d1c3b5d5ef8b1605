import { syntaxError } from '../rule/rule-error.js';
import { BufferId } from '../rule/buffer-registry.js';
import { ItemKind } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';
import type { KeywordDefinition } from './keyword.js';

export const bsizeKeyword: KeywordDefinition = {
  name: 'bsize',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    if (sig.current.bufferId === BufferId.PktData) throw syntaxError('bsize needs a sticky buffer', 'bsize');
    sig.addItem({ kind: ItemKind.Bsize, cmp: parseNumericComparison(value, 'bsize', 0xffffffff), origin: 'bsize' });
  },
};
