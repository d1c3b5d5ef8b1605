import { BufferId } from '../rule/buffer-registry.js';
import type { KeywordDefinition } from './keyword.js';

/** Sticky buffer holding what the preceding base64_decode produced. */
export const base64DataKeyword: KeywordDefinition = {
  name: 'base64_data',
  aliases: [],
  value: 'none',
  setup(sig) {
    sig.switchBuffer(BufferId.Base64Data, 'base64_data');
  },
};
