import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRule } from './rule-parser.js';
import { createParseContext } from './parse-context.js';
import { AppProto, HeaderProto } from './app-proto.js';
import { BufferId } from './buffer-registry.js';
import { ContentFlag, ItemKind, type ContentItem } from './signature.js';
import { parseIpv4 } from './ip-address.js';

const ctx = createParseContext();
const ok = (text: string) => {
  const r = parseRule(text, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.signature;
};
const fail = (text: string) => {
  const r = parseRule(text, ctx);
  if (r.ok) throw new Error(`expected a skip: ${text}`);
  return r;
};
const text = (c: ContentItem): string => Buffer.from(c.pattern).toString('latin1');

describe('rule header', () => {
  it('parses a full ET-style rule', () => {
    const s = ok(
      'alert http $HOME_NET any -> $EXTERNAL_NET $HTTP_PORTS (msg:"ET TEST \\"quoted\\" a\\;b"; flow:established,to_server; ' +
        'http.uri; content:"/gate.php"; classtype:trojan-activity; sid:2000001; rev:3; gid:1; ' +
        'metadata:created_at 2020_01_01, signature_severity Major; reference:url,example.com/x;)',
    );
    expect(s.msg).toBe('ET TEST "quoted" a;b');
    expect([s.sid, s.rev, s.gid, s.priority]).toEqual([2000001, 3, 1, 1]);
    expect(s.classDescription).toBe('A Network Trojan was detected');
    expect(s.proto).toBe(HeaderProto.Tcp);
    expect(s.appProto).toBe(AppProto.Http);
    expect(s.dstPorts.match(80)).toBe(true);
    expect(s.dstPorts.match(8080)).toBe(false);
    expect(s.src.matchV4(parseIpv4('10.1.1.1'))).toBe(true);
    expect(s.dst.matchV4(parseIpv4('10.1.1.1'))).toBe(false);
    expect(s.metadata).toEqual([
      ['created_at', '2020_01_01'],
      ['signature_severity', 'Major'],
    ]);
    expect(s.references).toEqual([{ system: 'url', id: 'example.com/x' }]);
    expect(s.buffers[1]!.bufferId).toBe(BufferId.HttpUri);
  });

  it('shares header matchers between rules with the same text', () => {
    const a = ok('alert tcp $HOME_NET any -> $EXTERNAL_NET 443 (sid:1;)');
    const b = ok('alert tcp $HOME_NET any -> $EXTERNAL_NET 443 (sid:2;)');
    expect(a.src).toBe(b.src);
    expect(a.dstPorts).toBe(b.dstPorts);
  });

  it('records drop/reject but alerts; pass is pass; <> is bidirectional', () => {
    const d = ok('drop tcp any any <> any any (sid:1;)');
    expect([d.action, d.effectiveAction, d.bidirectional]).toEqual(['drop', 'alert', true]);
    expect(ok('rejectboth tcp any any -> any any (sid:1;)').effectiveAction).toBe('alert');
    expect(ok('pass ip any any -> any any (sid:1;)').effectiveAction).toBe('pass');
  });

  it('maps protocols, and skips recognised app-layer protocols it cannot parse', () => {
    expect(ok('alert http1 any any -> any any (sid:1;)').appProto).toBe(AppProto.Http);
    expect(ok('alert tcp-pkt any any -> any any (sid:1;)').proto).toBe(HeaderProto.TcpPkt);
    expect(ok('alert tcp-stream any any -> any any (sid:1;)').proto).toBe(HeaderProto.TcpStream);
    expect(ok('alert dns any any -> any 53 (sid:1;)').appProto).toBe(AppProto.Dns);
    const smb = fail('alert smb any any -> any any (msg:"x"; sid:7;)');
    expect(smb.error.kind).toBe('unsupported');
    expect(smb.error.reason).toBe('unsupported app-layer protocol smb');
    expect(smb.sid).toBe(7);
    expect(fail('alert foo any any -> any any (sid:1;)').error.reason).toBe('unknown protocol');
  });

  it('reports syntax problems with a reason and the keyword', () => {
    expect(fail('alert tcp any any -> any any (msg:"x";)').error.reason).toBe('missing sid');
    expect(fail('alert tcp any any => any any (sid:1;)').error.reason).toBe('invalid direction');
    expect(fail('alert tcp any any any any (sid:1;)').error.reason).toBe('invalid rule header');
    expect(fail('alert tcp any any -> any any sid:1;').error.reason).toBe('rule has no option list');
    expect(fail('alarm tcp any any -> any any (sid:1;)').error.reason).toBe('unknown action');
    const e = fail('alert tcp any any -> any any (content:"a"; depth:0; sid:9;)');
    expect(e.error.keyword).toBe('depth');
    expect(e.sid).toBe(9);
    expect(fail('alert tcp any any -> any any (frobnicate; sid:1;)').error.reason).toBe('unknown keyword frobnicate');
    const u = fail('alert tcp any any -> any any (flowvar:x,"y"; sid:1;)');
    expect([u.error.kind, u.error.reason]).toEqual(['unsupported', 'unsupported keyword flowvar']);
    expect(fail('alert tcp any any -> any any (nocase:1; content:"a"; sid:1;)').error.reason).toBe('nocase takes no value');
    expect(fail('alert tcp any any -> any any (content; sid:1;)').error.reason).toBe('content needs a value');
  });

  it('treats escaped semicolons as part of the value, not a separator', () => {
    const s = ok('alert tcp any any -> any any (content:"a\\;b"; pcre:"/x\\;y/"; sid:1;)');
    expect(text(s.buffers[0]!.items[0] as ContentItem)).toBe('a;b');
    const p = s.buffers[0]!.items[1]!;
    expect(p.kind === ItemKind.Pcre && p.regex.test('x;y')).toBe(true);
  });
});

describe('compiled structure', () => {
  it('merges repeated sticky buffers and drops empty ones', () => {
    const s = ok('alert http any any -> any any (http.uri; content:"a"; http.header; http.uri; content:"b"; sid:1;)');
    expect(s.buffers.map((b) => b.bufferId)).toEqual([BufferId.PktData, BufferId.HttpUri]);
    expect(s.buffers[1]!.items.map((i) => text(i as ContentItem))).toEqual(['a', 'b']);
  });

  it('marks contents that the next item is relative to', () => {
    const s = ok('alert tcp any any -> any any (content:"a"; content:"b"; distance:0; content:"c"; sid:1;)');
    const [a, b, c] = s.buffers[0]!.items as ContentItem[];
    expect(a!.flags & ContentFlag.RelativeNext).toBeTruthy();
    expect(b!.flags & ContentFlag.RelativeNext).toBe(0);
    expect(c!.flags & ContentFlag.RelativeNext).toBe(0);
  });

  it('picks the explicit fast_pattern, else the strongest non-negated content', () => {
    const explicit = ok('alert tcp any any -> any any (content:"longer pattern here"; content:"ab"; fast_pattern; sid:1;)');
    expect(Buffer.from(explicit.fastPattern!.bytes).toString()).toBe('ab');
    expect(explicit.fastPattern!.explicit).toBe(true);
    const strongest = ok('alert http any any -> any any (content:!"zzzzzzzzzzzzzzzzzzzzzzzz"; content:"GET"; http.uri; content:"/a|00 ff 13|x"; sid:1;)');
    expect(strongest.fastPattern!.bufferId).toBe(BufferId.HttpUri);
    expect(Array.from(strongest.fastPattern!.bytes)).toEqual([0x2f, 0x61, 0, 0xff, 0x13, 0x78]);
    expect(strongest.fastPattern!.explicit).toBe(false);
    const nocase = ok('alert tcp any any -> any any (content:"ABC"; nocase; fast_pattern:1,2; sid:1;)');
    expect(Buffer.from(nocase.fastPattern!.bytes).toString()).toBe('bc');
    expect(nocase.fastPattern!.nocase).toBe(true);
    expect(ok('alert tcp any any -> any any (content:!"a"; sid:1;)').fastPattern).toBeNull();
  });
});

const ET_SAMPLES = [
  'alert http $HOME_NET any -> $EXTERNAL_NET any (msg:"ET X"; flow:established,to_server; http.method; content:"POST"; http.uri; bsize:27; content:"/api/x"; fast_pattern; http.content_len; byte_test:0,=,0,0,string,dec; classtype:pup-activity; sid:2044040; rev:2;)',
  'alert dns $HOME_NET any -> any any (msg:"ET Y"; dns.query; content:"rs-"; startswith; fast_pattern; pcre:"/[a-z]{2}/Ri"; dotprefix; content:".rustdesk.com"; nocase; endswith; classtype:misc-activity; sid:2044076; rev:1;)',
  'alert tcp any any -> $HOME_NET [443,636] (msg:"ET Z"; flow:established,to_server; content:"|18 03|"; depth:2; byte_test:1,<,4,0,relative; content:!"|00 03|"; distance:1; within:2; byte_extract:2,1,rec_len,relative; content:"|01|"; within:1; byte_test:2,>,rec_len,0,relative; threshold:type limit,track by_src,count 1,seconds 120; classtype:bad-unknown; sid:2018389; rev:4;)',
];

describe('parseRule never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseRule(s, ctx);
        // a crash inside a keyword module is caught and reported as an internal error: that must never happen
        if (!r.ok) expect(r.error.reason).not.toBe('internal error while parsing');
      }),
      { numRuns: 500 },
    );
  });

  it('on mutated ET rules', () => {
    const alphabet = [';', '"', '\\', ':', ',', '|', '!', '(', ')', '[', ']', ' ', '$', '/', 'a', '0', '-', '>'];
    fc.assert(
      fc.property(
        fc.constantFrom(...ET_SAMPLES),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...alphabet)), { minLength: 1, maxLength: 6 }),
        (rule, edits) => {
          let s = rule;
          for (const [pos, op, ch] of edits) {
            const i = pos % (s.length + 1);
            if (op === 0) s = s.slice(0, i) + s.slice(i + 1);
            else if (op === 1) s = s.slice(0, i) + ch + s.slice(i);
            else s = s.slice(0, i) + ch + s.slice(i + 1);
          }
          const r = parseRule(s, ctx);
          if (!r.ok) {
            expect(r.error.reason.length).toBeGreaterThan(0);
            expect(r.error.reason, r.error.message).not.toBe('internal error while parsing');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the unmutated samples load', () => {
    for (const r of ET_SAMPLES) ok(r);
  });
});
