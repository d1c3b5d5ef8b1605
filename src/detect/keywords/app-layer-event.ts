import { syntaxError, unsupportedError } from '../rule/rule-error.js';
import type { KeywordDefinition } from './keyword.js';

/**
 * `app-layer-event:http.request_field_too_long`. Parsed for syntax; the app-layer parsers do not raise Suricata's
 * parser events yet, so the rule is skipped with a reason rather than loaded as a rule that can never fire.
 */
export const appLayerEventKeyword: KeywordDefinition = {
  name: 'app-layer-event',
  aliases: [],
  value: 'required',
  setup(_sig, value) {
    const v = value.trim();
    if (!/^[a-z0-9_-]+\.[a-z0-9_.-]+$/i.test(v)) throw syntaxError('invalid app-layer-event name', 'app-layer-event', v);
    throw unsupportedError('unsupported app-layer-event', 'app-layer-event', v);
  },
};
