import { syntaxError } from '../rule/rule-error.js';
import { parseRateSpec } from './rate-spec.js';
import type { KeywordDefinition } from './keyword.js';

/** `threshold:type limit|threshold|both, track by_src|by_dst|by_rule|by_both, count N, seconds M`. */
export const thresholdKeyword: KeywordDefinition = {
  name: 'threshold',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const spec = parseRateSpec(value, 'threshold');
    const prev = sig.sig.threshold;
    // ET repeats an identical threshold in a few rules; Suricata accepts that, so only a conflict is an error
    if (prev !== null && JSON.stringify(prev) !== JSON.stringify(spec)) {
      throw syntaxError('threshold given twice with different values', 'threshold');
    }
    sig.sig.threshold = spec;
  },
};
