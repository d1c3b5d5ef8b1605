import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MirrorscopeError } from '../errors.js';
import { FlowKey } from './flow-key.js';
import { loadSources, parseSources, prefixContains } from './sources.js';

function failure(text: string): MirrorscopeError {
  try {
    parseSources(text, 'conf/sources.json');
  } catch (error) {
    expect(error).toBeInstanceOf(MirrorscopeError);
    return error as MirrorscopeError;
  }
  throw new Error('expected parseSources to throw');
}

describe('--sources', () => {
  it('parses sources and finds the most specific one', () => {
    const map = parseSources(
      JSON.stringify({
        sources: [
          { vni: 7001, outer_src: '10.0.0.11', interface_id: 'eni-exact' },
          { vni: 7001, interface_id: 'eni-vni' },
          { outer_src: '2001:0db8::0011', interface_id: 'eni-v6', 'account-id': '123456789012' },
        ],
      }),
      'x.json',
    );
    expect(map.size).toBe(3);
    const name = (i: number) => (i < 0 ? null : map.sources[i]!.interface_id);
    expect(name(map.find(7001, '10.0.0.11'))).toBe('eni-exact');
    expect(name(map.find(7001, '10.0.0.99'))).toBe('eni-vni');
    expect(name(map.find(9, '2001:db8::11'))).toBe('eni-v6');
    expect(map.sources[2]!.account_id).toBe('123456789012');
    expect(map.sources[2]!.outer_src).toBe('2001:db8::11');
    expect(name(map.find(9, '10.0.0.11'))).toBeNull();
  });

  it('matches listed addresses and prefixes', () => {
    const map = parseSources(JSON.stringify({ sources: [{ vni: 1, addresses: ['10.0.0.32/28', '2001:db8:1::/48', '10.9.9.9'] }] }), 'x.json');
    const [p28, p48, host] = map.sources[0]!.addresses;
    const k = new FlowKey();
    const v4 = (n: number) => {
      const w = new Uint32Array(15);
      w[5] = n;
      return w;
    };
    expect(prefixContains(p28!, v4(0x0a000020), 5, 4)).toBe(true);
    expect(prefixContains(p28!, v4(0x0a00002f), 5, 4)).toBe(true);
    expect(prefixContains(p28!, v4(0x0a000030), 5, 4)).toBe(false);
    expect(prefixContains(host!, v4(0x0a090909), 5, 4)).toBe(true);
    expect(prefixContains(p48!, v4(0x0a000020), 5, 4)).toBe(false);
    const a = new Uint8Array(16);
    a.set([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0xff, 0xff]);
    expect(prefixContains(p48!, k.setIpv6(a, new Uint8Array(16), 0, 0, 6).words, k.reversed ? 9 : 5, 6)).toBe(true);
  });

  it('rejects bad JSON, unknown fields and bad values with one line naming the file', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"sources": [', /not valid JSON/],
      ['[]', /expected an object/],
      ['{"source": []}', /unknown top-level field "source"/],
      ['{"sources": [{"vni": 1, "acount_id": "1"}]}', /sources\[0\]: unknown field "acount_id"/],
      ['{"sources": [{"interface_id": "eni-1"}]}', /give "vni", "outer_src" or both/],
      ['{"sources": [{"vni": 16777216}]}', /"vni" must be an integer/],
      ['{"sources": [{"vni": 1, "outer_src": "10.0.0.300"}]}', /"outer_src" must be an IPv4 or IPv6 address/],
      ['{"sources": [{"vni": 1, "interface_id": "eni 1"}]}', /"interface_id" must be a non-empty string/],
      ['{"sources": [{"vni": 1, "addresses": ["10.0.0.0/33"]}]}', /"addresses" entry "10.0.0.0\/33"/],
      ['{"sources": [{"vni": 1}, {"vni": 1}]}', /sources\[1\]: a source with the same vni and outer_src/],
    ];
    for (const [text, pattern] of cases) {
      const e = failure(text);
      expect(e.message).toMatch(pattern);
      expect(e.message).toMatch(/^sources file conf\/sources\.json: /);
      expect(e.message).not.toContain('\n');
      expect(e.code).toBe('SOURCES_INVALID');
    }
  });

  it('loads a file, and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mirrorscope-sources-'));
    const path = join(dir, 'sources.json');
    await writeFile(path, '{"sources":[{"vni":7001,"outer_src":"10.0.0.11","interface_id":"eni-0a1b"}]}');
    expect((await loadSources(path)).sources[0]!.interface_id).toBe('eni-0a1b');
    await expect(loadSources(join(dir, 'nope.json'))).rejects.toThrow(/cannot read sources file .*nope\.json: no such file/);
  });
});
