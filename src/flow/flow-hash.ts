import type { DecodedPacket } from '../../native-free-decoders/index.js';
import { FLOW_KEY_WORDS, FlowKey, KEY_PORTS, extractFlowKey } from './flow-key.js';

/** A fixed default so hashes (and so flow-to-worker placement) are reproducible from run to run. */
export const DEFAULT_FLOW_HASH_SEED = 0x5eed_f10e;

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixWord(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

// Returns a signed 32-bit value on purpose: V8 keeps int32 results unboxed, while an unsigned value >= 2^31
// returned from a non-inlined call becomes a heap number (an allocation per packet).
function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Seeded 32-bit hash (signed int32) of a flow key (MurmurHash3's mixing over the key words). The key already holds its two
 * endpoints in canonical order, so a packet and its reply hash alike: the symmetry comes from the key, the seed
 * keeps an outsider from aiming traffic at one bucket or one worker (as Suricata seeds its flow hash).
 */
export function hashFlowKey(words: Uint32Array, seed: number = DEFAULT_FLOW_HASH_SEED): number {
  let h = seed | 0;
  for (let i = 0; i < FLOW_KEY_WORDS; i++) h = mixWord(h, words[i]! | 0);
  return finalMix(h ^ (FLOW_KEY_WORDS * 4));
}

// One scratch key per thread: packetFlowHash is called per packet by the dispatcher and must not allocate.
const scratch = new FlowKey();

/**
 * The flow hash of a decoded packet, for picking the worker that owns its flow: equal for both directions and
 * for every packet of one (mirror source, endpoints, protocol). Packets without an IP layer hash to 0, so they
 * all land on one worker deterministically.
 */
export function packetFlowHash(pkt: DecodedPacket, seed: number = DEFAULT_FLOW_HASH_SEED): number {
  return extractFlowKey(pkt, scratch) ? hashFlowKey(scratch.words, seed) : 0;
}

/**
 * The hash that picks a packet's worker: the flow hash without the ports. A datagram's non-first fragments carry
 * no ports, yet must reach the worker that holds its first fragment (and its flow) to be reassembled; keying on
 * (mirror source, endpoint addresses, protocol) keeps every flow and every fragment of a host pair together, at
 * the cost of coarser balancing when one host pair dominates.
 */
export function packetRouteHash(pkt: DecodedPacket, seed: number = DEFAULT_FLOW_HASH_SEED): number {
  if (!extractFlowKey(pkt, scratch)) return 0;
  scratch.words[KEY_PORTS] = 0;
  return hashFlowKey(scratch.words, seed);
}

/**
 * Maps a 32-bit hash onto [0, workers) by multiply-shift rather than modulo: uses the high bits, which the final
 * mix spreads best, and has no division.
 */
export function workerForHash(hash: number, workers: number): number {
  return Math.floor(((hash >>> 0) * workers) / 4294967296);
}

/** A signed 32-bit mix of one more value into a hash; for derived ids (flow_id) that must not collide with the bucket hash. */
export function mixHash(h: number, value: number): number {
  return finalMix(mixWord(h | 0, value | 0));
}
