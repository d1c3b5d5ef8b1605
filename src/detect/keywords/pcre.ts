import { syntaxError } from '../rule/rule-error.js';
import { bufferByPcreFlag } from '../rule/buffer-registry.js';
import { ItemKind, type PcreItem } from '../rule/signature.js';
import { translatePcre, type PcreFlags } from './pcre-translate.js';
import { listForBuffer } from './sticky-buffer.js';
import type { KeywordDefinition } from './keyword.js';

/**
 * `pcre:[!]"/regex/flags"`. PCRE flags i s m x A E G; Suricata flags R (relative), B (rawbytes), O (match-limit
 * override) and one buffer letter (U I P Q H D M C S Y V W Z) that puts the regex in that buffer's list.
 */
export const pcreKeyword: KeywordDefinition = {
  name: 'pcre',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    let v = value.trim();
    let negated = false;
    if (v.startsWith('!')) {
      negated = true;
      v = v.slice(1).trim();
    }
    if (v.length < 2 || !v.startsWith('"') || !v.endsWith('"')) throw syntaxError('invalid pcre', 'pcre', 'value must be quoted');
    v = v.slice(1, -1);
    const close = v.lastIndexOf('/');
    if (!v.startsWith('/') || close <= 0) throw syntaxError('invalid pcre', 'pcre', 'expected /regex/flags');
    const pattern = v.slice(1, close);
    const flagText = v.slice(close + 1);
    const flags: PcreFlags = {
      caseless: false,
      dotall: false,
      multiline: false,
      extended: false,
      anchored: false,
      dollarEndOnly: false,
      ungreedy: false,
    };
    let relative = false;
    let rawbytes = false;
    let overrideLimit = false;
    let bufferId = -1;
    for (const f of flagText) {
      switch (f) {
        case 'i': flags.caseless = true; break;
        case 's': flags.dotall = true; break;
        case 'm': flags.multiline = true; break;
        case 'x': flags.extended = true; break;
        case 'A': flags.anchored = true; break;
        case 'E': flags.dollarEndOnly = true; break;
        case 'G': flags.ungreedy = true; break;
        case 'R': relative = true; break;
        case 'B': rawbytes = true; break;
        case 'O': overrideLimit = true; break;
        default: {
          const b = bufferByPcreFlag(f);
          if (b === undefined) throw syntaxError('invalid pcre flag', 'pcre', f);
          if (bufferId >= 0 && bufferId !== b.id) throw syntaxError('pcre names two buffers', 'pcre', flagText);
          bufferId = b.id;
        }
      }
    }
    const t = translatePcre(pattern, flags);
    const item: PcreItem = {
      kind: ItemKind.Pcre,
      regex: t.regex,
      source: value.trim(),
      negated,
      relative,
      anchored: t.anchored,
      overrideLimit,
      backtrackRisk: t.backtrackRisk,
      rawbytes,
    };
    if (bufferId < 0) {
      sig.addItem(item);
      return;
    }
    const list = listForBuffer(sig, bufferId, 'pcre');
    list.items.push(item);
    sig.lastItem = item;
  },
};
