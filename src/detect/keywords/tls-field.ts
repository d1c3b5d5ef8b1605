/** The pre-sticky-buffer TLS keywords that carry their own value: `tls.subject:"CN=x"`, `tls.version:1.2`. */
import { syntaxError } from '../rule/rule-error.js';
import { AppProto } from '../rule/app-proto.js';
import type { TlsFieldCheck } from '../rule/signature.js';
import { unescapeRuleText, unquote } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

export function tlsFieldKeyword(name: string, field: TlsFieldCheck['field']): KeywordDefinition {
  return {
    name,
    aliases: [],
    value: 'required',
    setup(sig, value) {
      let v = value.trim();
      const negated = v.startsWith('!');
      if (negated) v = v.slice(1).trim();
      const text = unescapeRuleText(unquote(v));
      if (text === '') throw syntaxError(`invalid ${name} value`, name, value.trim());
      sig.requireAppProto(AppProto.Tls, name);
      sig.sig.tlsChecks.push({ field, value: text, negated });
    },
  };
}
