import { decodeEventId } from '../../../native-free-decoders/index.js';
import { syntaxError, unsupportedError } from '../rule/rule-error.js';
import { PacketCheckKind } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

/** `decode-event:ipv4.trunc_pkt` (or the full `decoder.ipv4.trunc_pkt`), names from the decoder catalogue. */
export const decodeEventKeyword: KeywordDefinition = {
  name: 'decode-event',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const v = value.trim();
    if (!/^[a-z0-9_.-]+$/i.test(v)) throw syntaxError('invalid decode-event name', 'decode-event', v);
    const name = v.startsWith('decoder.') ? v : `decoder.${v}`;
    const id = decodeEventId(name);
    // Suricata has events mirrorscope's decoders never raise; such a rule could never fire here.
    if (id < 0) throw unsupportedError('unsupported decode-event', 'decode-event', v);
    sig.sig.packetChecks.push({ kind: PacketCheckKind.DecodeEvent, eventId: id, name });
  },
};
