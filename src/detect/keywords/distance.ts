import { ContentFlag } from '../rule/signature.js';
import { setPositionFlag } from './content-modifier.js';
import type { KeywordDefinition } from './keyword.js';

export const distanceKeyword: KeywordDefinition = {
  name: 'distance',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const c = sig.requireLastContent('distance');
    setPositionFlag(c, ContentFlag.HasDistance, 'distance');
    [c.distance, c.distanceVar] = sig.numberOrVar(value, 'distance', -65535, 65535);
  },
};
