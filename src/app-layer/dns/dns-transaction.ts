import { FlowDirection } from '../../flow/flow-direction.js';
import type { AppLayerTransaction } from '../app-layer-transaction.js';
import { dnsAnswerEve, dnsQueryEve } from './dns-eve.js';
import type { DnsMessage } from './dns-message.js';

/** One DNS request and its response, matched by message id. */
export class DnsTransaction implements AppLayerTransaction {
  readonly appProto = 'dns' as const;
  readonly txId: number;
  readonly timestampUs: number;
  readonly events: string[] = [];
  request: DnsMessage | null = null;
  response: DnsMessage | null = null;
  requestTimestampUs = 0;
  responseTimestampUs = 0;
  completed = false;

  constructor(txId: number, timestampUs: number) {
    this.txId = txId;
    this.timestampUs = timestampUs;
  }

  addEvent(name: string): void {
    if (!this.events.includes(name)) this.events.push(name);
  }

  /** `dns.query` is the first question's name; all names are in the multi-buffer. */
  getBuffer(name: string, direction: FlowDirection): Uint8Array | null {
    if (name !== 'dns.query' || direction !== FlowDirection.ToServer) return null;
    return this.request?.questions[0]?.name ?? null;
  }

  getMultiBuffer(name: string, direction: FlowDirection): readonly Uint8Array[] {
    if (name !== 'dns.query' || direction !== FlowDirection.ToServer || this.request === null) return [];
    return this.request.questions.map((q) => q.name);
  }

  /** Alert metadata in Suricata 7's form: {"query": [query objects], "answer": {answer object}}. */
  toEve(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const queries = this.queryEvents();
    if (queries.length > 0) out['query'] = queries;
    if (this.response !== null) out['answer'] = dnsAnswerEve(this.response);
    return out;
  }

  /** The standalone `dns` EVE records: one per question of the request, then the answer. */
  eveRecords(): Record<string, unknown>[] {
    const out = this.queryEvents();
    if (this.response !== null) out.push(dnsAnswerEve(this.response));
    return out;
  }

  private queryEvents(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const req = this.request;
    if (req === null) return out;
    for (let i = 0; i < req.questions.length; i++) {
      const q = dnsQueryEve(req, i, this.txId);
      if (q !== null) out.push(q);
    }
    return out;
  }
}
