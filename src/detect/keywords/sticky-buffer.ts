/**
 * Factories for buffer keywords. Each buffer's keywords are declared in its own file under buffers/ (one file per
 * keyword family, as Suricata's detect-http-uri.c declares http.uri and http_uri together); these helpers hold
 * the shared behaviour.
 */
import { syntaxError } from '../rule/rule-error.js';
import { bufferById, bufferByName, type BufferDefinition } from '../rule/buffer-registry.js';
import type { SignatureBuilder } from '../rule/signature-builder.js';
import type { BufferList } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

function lookup(name: string): BufferDefinition {
  const b = bufferByName(name);
  if (b === undefined) throw new Error(`sticky-buffer: unknown buffer ${name}`);
  return b;
}

/** `http.uri;` and its sticky legacy aliases (`dns_query;`): later items inspect this buffer. */
export function stickyBufferKeyword(bufferName: string): KeywordDefinition {
  const b = lookup(bufferName);
  return {
    name: b.name,
    aliases: b.legacyKind === 'sticky' ? b.legacy : [],
    value: 'none',
    setup(sig, _value, _ctx) {
      sig.switchBuffer(b.id, b.name);
    },
  };
}

/** The list legacy modifiers and pcre buffer flags append to: reuse the newest untransformed list of the buffer. */
export function listForBuffer(sig: SignatureBuilder, bufferId: number, keyword: string): BufferList {
  for (let i = sig.sig.buffers.length - 1; i > 0; i--) {
    const l = sig.sig.buffers[i] as BufferList;
    if (l.bufferId === bufferId && l.transforms.length === 0) return l;
  }
  sig.requireAppProto(bufferById(bufferId).appProto, keyword);
  const list: BufferList = { bufferId, transforms: [], items: [] };
  sig.sig.buffers.push(list);
  return list;
}

/** Moves the most recent content out of the packet payload list into `bufferId`'s list. */
export function moveToBuffer(sig: SignatureBuilder, bufferId: number, keyword: string): void {
  const content = sig.requireLastContent(keyword);
  const from = sig.lastContentList;
  if (from !== sig.payload) {
    throw syntaxError(`${keyword} modifies a content that is not in the packet payload`, keyword);
  }
  const idx = from.items.lastIndexOf(content);
  const list = listForBuffer(sig, bufferId, keyword);
  from.items.splice(idx, 1);
  list.items.push(content);
  sig.lastContentList = list;
}

/** Legacy content modifier form (`content:"x"; http_uri;`). */
export function legacyModifierKeyword(bufferName: string): KeywordDefinition {
  const b = lookup(bufferName);
  if (b.legacyKind !== 'modifier' || b.legacy.length === 0) {
    throw new Error(`sticky-buffer: ${bufferName} has no legacy modifier form`);
  }
  return {
    name: b.legacy[0] as string,
    aliases: b.legacy.slice(1),
    value: 'none',
    setup(sig, _value, _ctx) {
      // Some legacy names were content modifiers in Suricata 4 and sticky aliases later, and ET uses both forms
      // (`http_content_type; content:"x"`): modify when a payload content was the last item, else act sticky.
      if (sig.lastItem !== null && sig.lastItem === sig.lastContent && sig.lastContentList === sig.payload) {
        moveToBuffer(sig, b.id, b.legacy[0] as string);
      } else {
        sig.switchBuffer(b.id, b.legacy[0] as string);
      }
    },
  };
}
