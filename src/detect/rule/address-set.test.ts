import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileAddress, parseAddressAtom } from './address-set.js';
import { parseIpv4, parseIpv6 } from './ip-address.js';
import { RuleParseError } from './rule-error.js';
import { DEFAULT_ADDRESS_GROUPS } from './vars.js';

const vars = new Map(Object.entries({ ...DEFAULT_ADDRESS_GROUPS, ONE: '1.2.3.4', LOOP: '$LOOP' }));
const lookup = (n: string): string | undefined => vars.get(n);
const ip = (s: string): number => parseIpv4(s);
const v6 = (m: ReturnType<typeof compileAddress>, s: string): boolean => {
  const v = parseIpv6(s)!;
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = Number((v >> BigInt(120 - 8 * i)) & 0xffn);
  return m.matchV6Bytes(b, 0);
};

describe('address sets', () => {
  it('any matches everything, both families', () => {
    const m = compileAddress('any', lookup);
    expect(m.any).toBe(true);
    expect(m.matchV4(ip('8.8.8.8'))).toBe(true);
    expect(v6(m, '2001:db8::1')).toBe(true);
  });

  it('CIDR, host and dotted netmask', () => {
    const m = compileAddress('[10.0.0.0/8,1.2.3.4,192.168.1.0/255.255.255.0]', lookup);
    expect(m.matchV4(ip('10.255.0.1'))).toBe(true);
    expect(m.matchV4(ip('11.0.0.0'))).toBe(false);
    expect(m.matchV4(ip('1.2.3.4'))).toBe(true);
    expect(m.matchV4(ip('1.2.3.5'))).toBe(false);
    expect(m.matchV4(ip('192.168.1.77'))).toBe(true);
    expect(m.matchV4(ip('192.168.2.1'))).toBe(false);
  });

  it('negation inside a list subtracts', () => {
    const m = compileAddress('[10.0.0.0/8,!10.1.0.0/16]', lookup);
    expect(m.matchV4(ip('10.0.0.1'))).toBe(true);
    expect(m.matchV4(ip('10.1.2.3'))).toBe(false);
    expect(m.v4.length).toBe(4);
  });

  it('nested lists and negated lists', () => {
    const m = compileAddress('[10.0.0.0/8,![10.1.0.0/16,!10.1.1.0/24]]', lookup);
    expect(m.matchV4(ip('10.1.1.5'))).toBe(true);
    expect(m.matchV4(ip('10.1.2.5'))).toBe(false);
    expect(m.matchV4(ip('10.2.0.0'))).toBe(true);
  });

  it('$EXTERNAL_NET is everything outside $HOME_NET, including all of IPv6', () => {
    const ext = compileAddress('$EXTERNAL_NET', lookup);
    const home = compileAddress('$HOME_NET', lookup);
    for (const a of ['10.0.0.1', '172.16.5.5', '192.168.0.1']) {
      expect(home.matchV4(ip(a))).toBe(true);
      expect(ext.matchV4(ip(a))).toBe(false);
    }
    expect(ext.matchV4(ip('172.32.0.1'))).toBe(true);
    expect(ext.matchV4(ip('8.8.8.8'))).toBe(true);
    expect(v6(ext, '2001:db8::1')).toBe(true);
    expect(v6(home, '2001:db8::1')).toBe(false);
  });

  it('IPv6 prefixes, embedded IPv4 and ranges', () => {
    const m = compileAddress('[2001:db8::/32,::ffff:1.2.3.4,fe80::1-fe80::ff]', lookup);
    expect(v6(m, '2001:db8:ffff::1')).toBe(true);
    expect(v6(m, '2001:db9::1')).toBe(false);
    expect(v6(m, '::ffff:1.2.3.4')).toBe(true);
    expect(v6(m, 'fe80::80')).toBe(true);
    expect(v6(m, 'fe80::100')).toBe(false);
    expect(m.matchV4(ip('1.2.3.4'))).toBe(false);
  });

  it('rejects unknown variables, loops, !any and empty sets with a reason', () => {
    for (const bad of ['$NOPE', '$LOOP', '!any', '[1.2.3.4,!1.2.3.4]', '300.1.1.1', '1.2.3.4/33', '[1.2.3.4']) {
      expect(() => compileAddress(bad, lookup), bad).toThrow(RuleParseError);
    }
  });

  it('IPv4 range atoms', () => {
    const s = parseAddressAtom('1.1.1.1-1.1.1.9');
    expect(s.v4).toEqual([[BigInt(ip('1.1.1.1')), BigInt(ip('1.1.1.9'))]]);
  });

  it('matches a naive reference on random lists (property)', () => {
    const cidr = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), cidr), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })), { minLength: 20, maxLength: 20 }),
        (items, probes) => {
          const text = `[${items.map(([neg, [a, b, p]]) => `${neg ? '!' : ''}10.${a}.${b}.0/${p}`).join(',')}]`;
          const inNet = (x: number, [a, b, p]: [number, number, number]): boolean => {
            const base = ip(`10.${a}.${b}.0`);
            const mask = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
            return ((x & mask) >>> 0) === ((base & mask) >>> 0);
          };
          const positives = items.filter(([n]) => !n);
          const negatives = items.filter(([n]) => n);
          let m: ReturnType<typeof compileAddress>;
          try {
            m = compileAddress(text, lookup);
          } catch (e) {
            expect(e).toBeInstanceOf(RuleParseError);
            return;
          }
          for (const [a, b, c] of probes) {
            const x = ip(`10.${a}.${b}.${c}`);
            const want =
              (positives.length === 0 || positives.some(([, n]) => inNet(x, n))) && !negatives.some(([, n]) => inNet(x, n));
            expect(m.matchV4(x)).toBe(want);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
