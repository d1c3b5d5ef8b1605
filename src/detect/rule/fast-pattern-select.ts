/**
 * Chooses each signature's fast pattern, the one content the multi-pattern prefilter searches for. The rule's
 * `fast_pattern` wins; otherwise the strongest content by a PatternStrength-style score: rarer, more varied bytes
 * score higher (letters are common in traffic, non-printables rare), repeats add little.
 */
import { ContentFlag, ItemKind, type FastPatternInfo, type Signature } from './signature.js';

export function patternStrength(bytes: Uint8Array): number {
  const seen = new Uint8Array(256);
  let score = 0;
  for (const b of bytes) {
    if (seen[b]) {
      score += 1;
      continue;
    }
    seen[b] = 1;
    const alpha = (b >= 65 && b <= 90) || (b >= 97 && b <= 122);
    if (alpha) score += 3;
    else if ((b >= 32 && b <= 126) || b === 0 || b === 0xff) score += 4;
    else score += 6;
  }
  return score;
}

export function selectFastPattern(sig: Signature): FastPatternInfo | null {
  let best: FastPatternInfo | null = null;
  let bestScore = -1;
  for (let li = 0; li < sig.buffers.length; li++) {
    const list = sig.buffers[li]!;
    for (let ii = 0; ii < list.items.length; ii++) {
      const item = list.items[ii]!;
      if (item.kind !== ItemKind.Content || item.flags & ContentFlag.Negated) continue;
      const nocase = (item.flags & ContentFlag.Nocase) !== 0;
      let bytes = nocase ? item.patternLower : item.pattern;
      if (item.flags & ContentFlag.FastPatternChop) bytes = bytes.subarray(item.fpOffset, item.fpOffset + item.fpLength);
      const explicit = (item.flags & ContentFlag.FastPattern) !== 0;
      const info: FastPatternInfo = {
        bytes,
        nocase,
        bufferId: list.bufferId,
        listIndex: li,
        itemIndex: ii,
        explicit,
        only: (item.flags & ContentFlag.FastPatternOnly) !== 0,
      };
      if (explicit) return info;
      const score = patternStrength(bytes);
      if (score > bestScore || (score === bestScore && best !== null && bytes.length > best.bytes.length)) {
        best = info;
        bestScore = score;
      }
    }
  }
  return best;
}
