/**
 * The mutable state of one rule while its options are applied left to right: which buffer receives new items,
 * the content that modifiers (nocase, depth...) attach to, and byte_extract variable names.
 */
import { syntaxError } from './rule-error.js';
import { AppProto, APP_PROTO_NAMES } from './app-proto.js';
import { BufferId, bufferById } from './buffer-registry.js';
import {
  ItemKind,
  NO_VAR,
  type BufferList,
  type ContentItem,
  type InspectionItem,
  type Signature,
  type TransformId,
} from './signature.js';

export class SignatureBuilder {
  readonly sig: Signature;
  /** The list new content/pcre/byte_* items go to. Starts as the packet payload list. */
  current: BufferList;
  lastContent: ContentItem | null = null;
  lastContentList: BufferList | null = null;
  /** The most recent item of any kind, for checks that a relative option has something to be relative to. */
  lastItem: InspectionItem | null = null;
  sawSid = false;
  sawFastPattern = false;
  priorityGiven = false;
  /** The app-layer protocol the header gave, before buffers implied one (conflict messages use it). */
  readonly headerAppProto: AppProto;

  constructor(sig: Signature) {
    this.sig = sig;
    this.headerAppProto = sig.appProto;
    this.current = sig.buffers[0] as BufferList;
  }

  get payload(): BufferList {
    return this.sig.buffers[0] as BufferList;
  }

  /** Sticky buffer keyword: later items go to a fresh list for that buffer. */
  switchBuffer(bufferId: number, keyword: string): void {
    if (bufferId === BufferId.PktData) {
      this.current = this.payload;
      return;
    }
    this.requireAppProto(bufferById(bufferId).appProto, keyword);
    const list: BufferList = { bufferId, transforms: [], items: [] };
    this.sig.buffers.push(list);
    this.current = list;
  }

  requireAppProto(app: AppProto, keyword: string): void {
    if (app === AppProto.Unknown) return;
    if (this.sig.appProto === AppProto.Unknown) {
      this.sig.appProto = app;
      return;
    }
    if (this.sig.appProto !== app) {
      throw syntaxError(
        'keyword conflicts with the rule protocol',
        keyword,
        `${keyword} needs ${APP_PROTO_NAMES[app]}, rule is ${APP_PROTO_NAMES[this.sig.appProto]}`,
      );
    }
  }

  addTransform(t: TransformId, keyword: string): void {
    let list = this.current;
    if (list.bufferId === BufferId.PktData || !bufferById(list.bufferId).transformable) {
      throw syntaxError('transform without a sticky buffer', keyword);
    }
    if (list.items.length > 0) {
      // Suricata accepts a transform after items (ET: `dns.query; content:"rs-"; startswith; dotprefix; ...`);
      // items before it keep inspecting the untransformed buffer, later ones the transformed copy.
      const next: BufferList = { bufferId: list.bufferId, transforms: list.transforms.slice(), items: [] };
      this.sig.buffers.push(next);
      this.current = next;
      list = next;
    }
    list.transforms.push(t);
  }

  addItem(item: InspectionItem): void {
    this.current.items.push(item);
    this.lastItem = item;
    if (item.kind === ItemKind.Content) {
      this.lastContent = item;
      this.lastContentList = this.current;
    }
  }

  requireLastContent(keyword: string): ContentItem {
    if (this.lastContent === null) throw syntaxError(`${keyword} needs a preceding content`, keyword);
    return this.lastContent;
  }

  /** byte_extract defines a name; later keywords refer to it instead of a number. */
  defineByteVar(name: string, keyword: string): number {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw syntaxError('invalid variable name', keyword, name);
    const existing = this.sig.byteVars.indexOf(name);
    if (existing >= 0) return existing;
    this.sig.byteVars.push(name);
    return this.sig.byteVars.length - 1;
  }

  /**
   * A numeric argument that may instead name a byte_extract variable. Returns [value, varIndex]: a literal gives
   * [n, NO_VAR], a variable [0, index].
   */
  numberOrVar(text: string, keyword: string, min: number, max: number): [number, number] {
    const t = text.trim();
    if (/^[+-]?\d+$/.test(t) || /^0x[0-9a-fA-F]+$/.test(t)) {
      const n = t.startsWith('0x') ? parseInt(t.slice(2), 16) : Number(t);
      if (n < min || n > max) throw syntaxError(`${keyword} value out of range`, keyword, t);
      return [n, NO_VAR];
    }
    const idx = this.sig.byteVars.indexOf(t);
    if (idx < 0) throw syntaxError(`${keyword}: unknown byte_extract variable`, keyword, t);
    return [0, idx];
  }
}
