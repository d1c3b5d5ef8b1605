import { ContentFlag } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

/** Snort's "skip telnet/ftp normalisation"; Suricata never normalises the payload, so it only marks the content. */
export const rawbytesKeyword: KeywordDefinition = {
  name: 'rawbytes',
  aliases: [],
  value: 'none',
  setup(sig) {
    sig.requireLastContent('rawbytes').flags |= ContentFlag.Rawbytes;
  },
};
