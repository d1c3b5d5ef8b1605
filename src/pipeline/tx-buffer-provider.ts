import type { AppLayerTransaction } from '../app-layer/index.js';
import { BUFFERS, BufferId } from '../detect/rule/index.js';
import type { BufferProvider, BufferView } from '../detect/engine/index.js';

const MULTI = new Set(['http.request_header', 'http.response_header', 'tls.certs', 'dns.query']);
const TO_SERVER = 0;
const TO_CLIENT = 1;

/**
 * Serves one transaction's buffers to the detection engine by buffer id. A buffer that belongs to one side is
 * always read from that side (a rule on request and response buffers is evaluated on the response call); a
 * buffer valid both ways is read from the side being inspected. One instance and one view object are reused.
 */
export class TxBufferProvider implements BufferProvider {
  private tx: AppLayerTransaction | null = null;
  private direction = TO_SERVER;
  private readonly view: BufferView = { bytes: new Uint8Array(0), start: 0, end: 0 };
  private readonly names = BUFFERS.map((b) => b.name);
  private readonly sides = BUFFERS.map((b) => (b.direction === 'to_server' ? TO_SERVER : b.direction === 'to_client' ? TO_CLIENT : -1));
  private readonly multi = BUFFERS.map((b) => MULTI.has(b.name));
  tlsVersion?: string;

  set(tx: AppLayerTransaction, direction: number): this {
    this.tx = tx;
    this.direction = direction;
    const version = (tx as { version?: unknown }).version;
    this.tlsVersion = typeof version === 'string' ? version : undefined;
    return this;
  }

  hasEvent(name: string): boolean {
    return this.tx !== null && this.tx.events.includes(name);
  }

  getBuffer(bufferId: number, index: number): BufferView | null {
    const tx = this.tx;
    if (tx === null || bufferId === BufferId.PktData) return null;
    const name = this.names[bufferId];
    if (name === undefined) return null;
    const side = this.sides[bufferId]! < 0 ? this.direction : this.sides[bufferId]!;
    let bytes: Uint8Array | null | undefined;
    if (this.multi[bufferId]) bytes = tx.getMultiBuffer(name, side as 0 | 1)[index];
    else bytes = index === 0 ? tx.getBuffer(name, side as 0 | 1) : null;
    if (!bytes) return null;
    this.view.bytes = bytes;
    this.view.start = 0;
    this.view.end = bytes.length;
    return this.view;
  }
}
