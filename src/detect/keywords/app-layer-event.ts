import { DnsEvent, HttpEvent, TlsEvent } from '../../app-layer/index.js';
import { AppProto } from '../rule/app-proto.js';
import { syntaxError, unsupportedError } from '../rule/rule-error.js';
import type { KeywordDefinition } from './keyword.js';

/** Every event the parsers raise, by name, with the protocol whose transactions carry it. */
const RAISED = new Map<string, AppProto>([
  ...Object.values(HttpEvent).map((e) => [e, AppProto.Http] as const),
  ...Object.values(TlsEvent).map((e) => [e, AppProto.Tls] as const),
  ...Object.values(DnsEvent).map((e) => [e, AppProto.Dns] as const),
]);

/**
 * `app-layer-event:http.request_field_too_long`: the rule matches a transaction whose parser raised that event (the
 * names are Suricata's; `mirrorscope.<proto>.gap` and `.resync` are our own). An event our parsers never raise, and
 * Suricata's flow-level `applayer_*` events, skip the rule with that reason rather than load one that cannot fire.
 */
export const appLayerEventKeyword: KeywordDefinition = {
  name: 'app-layer-event',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const v = value.trim();
    if (!/^[a-z0-9_][a-z0-9_.-]*$/i.test(v)) throw syntaxError('invalid app-layer-event name', 'app-layer-event', v);
    const name = v.toLowerCase();
    const proto = RAISED.get(name);
    if (proto === undefined) throw unsupportedError('app-layer-event not raised by mirrorscope\'s parsers', 'app-layer-event', v);
    sig.requireAppProto(proto, 'app-layer-event');
    sig.sig.appLayerEvents.push(name);
  },
};
