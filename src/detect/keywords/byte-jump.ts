import { syntaxError } from '../rule/rule-error.js';
import { ItemKind } from '../rule/signature.js';
import { applyByteOption, checkByteCount, type ByteEncoding } from './byte-options.js';
import { parseInt32, parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

/**
 * `byte_jump:nbytes, offset [, relative, multiplier N, big|little, string, hex|dec|oct, align, from_beginning,
 * from_end, post_offset N, bitmask N]`.
 */
export const byteJumpKeyword: KeywordDefinition = {
  name: 'byte_jump',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const args = value.split(',').map((s) => s.trim());
    if (args.length < 2) throw syntaxError('byte_jump needs nbytes and offset', 'byte_jump', value);
    const nbytes = parseUint(args[0] as string, 'byte_jump', 23);
    const [offset, offsetVar] = sig.numberOrVar(args[1] as string, 'byte_jump', -65535, 65535);
    const enc: ByteEncoding = { endian: 'big', base: 0, bitmask: 0, relative: false };
    let sawString = false;
    let multiplier = 1;
    let align = false;
    let fromBeginning = false;
    let fromEnd = false;
    let postOffset = 0;
    for (const opt of args.slice(2)) {
      if (opt === 'string') sawString = true;
      if (applyByteOption(enc, opt, 'byte_jump')) continue;
      const [word, arg = ''] = opt.split(/\s+/, 2);
      if (opt === 'align') align = true;
      else if (opt === 'from_beginning') fromBeginning = true;
      else if (opt === 'from_end') fromEnd = true;
      else if (word === 'multiplier') multiplier = parseUint(arg, 'byte_jump', 65535);
      else if (word === 'post_offset') postOffset = parseInt32(arg, 'byte_jump');
      else throw syntaxError('invalid byte_jump option', 'byte_jump', opt);
    }
    if (fromBeginning && fromEnd) throw syntaxError('byte_jump: from_beginning and from_end together', 'byte_jump');
    checkByteCount(nbytes, enc.base, sawString, 'byte_jump');
    sig.addItem({
      kind: ItemKind.ByteJump,
      nbytes,
      offset,
      offsetVar,
      relative: enc.relative,
      multiplier,
      endian: enc.endian,
      base: enc.base,
      align,
      fromBeginning,
      fromEnd,
      postOffset,
      bitmask: enc.bitmask,
    });
  },
};
