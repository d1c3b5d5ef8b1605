/** Checks shared by the content modifiers (offset, depth, distance, within, startswith, endswith). */
import { syntaxError } from '../rule/rule-error.js';
import { ContentFlag, type ContentItem } from '../rule/signature.js';

const ABSOLUTE = ContentFlag.HasOffset | ContentFlag.HasDepth;
const RELATIVE = ContentFlag.HasDistance | ContentFlag.HasWithin;

/** Suricata refuses a content that is both anchored (offset/depth) and relative (distance/within). */
export function setPositionFlag(item: ContentItem, flag: number, keyword: string): void {
  if (item.flags & ContentFlag.StartsWith) throw syntaxError(`${keyword} cannot be combined with startswith`, keyword);
  if (item.flags & flag) throw syntaxError(`${keyword} given twice for one content`, keyword);
  const absolute = (flag & ABSOLUTE) !== 0;
  if (absolute ? item.flags & RELATIVE : item.flags & ABSOLUTE) {
    throw syntaxError('content mixes absolute (offset/depth) and relative (distance/within) positions', keyword);
  }
  item.flags |= flag;
}
