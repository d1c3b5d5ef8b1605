import { syntaxError } from '../rule/rule-error.js';
import { FlowFlag } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

const WORDS: Record<string, number> = {
  established: FlowFlag.Established,
  not_established: FlowFlag.NotEstablished,
  stateless: FlowFlag.Stateless,
  to_server: FlowFlag.ToServer,
  from_client: FlowFlag.ToServer,
  to_client: FlowFlag.ToClient,
  from_server: FlowFlag.ToClient,
  only_stream: FlowFlag.OnlyStream,
  no_stream: FlowFlag.NoStream,
  only_frag: FlowFlag.OnlyFrag,
  no_frag: FlowFlag.NoFrag,
};

const EXCLUSIVE: ReadonlyArray<readonly [number, number]> = [
  [FlowFlag.ToServer, FlowFlag.ToClient],
  [FlowFlag.Established, FlowFlag.NotEstablished],
  [FlowFlag.Established, FlowFlag.Stateless],
  [FlowFlag.OnlyStream, FlowFlag.NoStream],
  [FlowFlag.OnlyFrag, FlowFlag.NoFrag],
];

export const flowKeyword: KeywordDefinition = {
  name: 'flow',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    let flags = 0;
    for (const w of value.split(',').map((s) => s.trim())) {
      const f = WORDS[w];
      if (f === undefined) throw syntaxError('invalid flow option', 'flow', w);
      if (flags & f) throw syntaxError('flow option given twice', 'flow', w);
      flags |= f;
    }
    for (const [a, b] of EXCLUSIVE) {
      if ((flags & a) !== 0 && (flags & b) !== 0) throw syntaxError('contradictory flow options', 'flow', value.trim());
    }
    sig.sig.flowFlags |= flags;
  },
};
