/**
 * One rule's text to a compiled Signature, or a skip record. Never throws: every failure, including a bug in a
 * keyword module, becomes `{ ok: false }` with a reason, because one bad rule must not stop a ruleset loading.
 */
import { RuleParseError, syntaxError, unsupportedError } from './rule-error.js';
import { splitRule } from './rule-lexer.js';
import { SUPPORTED_PROTOCOLS, RECOGNISED_UNSUPPORTED_PROTOCOLS } from './app-proto.js';
import { addressMatcherFor, portMatcherFor, type ParseContext } from './parse-context.js';
import { SignatureBuilder } from './signature-builder.js';
import { selectFastPattern } from './fast-pattern-select.js';
import { DEFAULT_PRIORITY } from './classification.js';
import { BufferId } from './buffer-registry.js';
import {
  ContentFlag,
  ItemKind,
  type BufferList,
  type InspectionItem,
  type RuleAction,
  type Signature,
} from './signature.js';
import { isKnownUnsupportedKeyword, lookupKeyword } from '../keywords/registry.js';

export type ParseResult =
  | { readonly ok: true; readonly signature: Signature }
  | { readonly ok: false; readonly error: RuleParseError; readonly sid: number | undefined };

const ACTIONS: ReadonlySet<string> = new Set(['alert', 'pass', 'drop', 'reject', 'rejectsrc', 'rejectdst', 'rejectboth']);

/** Best-effort sid for skip reports of rules that failed before (or without) the sid keyword. */
export function sniffSid(text: string): number | undefined {
  const m = /(?:^|[;(\s])sid\s*:\s*(\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function parseRule(text: string, ctx: ParseContext, file = '', line = 0): ParseResult {
  try {
    return { ok: true, signature: parseOrThrow(text, ctx, file, line) };
  } catch (e) {
    const error =
      e instanceof RuleParseError
        ? e
        : syntaxError('internal error while parsing', undefined, e instanceof Error ? e.message : String(e));
    return { ok: false, error, sid: sniffSid(text) };
  }
}

function parseOrThrow(text: string, ctx: ParseContext, file: string, line: number): Signature {
  const parts = splitRule(text.trim());
  if (!ACTIONS.has(parts.action)) throw syntaxError('unknown action', undefined, parts.action);
  const protoName = parts.proto.toLowerCase();
  const spec = SUPPORTED_PROTOCOLS.get(protoName);
  if (spec === undefined) {
    if (RECOGNISED_UNSUPPORTED_PROTOCOLS.has(protoName)) {
      throw unsupportedError(`unsupported app-layer protocol ${protoName}`, undefined, protoName);
    }
    throw syntaxError('unknown protocol', undefined, parts.proto);
  }
  if (parts.direction !== '->' && parts.direction !== '<>') throw syntaxError('invalid direction', undefined, parts.direction);

  const sig: Signature = {
    index: -1,
    file,
    line,
    action: parts.action as RuleAction,
    effectiveAction: parts.action === 'pass' ? 'pass' : 'alert',
    proto: spec.proto,
    appProto: spec.appProto,
    protoName,
    src: addressMatcherFor(ctx, parts.src),
    dst: addressMatcherFor(ctx, parts.dst),
    srcPorts: portMatcherFor(ctx, parts.srcPorts),
    dstPorts: portMatcherFor(ctx, parts.dstPorts),
    bidirectional: parts.direction === '<>',
    sid: 0,
    gid: 1,
    rev: 0,
    msg: '',
    classtype: '',
    classDescription: '',
    priority: DEFAULT_PRIORITY,
    references: [],
    metadata: [],
    target: '',
    flowFlags: 0,
    packetChecks: [],
    buffers: [{ bufferId: BufferId.PktData, transforms: [], items: [] }],
    byteVars: [],
    flowbits: [],
    xbits: [],
    flowints: [],
    threshold: null,
    detectionFilter: null,
    noalert: false,
    tlsChecks: [],
    appLayerEvents: [],
    appLayerProtocol: null,
    tags: [],
    fastPattern: null,
  };
  const builder = new SignatureBuilder(sig);

  for (const opt of parts.options) {
    const def = lookupKeyword(opt.name);
    if (def === undefined) {
      if (isKnownUnsupportedKeyword(opt.name)) {
        throw unsupportedError(`unsupported keyword ${opt.name}`, opt.name);
      }
      throw syntaxError(`unknown keyword ${opt.name}`, opt.name);
    }
    if (def.value === 'required' && opt.value === '') throw syntaxError(`${def.name} needs a value`, opt.name);
    if (def.value === 'none' && opt.hasValue) throw syntaxError(`${def.name} takes no value`, opt.name, opt.value);
    try {
      def.setup(builder, opt.value, ctx);
    } catch (e) {
      if (e instanceof RuleParseError && e.keyword === undefined) {
        throw new RuleParseError(e.reason, opt.name, e.detail === '' ? undefined : e.detail, e.kind);
      }
      throw e;
    }
  }
  if (!builder.sawSid) throw syntaxError('missing sid');
  finalizeBuffers(sig);
  sig.fastPattern = selectFastPattern(sig);
  return sig;
}

function isRelative(item: InspectionItem): boolean {
  switch (item.kind) {
    case ItemKind.Content:
      return (item.flags & (ContentFlag.HasDistance | ContentFlag.HasWithin)) !== 0;
    case ItemKind.Pcre:
    case ItemKind.ByteTest:
    case ItemKind.ByteJump:
    case ItemKind.ByteExtract:
    case ItemKind.IsDataAt:
    case ItemKind.Base64Decode:
      return item.relative;
    default:
      return false;
  }
}

/**
 * Drops sticky buffers that ended up empty, merges repeated mentions of one buffer with the same transforms
 * (Suricata appends to the same list), and marks contents that a later item is relative to.
 */
function finalizeBuffers(sig: Signature): void {
  const merged: BufferList[] = [sig.buffers[0] as BufferList];
  const byKey = new Map<string, BufferList>();
  for (let i = 1; i < sig.buffers.length; i++) {
    const list = sig.buffers[i] as BufferList;
    if (list.items.length === 0) continue;
    const key = `${list.bufferId}:${list.transforms.join(',')}`;
    const existing = byKey.get(key);
    if (existing) existing.items.push(...list.items);
    else {
      byKey.set(key, list);
      merged.push(list);
    }
  }
  sig.buffers = merged;
  for (const list of merged) {
    for (let i = 1; i < list.items.length; i++) {
      const prev = list.items[i - 1] as InspectionItem;
      if (prev.kind === ItemKind.Content && isRelative(list.items[i] as InspectionItem)) {
        prev.flags |= ContentFlag.RelativeNext;
      }
    }
  }
}
