import { describe, expect, it } from 'vitest';
import { parseRule } from '../rule/rule-parser.js';
import { createParseContext } from '../rule/parse-context.js';
import type { Signature } from '../rule/signature.js';

const ctx = createParseContext();
const sig = (opts: string): Signature => {
  const r = parseRule(`alert tcp any any -> any any (${opts})`, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.signature;
};
const reason = (opts: string) => {
  const r = parseRule(`alert tcp any any -> any any (${opts})`, ctx);
  return r.ok ? 'loaded' : r.error.reason;
};

describe('meta keywords', () => {
  it('priority overrides classtype in either order; default priority 3', () => {
    expect(sig('classtype:trojan-activity; priority:3; sid:1;').priority).toBe(3);
    expect(sig('priority:2; classtype:trojan-activity; sid:1;').priority).toBe(2);
    expect(sig('classtype:tcp-connection; sid:1;').priority).toBe(4);
    expect(sig('sid:1;').priority).toBe(3);
    expect(reason('classtype:no-such-class; sid:1;')).toBe('unknown classtype');
    expect(reason('priority:0; sid:1;')).toBe('invalid priority value');
  });

  it('sid/rev/gid validation', () => {
    expect(reason('sid:0;')).toBe('invalid sid value');
    expect(reason('sid:1; sid:2;')).toBe('sid given twice');
    expect(reason('sid:abc;')).toBe('invalid sid value');
    expect(sig('sid:5; rev:7; gid:3;')).toMatchObject({ sid: 5, rev: 7, gid: 3 });
  });

  it('target, tag, noalert, config', () => {
    expect(sig('target:dest_ip; sid:1;').target).toBe('dest_ip');
    expect(reason('target:nowhere; sid:1;')).toBe('invalid target value');
    expect(sig('tag:session,10,packets; sid:1;').tags).toEqual([{ scope: 'session', count: 10, metric: 'packets', direction: '' }]);
    expect(reason('tag:host,10,packets; sid:1;')).toBe('tag:host needs src or dst');
    expect(sig('noalert; sid:1;').noalert).toBe(true);
    expect(sig('config:logging disable, type tx, scope tx; sid:1;').noalert).toBe(true);
  });

  it('legacy TLS field keywords', () => {
    const s = sig('tls.subject:!"CN=*.example.com"; tls.version:1.2; sid:1;');
    expect(s.tlsChecks).toEqual([
      { field: 'subject', value: 'CN=*.example.com', negated: true },
      { field: 'version', value: '1.2', negated: false },
    ]);
    expect(s.appProto).toBe(2);
  });
});
