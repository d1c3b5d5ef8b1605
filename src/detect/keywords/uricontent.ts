import { BufferId } from '../rule/buffer-registry.js';
import { parseContentValue } from './content-bytes.js';
import { makeContentItem } from './content.js';
import { moveToBuffer } from './sticky-buffer.js';
import type { KeywordDefinition } from './keyword.js';

/** Snort-era `uricontent:"x"` is `content:"x"; http_uri;`. */
export const uricontentKeyword: KeywordDefinition = {
  name: 'uricontent',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const { bytes, negated } = parseContentValue(value, 'uricontent');
    sig.addItem(makeContentItem(bytes, negated));
    moveToBuffer(sig, BufferId.HttpUri, 'uricontent');
  },
};
