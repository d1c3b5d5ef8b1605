import { syntaxError } from '../rule/rule-error.js';
import { parseRateSpec } from './rate-spec.js';
import type { KeywordDefinition } from './keyword.js';

/** `detection_filter:track by_src|by_dst|..., count N, seconds M`: alert only after N matches in M seconds. */
export const detectionFilterKeyword: KeywordDefinition = {
  name: 'detection_filter',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const spec = parseRateSpec(value, 'detection_filter');
    const prev = sig.sig.detectionFilter;
    // ET repeats an identical threshold in a few rules; Suricata accepts that, so only a conflict is an error
    if (prev !== null && JSON.stringify(prev) !== JSON.stringify(spec)) {
      throw syntaxError('detection_filter given twice with different values', 'detection_filter');
    }
    sig.sig.detectionFilter = spec;
  },
};
