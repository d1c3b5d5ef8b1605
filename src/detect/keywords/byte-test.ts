import { syntaxError } from '../rule/rule-error.js';
import { ByteOp, ItemKind, type ByteTestItem } from '../rule/signature.js';
import { applyByteOption, checkByteCount, type ByteEncoding } from './byte-options.js';
import { parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

const OPS: Record<string, ByteOp> = {
  '<': ByteOp.Lt,
  '>': ByteOp.Gt,
  '=': ByteOp.Eq,
  '<=': ByteOp.Le,
  '>=': ByteOp.Ge,
  '&': ByteOp.And,
  '^': ByteOp.Xor,
};

/** `byte_test:nbytes, [!]op, value, offset [, relative, big|little, string, hex|dec|oct, bitmask N]`. */
export const byteTestKeyword: KeywordDefinition = {
  name: 'byte_test',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const args = value.split(',').map((s) => s.trim());
    if (args.length < 4) throw syntaxError('byte_test needs nbytes, operator, value, offset', 'byte_test', value);
    const nbytes = parseUint(args[0] as string, 'byte_test', 23);
    let opText = (args[1] as string).replace(/\s+/g, '');
    let negated = false;
    if (opText.startsWith('!')) {
      negated = true;
      opText = opText.slice(1);
      if (opText === '=' || opText === '') opText = '=';
    }
    const op = OPS[opText];
    if (op === undefined) throw syntaxError('invalid byte_test operator', 'byte_test', args[1]);
    const [val, valueVar] = sig.numberOrVar(args[2] as string, 'byte_test', 0, Number.MAX_SAFE_INTEGER);
    const [offset, offsetVar] = sig.numberOrVar(args[3] as string, 'byte_test', -65535, 65535);
    const enc: ByteEncoding = { endian: 'big', base: 0, bitmask: 0, relative: false };
    let sawString = false;
    for (const opt of args.slice(4)) {
      if (opt === 'string') sawString = true;
      if (!applyByteOption(enc, opt, 'byte_test')) throw syntaxError('invalid byte_test option', 'byte_test', opt);
    }
    checkByteCount(nbytes, enc.base, sawString, 'byte_test');
    const item: ByteTestItem = {
      kind: ItemKind.ByteTest,
      nbytes,
      op,
      negated,
      value: val,
      valueVar,
      offset,
      offsetVar,
      relative: enc.relative,
      endian: enc.endian,
      base: enc.base,
      bitmask: enc.bitmask,
    };
    sig.addItem(item);
  },
};
