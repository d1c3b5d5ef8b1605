import { syntaxError } from '../rule/rule-error.js';
import { ItemKind } from '../rule/signature.js';
import { applyByteOption, checkByteCount, type ByteEncoding } from './byte-options.js';
import { parseInt32, parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

/**
 * `byte_extract:nbytes, offset, name [, relative, multiplier N, big|little, string, hex|dec|oct, align N,
 * bitmask N]`. The name becomes a variable later offset/depth/distance/within/byte_test/isdataat can use.
 */
export const byteExtractKeyword: KeywordDefinition = {
  name: 'byte_extract',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const args = value.split(',').map((s) => s.trim());
    if (args.length < 3) throw syntaxError('byte_extract needs nbytes, offset and a name', 'byte_extract', value);
    const nbytes = parseUint(args[0] as string, 'byte_extract', 23);
    const offset = parseInt32(args[1] as string, 'byte_extract');
    const enc: ByteEncoding = { endian: 'big', base: 0, bitmask: 0, relative: false };
    let sawString = false;
    let multiplier = 1;
    let align = 0;
    for (const opt of args.slice(3)) {
      if (opt === 'string') sawString = true;
      if (applyByteOption(enc, opt, 'byte_extract')) continue;
      const [word, arg = ''] = opt.split(/\s+/, 2);
      if (word === 'multiplier') multiplier = parseUint(arg, 'byte_extract', 65535);
      else if (word === 'align') {
        align = parseUint(arg, 'byte_extract', 4);
        if (align !== 2 && align !== 4) throw syntaxError('byte_extract: align must be 2 or 4', 'byte_extract', opt);
      } else throw syntaxError('invalid byte_extract option', 'byte_extract', opt);
    }
    checkByteCount(nbytes, enc.base, sawString, 'byte_extract');
    const varIndex = sig.defineByteVar(args[2] as string, 'byte_extract');
    sig.addItem({
      kind: ItemKind.ByteExtract,
      nbytes,
      offset,
      varIndex,
      relative: enc.relative,
      multiplier,
      endian: enc.endian,
      base: enc.base,
      align,
      bitmask: enc.bitmask,
    });
  },
};
