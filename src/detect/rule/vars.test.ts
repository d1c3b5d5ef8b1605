import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVarsFile, parseVarsText } from './vars.js';
import { MirrorscopeError } from '../../errors.js';

describe('vars files', () => {
  it('reads the address-groups / port-groups sections of a suricata.yaml', () => {
    const v = parseVarsText(
      [
        '%YAML 1.1',
        '---',
        'vars:',
        '  address-groups:',
        '    HOME_NET: "[10.0.0.0/16]"   # the VPC',
        "    EXTERNAL_NET: '!$HOME_NET'",
        '  port-groups:',
        '    HTTP_PORTS: "80,8080"',
        '    SSH_PORTS: 22',
        'outputs:',
        '  HOME_NET: nope',
      ].join('\n'),
    );
    expect(v.addressGroups).toEqual({ HOME_NET: '[10.0.0.0/16]', EXTERNAL_NET: '!$HOME_NET' });
    expect(v.portGroups).toEqual({ HTTP_PORTS: '80,8080', SSH_PORTS: '22' });
  });

  it('reads JSON, with or without a vars wrapper', () => {
    expect(parseVarsText('{"address-groups":{"HOME_NET":"[10.0.0.0/16]"}}').addressGroups).toEqual({ HOME_NET: '[10.0.0.0/16]' });
    expect(parseVarsText('{"vars":{"port-groups":{"HTTP_PORTS":8080}}}').portGroups).toEqual({ HTTP_PORTS: '8080' });
    expect(() => parseVarsText('{"address-groups": [1]}')).toThrow(MirrorscopeError);
    expect(() => parseVarsText('{oops')).toThrow(/invalid JSON/);
  });

  it('merges over the defaults and names a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-vars-'));
    const f = join(dir, 'vars.json');
    writeFileSync(f, '{"address-groups":{"HOME_NET":"[10.0.0.0/16]"}}');
    const v = loadVarsFile(f);
    expect(v.addressGroups.get('HOME_NET')).toBe('[10.0.0.0/16]');
    expect(v.addressGroups.get('EXTERNAL_NET')).toBe('!$HOME_NET');
    expect(v.portGroups.get('HTTP_PORTS')).toBe('80');
    expect(() => loadVarsFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml/);
  });
});
