import { syntaxError } from '../rule/rule-error.js';
import { PacketCheckKind, TcpFlag } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

const BITS: Record<string, number> = {
  F: TcpFlag.FIN,
  S: TcpFlag.SYN,
  R: TcpFlag.RST,
  P: TcpFlag.PSH,
  A: TcpFlag.ACK,
  U: TcpFlag.URG,
  C: TcpFlag.CWR,
  E: TcpFlag.ECE,
  // Snort's reserved-bit names for CWR and ECE
  '1': TcpFlag.CWR,
  '2': TcpFlag.ECE,
  '0': 0,
};

const MODES: Record<string, 'plus' | 'any' | 'not'> = { '+': 'plus', '*': 'any', '!': 'not' };

function parseBits(text: string, whole: string): number {
  let bits = 0;
  for (const ch of text.toUpperCase()) {
    const b = BITS[ch];
    if (b === undefined) throw syntaxError('invalid flags value', 'flags', whole);
    bits |= b;
  }
  return bits;
}

/** `flags:[+*!]<FSRPAUCE0>[+*!][,<ignored flags>]`. */
export const flagsKeyword: KeywordDefinition = {
  name: 'flags',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const whole = value.trim();
    const comma = whole.indexOf(',');
    let spec = (comma < 0 ? whole : whole.slice(0, comma)).replace(/\s+/g, '');
    const ignored = comma < 0 ? 0 : parseBits(whole.slice(comma + 1).replace(/\s+/g, ''), whole);
    let mode: 'exact' | 'plus' | 'any' | 'not' = 'exact';
    const first = spec[0] ?? '';
    const last = spec[spec.length - 1] ?? '';
    if (MODES[first] !== undefined) {
      mode = MODES[first];
      spec = spec.slice(1);
    } else if (MODES[last] !== undefined) {
      mode = MODES[last];
      spec = spec.slice(0, -1);
    }
    if (spec === '') throw syntaxError('invalid flags value', 'flags', whole);
    const flags = parseBits(spec, whole);
    if (spec.includes('0') && spec.length > 1) throw syntaxError('flags: 0 cannot be combined with flags', 'flags', whole);
    sig.sig.packetChecks.push({ kind: PacketCheckKind.TcpFlags, mask: 0xff & ~ignored, flags, mode });
  },
};
