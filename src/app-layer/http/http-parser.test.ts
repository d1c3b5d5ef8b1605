import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FlowDirection } from '../../flow/flow-direction.js';
import { CollectingSink } from '../collecting-sink.js';
import { HttpEvent } from './http-events.js';
import { HttpParser } from './http-parser.js';
import type { HttpParserOptions } from './http-parser.js';
import type { HttpTransaction } from './http-transaction.js';

const S = FlowDirection.ToServer;
const C = FlowDirection.ToClient;
const enc = new TextEncoder();
const txt = (b: Uint8Array | null): string | null => (b === null ? null : new TextDecoder('latin1').decode(b));

function run(
  steps: Array<[FlowDirection, string | Uint8Array] | ['gap', FlowDirection, number]>,
  options?: HttpParserOptions,
): { sink: CollectingSink; parser: HttpParser; txs: HttpTransaction[] } {
  const sink = new CollectingSink();
  const parser = new HttpParser(sink, options);
  let ts = 1;
  for (const step of steps) {
    if (step[0] === 'gap') {
      parser.onGap(step[1], step[2]);
      continue;
    }
    const [dir, data] = step;
    const bytes = typeof data === 'string' ? enc.encode(data) : data;
    parser.onData(dir, bytes, 0, bytes.length, ts++);
  }
  parser.onClose(ts);
  return { sink, parser, txs: sink.completed as HttpTransaction[] };
}

const REQUEST =
  'GET /path/../index.html?q=%41+b HTTP/1.1\r\n' +
  'Host: WWW.Example.COM:8080\r\n' +
  'User-Agent: curl/8.0\r\n' +
  'Accept: */*\r\n' +
  'Accept-Encoding: gzip\r\n' +
  'Accept-Language: en\r\n' +
  'Cookie: a=1\r\n' +
  'Referer: http://ref/\r\n' +
  'Connection: keep-alive\r\n' +
  '\r\n';
const RESPONSE =
  'HTTP/1.1 200 OK\r\n' +
  'Server: nginx\r\n' +
  'Content-Type: text/html; charset=utf-8\r\n' +
  'Set-Cookie: s=2\r\n' +
  'Content-Length: 5\r\n' +
  '\r\n' +
  'hello';

describe('HttpParser: one transaction and its buffers', () => {
  const { txs, sink } = run([
    [S, REQUEST],
    [C, RESPONSE],
  ]);
  const tx = txs[0]!;

  it('produces one complete transaction with both sides reported in order', () => {
    expect(txs).toHaveLength(1);
    expect(sink.sides.map((s) => s.direction)).toEqual([S, C]);
    expect(tx.requestComplete && tx.responseComplete).toBe(true);
  });

  it('exposes request buffers', () => {
    expect(txt(tx.getBuffer('http.method', S))).toBe('GET');
    expect(txt(tx.getBuffer('http.uri.raw', S))).toBe('/path/../index.html?q=%41+b');
    expect(txt(tx.getBuffer('http.uri', S))).toBe('/index.html?q=A+b');
    expect(txt(tx.getBuffer('http.protocol', S))).toBe('HTTP/1.1');
    expect(txt(tx.getBuffer('http.request_line', S))).toBe('GET /path/../index.html?q=%41+b HTTP/1.1');
    expect(txt(tx.getBuffer('http.host', S))).toBe('www.example.com');
    expect(txt(tx.getBuffer('http.host.raw', S))).toBe('WWW.Example.COM:8080');
    expect(txt(tx.getBuffer('http.user_agent', S))).toBe('curl/8.0');
    expect(txt(tx.getBuffer('http.accept', S))).toBe('*/*');
    expect(txt(tx.getBuffer('http.accept_enc', S))).toBe('gzip');
    expect(txt(tx.getBuffer('http.accept_lang', S))).toBe('en');
    expect(txt(tx.getBuffer('http.cookie', S))).toBe('a=1');
    expect(txt(tx.getBuffer('http.referer', S))).toBe('http://ref/');
    expect(txt(tx.getBuffer('http.connection', S))).toBe('keep-alive');
  });

  it('builds http.header without Cookie, http.header_names, http.start and header.raw', () => {
    const header = txt(tx.getBuffer('http.header', S))!;
    expect(header.startsWith('Host: WWW.Example.COM:8080\r\nUser-Agent: curl/8.0\r\n')).toBe(true);
    expect(header).not.toContain('Cookie');
    expect(header.endsWith('Connection: keep-alive\r\n')).toBe(true);
    expect(txt(tx.getBuffer('http.header_names', S))).toBe(
      '\r\nHost\r\nUser-Agent\r\nAccept\r\nAccept-Encoding\r\nAccept-Language\r\nCookie\r\nReferer\r\nConnection\r\n\r\n',
    );
    const start = txt(tx.getBuffer('http.start', S))!;
    expect(start.startsWith('GET /path/../index.html?q=%41+b HTTP/1.1\r\nHost: ')).toBe(true);
    expect(start).toContain('Cookie: a=1\r\n');
    expect(start.endsWith('\r\n\r\n')).toBe(true);
    expect(txt(tx.getBuffer('http.header.raw', S))).toBe(REQUEST.slice(REQUEST.indexOf('\r\n') + 2));
    expect(tx.getMultiBuffer('http.request_header', S).map(txt)).toContain('User-Agent: curl/8.0');
  });

  it('exposes response buffers', () => {
    expect(txt(tx.getBuffer('http.stat_code', C))).toBe('200');
    expect(txt(tx.getBuffer('http.stat_msg', C))).toBe('OK');
    expect(txt(tx.getBuffer('http.response_line', C))).toBe('HTTP/1.1 200 OK');
    expect(txt(tx.getBuffer('http.server', C))).toBe('nginx');
    expect(txt(tx.getBuffer('http.cookie', C))).toBe('s=2');
    expect(txt(tx.getBuffer('http.content_type', C))).toBe('text/html; charset=utf-8');
    expect(txt(tx.getBuffer('http.content_len', C))).toBe('5');
    expect(txt(tx.getBuffer('http.response_body', C))).toBe('hello');
    expect(txt(tx.getBuffer('file.data', C))).toBe('hello');
    expect(txt(tx.getBuffer('http.protocol', C))).toBe('HTTP/1.1');
    expect(txt(tx.getBuffer('http.header', C))).not.toContain('Set-Cookie');
    expect(tx.getBuffer('http.uri', C)).toBeNull();
    expect(tx.getBuffer('http.stat_code', S)).toBeNull();
  });

  it('writes the EVE http object in Suricata key order', () => {
    expect(tx.toEve()).toEqual({
      hostname: 'www.example.com',
      http_port: 8080,
      url: '/path/../index.html?q=%41+b',
      http_user_agent: 'curl/8.0',
      http_content_type: 'text/html',
      http_refer: 'http://ref/',
      http_method: 'GET',
      protocol: 'HTTP/1.1',
      status: 200,
      length: 5,
    });
    expect(Object.keys(tx.toEve())).toEqual([
      'hostname', 'http_port', 'url', 'http_user_agent', 'http_content_type', 'http_refer', 'http_method', 'protocol', 'status', 'length',
    ]);
  });
});

describe('HttpParser: framing', () => {
  it('matches pipelined requests to responses in order', () => {
    const { txs } = run([
      [S, 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nPOST /3 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc'],
      [C, 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nBB'],
      [C, 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n'],
    ]);
    expect(txs.map((t) => [txt(t.getBuffer('http.uri', S)), t.status, txt(t.getBuffer('http.response_body', C))])).toEqual([
      ['/1', 200, 'A'],
      ['/2', 404, 'BB'],
      ['/3', 201, ''],
    ]);
    expect(txt(txs[2]!.getBuffer('http.request_body', S))).toBe('abc');
    expect(txs.map((t) => t.txId)).toEqual([0, 1, 2]);
  });

  it('dechunks request and response bodies, with extensions and trailers', () => {
    const { txs } = run([
      [S, 'POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n'],
      [C, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n'],
    ]);
    expect(txs).toHaveLength(1);
    expect(txt(txs[0]!.getBuffer('http.request_body', S))).toBe('abcde');
    expect(txt(txs[0]!.getBuffer('http.response_body', C))).toBe('0123456789');
    expect(txs[0]!.responseMessageLength).toBe(10);
  });

  it('skips 100-continue and binds the final response to the same request', () => {
    const { txs } = run([
      [S, 'POST /f HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n'],
      [C, 'HTTP/1.1 100 Continue\r\n\r\n'],
      [S, 'data'],
      [C, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'],
    ]);
    expect(txs).toHaveLength(1);
    expect(txs[0]!.status).toBe(200);
    expect(txs[0]!.interimResponses).toBe(1);
    expect(txt(txs[0]!.getBuffer('http.request_body', S))).toBe('data');
  });

  it('reads no body after HEAD, 204 and 304', () => {
    const { txs } = run([
      [S, 'HEAD /h HTTP/1.1\r\nHost: a\r\n\r\nGET /n HTTP/1.1\r\nHost: a\r\n\r\nGET /m HTTP/1.1\r\nHost: a\r\n\r\n'],
      [C, 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n'],
    ]);
    expect(txs.map((t) => t.status)).toEqual([200, 204, 304]);
    expect(txs.every((t) => !t.responseTruncated)).toBe(true);
  });

  it('reads a response without length until the connection closes', () => {
    const { txs } = run([
      [S, 'GET / HTTP/1.0\r\n\r\n'],
      [C, 'HTTP/1.0 200 OK\r\n\r\nall of '],
      [C, 'this'],
    ]);
    expect(txt(txs[0]!.getBuffer('http.response_body', C))).toBe('all of this');
    expect(txs[0]!.responseTruncated).toBe(false);
  });

  it('caps bodies at the limit and flags truncation', () => {
    const { txs } = run(
      [
        [S, 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789'],
        [C, 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabcdef'],
      ],
      { requestBodyLimit: 4, responseBodyLimit: 3 },
    );
    expect(txt(txs[0]!.getBuffer('http.request_body', S))).toBe('0123');
    expect(txs[0]!.requestBody.truncated).toBe(true);
    expect(txs[0]!.requestBody.seen).toBe(10);
    expect(txt(txs[0]!.getBuffer('http.response_body', C))).toBe('abc');
    expect(txs[0]!.toEve()['length']).toBe(6);
  });

  it('decompresses gzip response bodies for http.response_body and file.data', () => {
    const gz = gzipSync(enc.encode('secret payload'));
    const head = enc.encode(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`);
    const { txs } = run([
      [S, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n'],
      [C, head],
      [C, gz],
    ]);
    expect(txt(txs[0]!.getBuffer('http.response_body', C))).toBe('secret payload');
    expect(txt(txs[0]!.getBuffer('file.data', C))).toBe('secret payload');
  });

  it('flags a corrupt gzip body and keeps the raw bytes', () => {
    const { txs } = run([
      [S, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n'],
      [C, 'HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope'],
    ]);
    expect(txt(txs[0]!.getBuffer('http.response_body', C))).toBe('nope');
    expect(txs[0]!.events).toContain(HttpEvent.GzipDecompressionFailed);
  });

  it('unfolds folded headers and combines repeated ones', () => {
    const { txs } = run([[S, 'GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n  two\r\nX-Rep: 1\r\nx-rep: 2\r\n\r\n']]);
    const tx = txs[0]!;
    expect(txt(tx.requestHeader('x-long'))).toBe('one two');
    expect(txt(tx.requestHeader('x-rep'))).toBe('1, 2');
    expect(tx.events).toContain(HttpEvent.RequestHeaderRepetition);
  });

  it('raises request_auth_unrecognized for an Authorization scheme libhtp does not know (as Suricata 7.0.10 does)', () => {
    const unrecognized = (auth: string | null) => {
      const { txs } = run([[S, `GET / HTTP/1.1\r\nHost: a\r\n${auth === null ? '' : `Authorization: ${auth}\r\n`}\r\n`]]);
      return txs[0]!.events.includes(HttpEvent.RequestAuthUnrecognized);
    };
    // Checked against Suricata on bench/suricata/extra-capture.ts: the prefix decides, in any case.
    expect(['Basic dXNlcjpwYXNz', 'digest username="u"', 'Bearer eyJ', 'BasicX y', 'BASIC x'].map(unrecognized)).toEqual([false, false, false, false, false]);
    expect(['NTLM TlRMTVNTUAAB', 'Negotiate YIIG', 'Bas', ''].map(unrecognized)).toEqual([true, true, true, true]);
    expect(unrecognized(null)).toBe(false);
  });

  it('keeps lookups and repeats right in a head with many headers', () => {
    const many = Array.from({ length: 24 }, (_, i) => `X-H${i}: v${i}\r\n`).join('');
    const { txs } = run([[S, `GET / HTTP/1.1\r\nHost: a\r\n${many}x-h3: again\r\nUser-Agent: ua\r\nX-H20: twice\r\n\r\n`]]);
    const tx = txs[0]!;
    expect(txt(tx.requestHeader('x-h3'))).toBe('v3, again');
    expect(txt(tx.requestHeader('x-h20'))).toBe('v20, twice');
    expect(txt(tx.requestHeader('user-agent'))).toBe('ua');
    expect(txt(tx.requestHeader('host'))).toBe('a');
    expect(tx.requestHeader('x-h24')).toBeNull();
    expect(tx.getMultiBuffer('http.request_header', S)).toHaveLength(26);
    expect(tx.events).toContain(HttpEvent.RequestHeaderRepetition);
  });

  it('reads a head cut at every position the same as a whole one', () => {
    const head = 'GET /p HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  2\r\nUser-Agent: u\r\n\r\n';
    const whole = run([[S, head]]).txs[0]!;
    for (let cut = 1; cut < head.length; cut++) {
      const tx = run([[S, head.slice(0, cut)], [S, head.slice(cut)]]).txs[0]!;
      expect(txt(tx.getBuffer('http.header', S))).toBe(txt(whole.getBuffer('http.header', S)));
      expect(txt(tx.getBuffer('http.request_line', S))).toBe('GET /p HTTP/1.1');
    }
  });

  it('takes the host from an absolute URI', () => {
    const { txs } = run([[S, 'GET http://Proxy.Example.org./x HTTP/1.1\r\nHost: other\r\n\r\n']]);
    expect(txt(txs[0]!.getBuffer('http.host', S))).toBe('proxy.example.org');
    expect(txt(txs[0]!.getBuffer('http.host.raw', S))).toBe('Proxy.Example.org.');
    expect(txt(txs[0]!.getBuffer('http.uri', S))).toBe('/x');
  });

  it('stops parsing after 101 Switching Protocols', () => {
    const { txs } = run([
      [S, 'GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n'],
      [C, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello'],
      [S, 'GET /not-http HTTP/1.1\r\n\r\n'],
    ]);
    expect(txs).toHaveLength(1);
    expect(txs[0]!.status).toBe(101);
  });

  it('creates a response-only transaction for an unmatched response', () => {
    const { txs } = run([[C, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n']]);
    expect(txs).toHaveLength(1);
    expect(txs[0]!.request).toBeNull();
    expect(txs[0]!.events).toContain(HttpEvent.UnableToMatchResponse);
  });

  it('completes unanswered requests at close with their request side', () => {
    const { txs, sink } = run([[S, 'GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n']]);
    expect(txs.map((t) => txt(t.getBuffer('http.uri', S)))).toEqual(['/a', '/b']);
    expect(sink.sides.filter((s) => s.direction === C)).toHaveLength(0);
  });
});

describe('HttpParser: gaps', () => {
  it('skips a gap inside a Content-Length body and keeps framing', () => {
    const { txs } = run([
      [S, 'POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc'],
      ['gap', S, 4],
      [S, 'xyzGET /b HTTP/1.1\r\nHost: a\r\n\r\n'],
    ]);
    expect(txs.map((t) => txt(t.getBuffer('http.uri', S)))).toEqual(['/a', '/b']);
    expect(txs[0]!.requestBody.gap).toBe(true);
    expect(txs[0]!.requestTruncated).toBe(true);
    expect(txt(txs[0]!.getBuffer('http.request_body', S))).toBe('abcxyz');
  });

  it('resynchronises on the next request line after a gap in the headers', () => {
    const { txs, parser } = run([
      [S, 'GET /lost HTTP/1.1\r\nHost: a\r\nX-'],
      ['gap', S, 100],
      [S, 'tail of something\r\nmore junk\r\nGET /found HTTP/1.1\r\nHost: b\r\n\r\n'],
    ]);
    expect(txs.map((t) => txt(t.getBuffer('http.uri', S)))).toEqual(['/found']);
    expect(parser.gaps).toBe(1);
  });

  it('resynchronises responses on HTTP/ after a gap past the body end', () => {
    const { txs } = run([
      [S, 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n'],
      [C, 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab'],
      ['gap', C, 50],
      [C, 'ignored\r\nHTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n'],
    ]);
    expect(txs.map((t) => t.status)).toEqual([200, 302]);
    expect(txs[0]!.responseTruncated).toBe(true);
    expect(txt(txs[1]!.getBuffer('http.location', C))).toBe('/x');
    expect(txs[1]!.toEve()['redirect']).toBe('/x');
  });
});
