/**
 * The compiled form of one rule, shaped for evaluation rather than for echoing the rule text: every modifier is
 * resolved to numbers and flags at load time, items sit in per-buffer ordered lists (Suricata's sig lists), and
 * header matchers are shared objects (one `$HOME_NET` matcher for every rule that names it).
 */
import type { AddressMatcher } from './address-set.js';
import type { PortMatcher } from './port-set.js';
import type { HeaderProto, AppProto } from './app-proto.js';

export type RuleAction = 'alert' | 'pass' | 'drop' | 'reject' | 'rejectsrc' | 'rejectdst' | 'rejectboth';

/** Flow keyword bits. */
export const FlowFlag = {
  Established: 1 << 0,
  NotEstablished: 1 << 1,
  Stateless: 1 << 2,
  ToServer: 1 << 3,
  ToClient: 1 << 4,
  OnlyStream: 1 << 5,
  NoStream: 1 << 6,
  OnlyFrag: 1 << 7,
  NoFrag: 1 << 8,
} as const;

/** Numeric comparison shared by dsize, ttl, bsize, urilen, itype, icode... (Suricata's uint parser). */
export const CmpOp = {
  Eq: 0,
  Ne: 1,
  Lt: 2,
  Le: 3,
  Gt: 4,
  Ge: 5,
  /** a < x < b, exclusive as in Suricata's `a<>b`. */
  Range: 6,
  /** !(a < x < b). */
  NotRange: 7,
} as const;
export type CmpOp = (typeof CmpOp)[keyof typeof CmpOp];

export interface NumericComparison {
  readonly op: CmpOp;
  readonly a: number;
  readonly b: number;
}

export function compareNumeric(c: NumericComparison, x: number): boolean {
  switch (c.op) {
    case CmpOp.Eq:
      return x === c.a;
    case CmpOp.Ne:
      return x !== c.a;
    case CmpOp.Lt:
      return x < c.a;
    case CmpOp.Le:
      return x <= c.a;
    case CmpOp.Gt:
      return x > c.a;
    case CmpOp.Ge:
      return x >= c.a;
    case CmpOp.Range:
      return x > c.a && x < c.b;
    case CmpOp.NotRange:
      return !(x > c.a && x < c.b);
    default:
      return false;
  }
}

export const ItemKind = {
  Content: 0,
  Pcre: 1,
  ByteTest: 2,
  ByteJump: 3,
  ByteExtract: 4,
  IsDataAt: 5,
  Bsize: 6,
  Base64Decode: 7,
} as const;
export type ItemKind = (typeof ItemKind)[keyof typeof ItemKind];

/** Content option bits. */
export const ContentFlag = {
  Nocase: 1 << 0,
  Negated: 1 << 1,
  HasOffset: 1 << 2,
  HasDepth: 1 << 3,
  HasDistance: 1 << 4,
  HasWithin: 1 << 5,
  StartsWith: 1 << 6,
  EndsWith: 1 << 7,
  FastPattern: 1 << 8,
  FastPatternOnly: 1 << 9,
  FastPatternChop: 1 << 10,
  Rawbytes: 1 << 11,
  /** The next inspection item in this list is relative to this one's match (set by the loader). */
  RelativeNext: 1 << 12,
} as const;

/** -1 means "a literal number", anything else indexes Signature.byteVars (set by byte_extract). */
export const NO_VAR = -1;

export interface ContentItem {
  readonly kind: typeof ItemKind.Content;
  /** Pattern bytes; for nocase patterns these stay as written, `patternLower` holds the folded form. */
  pattern: Uint8Array;
  /** ASCII-lowercased pattern, for nocase compares against a lowercased window. */
  patternLower: Uint8Array;
  flags: number;
  offset: number;
  depth: number;
  distance: number;
  within: number;
  offsetVar: number;
  depthVar: number;
  distanceVar: number;
  withinVar: number;
  fpOffset: number;
  fpLength: number;
}

export interface PcreItem {
  readonly kind: typeof ItemKind.Pcre;
  /**
   * Compiled for a latin1 ("binary") string view of the buffer, so each code unit is one byte. Compiled with the
   * `g` flag (set lastIndex to start a search) or, when `anchored`, with `y` and the leading `^` removed so a
   * relative pcre anchors at the previous match end without slicing.
   */
  regex: RegExp;
  /** The original Suricata pcre value, for messages and explain output. */
  source: string;
  negated: boolean;
  relative: boolean;
  anchored: boolean;
  /** `O` flag (override match limit); recorded, no JS equivalent. */
  overrideLimit: boolean;
  /**
   * A nested unbounded quantifier such as `(a+)+` was found: backtracking can blow up, so the engine must cap
   * the input it hands this regex (PCRE_MAX_INPUT) instead of trusting a step limit JS does not have.
   */
  backtrackRisk: boolean;
  rawbytes: boolean;
}

/** Cap on the bytes given to a regex flagged `backtrackRisk`. */
export const PCRE_MAX_INPUT = 4096;

export type Endian = 'big' | 'little';
/** 0 = binary; 8/10/16 = ASCII digits in that base (Suricata's `string,oct|dec|hex`). */
export type NumBase = 0 | 8 | 10 | 16;

export const ByteOp = {
  Lt: 0,
  Gt: 1,
  Eq: 2,
  Le: 3,
  Ge: 4,
  And: 5,
  Xor: 6,
} as const;
export type ByteOp = (typeof ByteOp)[keyof typeof ByteOp];

export interface ByteTestItem {
  readonly kind: typeof ItemKind.ByteTest;
  /** 0 only with a string base: convert every remaining byte of the buffer. */
  nbytes: number;
  op: ByteOp;
  negated: boolean;
  value: number;
  valueVar: number;
  offset: number;
  offsetVar: number;
  relative: boolean;
  endian: Endian;
  base: NumBase;
  /** 0 = no bitmask. */
  bitmask: number;
}

export interface ByteJumpItem {
  readonly kind: typeof ItemKind.ByteJump;
  nbytes: number;
  offset: number;
  offsetVar: number;
  relative: boolean;
  multiplier: number;
  endian: Endian;
  base: NumBase;
  align: boolean;
  fromBeginning: boolean;
  fromEnd: boolean;
  postOffset: number;
  bitmask: number;
}

export interface ByteExtractItem {
  readonly kind: typeof ItemKind.ByteExtract;
  nbytes: number;
  offset: number;
  /** Index into Signature.byteVars that receives the value. */
  varIndex: number;
  relative: boolean;
  multiplier: number;
  endian: Endian;
  base: NumBase;
  align: number;
  bitmask: number;
}

export interface IsDataAtItem {
  readonly kind: typeof ItemKind.IsDataAt;
  value: number;
  valueVar: number;
  relative: boolean;
  negated: boolean;
  rawbytes: boolean;
}

export interface BsizeItem {
  readonly kind: typeof ItemKind.Bsize;
  cmp: NumericComparison;
  /** Which keyword produced it (urilen compiles to a bsize on the uri buffer). */
  origin: 'bsize' | 'urilen';
}

export interface Base64DecodeItem {
  readonly kind: typeof ItemKind.Base64Decode;
  /** 0 = to the end of the buffer. */
  bytes: number;
  offset: number;
  relative: boolean;
}

export type InspectionItem =
  | ContentItem
  | PcreItem
  | ByteTestItem
  | ByteJumpItem
  | ByteExtractItem
  | IsDataAtItem
  | BsizeItem
  | Base64DecodeItem;

export const TransformId = {
  Dotprefix: 0,
  ToLowercase: 1,
  HeaderLowercase: 2,
  UrlDecode: 3,
  StripWhitespace: 4,
  CompressWhitespace: 5,
  StripPseudoHeaders: 6,
  ToUppercase: 7,
} as const;
export type TransformId = (typeof TransformId)[keyof typeof TransformId];

export const TRANSFORM_NAMES: readonly string[] = [
  'dotprefix',
  'to_lowercase',
  'header_lowercase',
  'url_decode',
  'strip_whitespace',
  'compress_whitespace',
  'strip_pseudo_headers',
  'to_uppercase',
];

/** One inspected buffer of a rule: the buffer id, transforms the engine applies first, then items in order. */
export interface BufferList {
  readonly bufferId: number;
  transforms: TransformId[];
  items: InspectionItem[];
}

export const PacketCheckKind = {
  Dsize: 0,
  Ttl: 1,
  Itype: 2,
  Icode: 3,
  IcmpId: 4,
  IcmpSeq: 5,
  IpProto: 6,
  TcpFlags: 7,
  StreamSize: 8,
  DecodeEvent: 9,
} as const;
export type PacketCheckKind = (typeof PacketCheckKind)[keyof typeof PacketCheckKind];

/** TCP flag bits in header order, plus Suricata's names for the two ECN bits. */
export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

export type NumericCheck = {
  readonly kind:
    | typeof PacketCheckKind.Dsize
    | typeof PacketCheckKind.Ttl
    | typeof PacketCheckKind.Itype
    | typeof PacketCheckKind.Icode
    | typeof PacketCheckKind.IcmpId
    | typeof PacketCheckKind.IcmpSeq
    | typeof PacketCheckKind.IpProto;
  readonly cmp: NumericComparison;
};

export interface TcpFlagsCheck {
  readonly kind: typeof PacketCheckKind.TcpFlags;
  /** Flags that must be considered (all 8 bits minus the ignore mask after the comma). */
  readonly mask: number;
  readonly flags: number;
  /** exact: (pkt & mask) == flags; plus: all flags set (others allowed); any: one of them; not: none of them. */
  readonly mode: 'exact' | 'plus' | 'any' | 'not';
}

export interface StreamSizeCheck {
  readonly kind: typeof PacketCheckKind.StreamSize;
  readonly side: 'server' | 'client' | 'both' | 'either';
  readonly cmp: NumericComparison;
}

export interface DecodeEventCheck {
  readonly kind: typeof PacketCheckKind.DecodeEvent;
  readonly eventId: number;
  readonly name: string;
}

export type PacketCheck = NumericCheck | TcpFlagsCheck | StreamSizeCheck | DecodeEventCheck;

export type FlowbitCmd = 'set' | 'unset' | 'toggle' | 'isset' | 'isnotset';

/** flowint modifiers: =, + and - change the variable when the rule matches; the others are conditions. */
export type FlowintOp = '=' | '+' | '-' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'isset' | 'notset';

export interface FlowintOperation {
  readonly name: string;
  readonly op: FlowintOp;
  /** The operand when it is a number. */
  readonly value: number;
  /** The operand when it is another flowint (0 while that one is unset). */
  readonly targetVar: string | null;
}

/** One flowbits/xbits operation. `names` with several entries is an `a|b` (any) or `a&b` (all) group. */
export interface BitOperation {
  readonly cmd: FlowbitCmd;
  readonly names: readonly string[];
  readonly combine: 'any' | 'all';
  /** xbits only: where the bit lives, and its lifetime in seconds (0 = none given). */
  readonly track?: 'ip_src' | 'ip_dst' | 'ip_pair' | 'flow';
  readonly expire?: number;
}

export interface RateSpec {
  readonly type: 'limit' | 'threshold' | 'both' | 'detection_filter';
  readonly track: 'by_src' | 'by_dst' | 'by_rule' | 'by_both' | 'by_flow';
  readonly count: number;
  readonly seconds: number;
}

export interface Reference {
  readonly system: string;
  readonly id: string;
}

export interface FastPatternInfo {
  /** Bytes handed to the multi-pattern matcher (already chopped by fast_pattern:offset,length). */
  readonly bytes: Uint8Array;
  readonly nocase: boolean;
  readonly bufferId: number;
  /** Index into Signature.buffers and into that list's items. */
  readonly listIndex: number;
  readonly itemIndex: number;
  /** True when the rule marked it; false when the loader picked the strongest content. */
  readonly explicit: boolean;
  /** `fast_pattern:only` (deprecated in Suricata 7, where it is a plain fast_pattern). */
  readonly only: boolean;
}

export interface TlsFieldCheck {
  readonly field: 'version' | 'subject' | 'issuerdn' | 'fingerprint';
  readonly value: string;
  readonly negated: boolean;
}

export interface AppLayerProtocolCheck {
  readonly appProto: string;
  readonly negated: boolean;
  readonly mode: string;
}

export interface TagSpec {
  readonly scope: 'session' | 'host';
  readonly count: number;
  readonly metric: 'packets' | 'seconds' | 'bytes';
  readonly direction: 'src' | 'dst' | '';
}

export interface Signature {
  /** Position in RuleSet.signatures; assigned by the loader. */
  index: number;
  file: string;
  line: number;

  action: RuleAction;
  /** What mirrorscope does: passive inspection turns drop/reject into alert; `pass` suppresses. */
  effectiveAction: 'alert' | 'pass';
  proto: HeaderProto;
  appProto: AppProto;
  /** Header protocol token as written (http1, tcp-pkt...). */
  protoName: string;
  src: AddressMatcher;
  dst: AddressMatcher;
  srcPorts: PortMatcher;
  dstPorts: PortMatcher;
  bidirectional: boolean;

  sid: number;
  gid: number;
  rev: number;
  msg: string;
  classtype: string;
  classDescription: string;
  /** Classtype priority unless `priority:` overrides; 3 when neither is given. EVE severity. */
  priority: number;
  references: Reference[];
  metadata: Array<[string, string]>;
  target: 'src_ip' | 'dest_ip' | '';

  flowFlags: number;
  packetChecks: PacketCheck[];
  /** Packet payload list first (always index 0, maybe empty), then one list per sticky buffer instance. */
  buffers: BufferList[];
  byteVars: string[];
  flowbits: BitOperation[];
  xbits: BitOperation[];
  flowints: FlowintOperation[];
  threshold: RateSpec | null;
  detectionFilter: RateSpec | null;
  noalert: boolean;
  tlsChecks: TlsFieldCheck[];
  /** `app-layer-event` names the transaction must have raised (all of them). */
  appLayerEvents: string[];
  appLayerProtocol: AppLayerProtocolCheck | null;
  tags: TagSpec[];
  fastPattern: FastPatternInfo | null;
}
