/**
 * Signature groups (Suricata's SigGroupHead): the rules that can apply to one kind of packet, with one
 * Aho-Corasick prefilter per buffer kind keyed by the rules' fast patterns, and the rules that have no fast pattern
 * in a prefiltered buffer (evaluated on every packet of the group).
 */
import { AhoCorasickMatcher } from '../prefilter/index.js';
import { bufferById } from '../rule/buffer-registry.js';
import type { TransformId } from '../rule/signature.js';
import { AddressIndex } from './address-index.js';
import type { CompiledSignature } from './compiled-signature.js';

export interface PrefilterKind {
  readonly key: string;
  readonly bufferId: number;
  readonly transforms: readonly TransformId[];
  readonly matcher: AhoCorasickMatcher;
}

export interface SigGroup {
  /** Every member's internal id, ascending. */
  readonly members: Int32Array;
  /** Members without a usable fast pattern and without a selective address. */
  readonly always: Int32Array;
  /** Members without a fast pattern but with few addresses on one side, found by address. */
  readonly byAddress: AddressIndex | null;
  readonly kinds: readonly PrefilterKind[];
}

export interface GroupBuildOptions {
  readonly prefilter: boolean;
  /** Dense-table budget per matcher (see AhoCorasickOptions). */
  readonly denseBytes: number;
}

export class GroupBuilder {
  private readonly cache = new Map<string, SigGroup>();
  matchers = 0;
  memoryBytes = 0;

  constructor(private readonly options: GroupBuildOptions) {}

  /** Builds (or reuses, for an identical member list) the group of these signatures, given in internal order. */
  build(members: readonly CompiledSignature[]): SigGroup {
    const key = members.map((m) => m.order).join(',');
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const unfiltered: CompiledSignature[] = [];
    const byKind = new Map<string, { bufferId: number; transforms: readonly TransformId[]; sigs: CompiledSignature[] }>();
    for (const cs of members) {
      const fp = cs.sig.fastPattern;
      if (!this.options.prefilter || cs.fpKey === null || fp === null) {
        unfiltered.push(cs);
        continue;
      }
      let k = byKind.get(cs.fpKey);
      if (k === undefined) {
        const list = cs.sig.buffers[fp.listIndex]!;
        k = { bufferId: list.bufferId, transforms: list.transforms, sigs: [] };
        byKind.set(cs.fpKey, k);
      }
      k.sigs.push(cs);
    }
    const { index, rest } = this.options.prefilter ? AddressIndex.build(unfiltered) : { index: null, rest: unfiltered };
    const kinds: PrefilterKind[] = [];
    for (const [kindKey, k] of byKind) {
      const matcher = new AhoCorasickMatcher({ maxDenseTableBytes: this.options.denseBytes });
      for (const cs of k.sigs) matcher.addPattern(cs.sig.fastPattern!.bytes, cs.sig.fastPattern!.nocase, cs.order);
      matcher.compile();
      this.matchers++;
      this.memoryBytes += matcher.memoryBytes();
      kinds.push({ key: kindKey, bufferId: k.bufferId, transforms: k.transforms, matcher });
    }
    // pkt_data first: the engine searches it for every packet
    kinds.sort((a, b) => a.bufferId - b.bufferId || (a.key < b.key ? -1 : 1));
    const group: SigGroup = {
      members: Int32Array.from(members, (m) => m.order),
      always: Int32Array.from(rest, (cs) => cs.order),
      byAddress: index,
      kinds,
    };
    this.cache.set(key, group);
    return group;
  }

  get groups(): number {
    return this.cache.size;
  }
}

export function describeKind(k: PrefilterKind): string {
  return bufferById(k.bufferId).name + (k.transforms.length > 0 ? `+${k.transforms.length} transforms` : '');
}
