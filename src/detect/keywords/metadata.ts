import type { KeywordDefinition } from './keyword.js';

/** `metadata:key value, key value`: free-form pairs; a bare word becomes a key with an empty value. */
export const metadataKeyword: KeywordDefinition = {
  name: 'metadata',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    for (const part of value.split(',')) {
      const p = part.trim();
      if (p === '') continue;
      const sp = p.search(/\s/);
      sig.sig.metadata.push(sp < 0 ? [p, ''] : [p.slice(0, sp), p.slice(sp + 1).trim()]);
    }
  },
};
