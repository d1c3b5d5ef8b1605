import { syntaxError } from '../rule/rule-error.js';
import type { KeywordDefinition } from './keyword.js';

/**
 * Suricata 8's `config:logging disable, type tx|flow, scope tx|flow`. Only the logging switch matters to a
 * passive engine, and "logging disable" means the rule never alerts, i.e. noalert.
 */
export const configKeyword: KeywordDefinition = {
  name: 'config',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    let logging = '';
    for (const part of value.split(',')) {
      const [key, arg = ''] = part.trim().split(/\s+/, 2);
      if (key !== 'logging' && key !== 'type' && key !== 'scope') throw syntaxError('invalid config option', 'config', part.trim());
      if (key === 'logging') logging = arg;
    }
    if (logging !== 'disable') throw syntaxError('invalid config value', 'config', value.trim());
    sig.sig.noalert = true;
  },
};
