import type { KeywordDefinition } from './keyword.js';

/** The rule still runs (and sets flowbits) but never produces an alert. */
export const noalertKeyword: KeywordDefinition = {
  name: 'noalert',
  aliases: [],
  value: 'none',
  setup(sig) {
    sig.sig.noalert = true;
  },
};
