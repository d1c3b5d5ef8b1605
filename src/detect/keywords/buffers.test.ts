import { describe, expect, it } from 'vitest';
import { parseRule } from '../rule/rule-parser.js';
import { createParseContext } from '../rule/parse-context.js';
import { BUFFERS, BufferId } from '../rule/buffer-registry.js';
import { AppProto } from '../rule/app-proto.js';
import { ItemKind, TransformId, type Signature } from '../rule/signature.js';
import { KEYWORDS, lookupKeyword } from './registry.js';

const ctx = createParseContext();
const sig = (opts: string, proto = 'tcp'): Signature => {
  const r = parseRule(`alert ${proto} any any -> any any (${opts} sid:1;)`, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.signature;
};
const reason = (opts: string, proto = 'tcp') => {
  const r = parseRule(`alert ${proto} any any -> any any (${opts} sid:1;)`, ctx);
  return r.ok ? 'loaded' : r.error.reason;
};

describe('sticky buffers', () => {
  it('every registry buffer except pkt_data/base64_data has a sticky keyword, and legacy names resolve', () => {
    for (const b of BUFFERS) {
      if (b.name === 'pkt_data' || b.name === 'base64_data') continue;
      expect(lookupKeyword(b.name), b.name).toBeDefined();
      for (const l of b.legacy) expect(lookupKeyword(l), l).toBeDefined();
    }
    expect(KEYWORDS.length).toBeGreaterThan(100);
  });

  it('a tcp rule using an http buffer becomes an http rule; conflicts are errors', () => {
    expect(sig('http.uri; content:"/x";').appProto).toBe(AppProto.Http);
    expect(reason('dns.query; content:"x";', 'http')).toBe('keyword conflicts with the rule protocol');
    expect(reason('tls.sni; content:"x"; http.uri; content:"y";')).toBe('keyword conflicts with the rule protocol');
  });

  it('pkt_data returns to the payload list', () => {
    const s = sig('file.data; content:"a"; pkt_data; content:"b";', 'http');
    expect(s.buffers[0]!.items).toHaveLength(1);
    expect(s.buffers[1]!.bufferId).toBe(BufferId.FileData);
  });

  it('legacy content modifiers move the content; legacy sticky names switch buffers', () => {
    const chain = sig('content:"/a"; http_uri; content:"b"; distance:0; http_uri;');
    expect(chain.buffers[1]!.items).toHaveLength(2);
    // after a sticky-buffer content the legacy name acts as a sticky buffer (ET writes `...; http_content_type; content:`)
    const after = sig('http.uri; content:"a"; http_method; content:"GET";', 'http');
    expect(after.buffers.map((b) => [b.bufferId, b.items.length])).toEqual([[BufferId.PktData, 0], [BufferId.HttpUri, 1], [BufferId.HttpMethod, 1]]);
    const h = sig('content:"GET"; http_method; content:"/a"; nocase; http_uri; content:"x";', 'http');
    expect(h.buffers.map((b) => b.bufferId)).toEqual([BufferId.PktData, BufferId.HttpMethod, BufferId.HttpUri]);
    expect(h.buffers[0]!.items).toHaveLength(1);
    const d = sig('dns_query; content:"evil";', 'dns');
    expect(d.buffers[1]!.bufferId).toBe(BufferId.DnsQuery);
    const ct = sig('http_content_type; content:"application/json";', 'http');
    expect(ct.buffers[1]!.bufferId).toBe(BufferId.HttpContentType);
  });

  it('transforms attach to the buffer; a late transform starts a transformed copy', () => {
    const s = sig('tls.sni; dotprefix; to_lowercase; content:".evil.com"; endswith;', 'tls');
    expect(s.buffers[1]!.transforms).toEqual([TransformId.Dotprefix, TransformId.ToLowercase]);
    const late = sig('dns.query; content:"rs-"; startswith; dotprefix; content:".x.com"; endswith;', 'dns');
    expect(late.buffers.slice(1).map((b) => [b.bufferId, b.transforms, b.items.length])).toEqual([
      [BufferId.DnsQuery, [], 1],
      [BufferId.DnsQuery, [TransformId.Dotprefix], 1],
    ]);
    expect(reason('dotprefix; content:"x";')).toBe('transform without a sticky buffer');
  });

  it('bsize and urilen compile to size checks on their buffer', () => {
    const s = sig('http.host; bsize:>10; urilen:5<>10,raw;', 'http');
    expect(s.buffers.map((b) => b.bufferId)).toEqual([BufferId.PktData, BufferId.HttpHost, BufferId.HttpUriRaw]);
    expect(s.buffers[2]!.items[0]).toMatchObject({ kind: ItemKind.Bsize, origin: 'urilen' });
  });
});
