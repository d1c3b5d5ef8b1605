import { syntaxError } from '../rule/rule-error.js';
import type { KeywordDefinition } from './keyword.js';

const MODES = new Set(['', 'final', 'original', 'either', 'to_server', 'to_client', 'direction']);

/** `app-layer-protocol:[!]<proto>[,mode]`: a check on the flow's detected app-layer protocol. */
export const appLayerProtocolKeyword: KeywordDefinition = {
  name: 'app-layer-protocol',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const [protoText = '', mode = ''] = value.split(',').map((s) => s.trim());
    const negated = protoText.startsWith('!');
    const appProto = negated ? protoText.slice(1).trim() : protoText;
    if (!/^[a-z0-9_-]+$/i.test(appProto) || !MODES.has(mode)) {
      throw syntaxError('invalid app-layer-protocol value', 'app-layer-protocol', value.trim());
    }
    if (sig.sig.appLayerProtocol !== null) throw syntaxError('app-layer-protocol given twice', 'app-layer-protocol');
    sig.sig.appLayerProtocol = { appProto: appProto.toLowerCase(), negated, mode };
  },
};
