import { BufferId } from '../rule/buffer-registry.js';
import type { KeywordDefinition } from './keyword.js';

/** Returns inspection to the packet (or stream) payload after a sticky buffer. */
export const pktDataKeyword: KeywordDefinition = {
  name: 'pkt_data',
  aliases: [],
  value: 'none',
  setup(sig) {
    sig.switchBuffer(BufferId.PktData, 'pkt_data');
  },
};
