/**
 * Address and port variables. Defaults are those of Suricata's stock suricata.yaml, so ET rules behave as they do
 * on a default Suricata; `--vars FILE` overrides or adds entries.
 */
import { readFileSync } from 'node:fs';
import { MirrorscopeError } from '../../errors.js';

export interface RuleVars {
  readonly addressGroups: ReadonlyMap<string, string>;
  readonly portGroups: ReadonlyMap<string, string>;
}

export const DEFAULT_ADDRESS_GROUPS: Readonly<Record<string, string>> = {
  HOME_NET: '[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]',
  EXTERNAL_NET: '!$HOME_NET',
  HTTP_SERVERS: '$HOME_NET',
  SMTP_SERVERS: '$HOME_NET',
  SQL_SERVERS: '$HOME_NET',
  DNS_SERVERS: '$HOME_NET',
  TELNET_SERVERS: '$HOME_NET',
  // stock suricata.yaml: AIM servers are outside the network
  AIM_SERVERS: '$EXTERNAL_NET',
  DC_SERVERS: '$HOME_NET',
  DNP3_SERVER: '$HOME_NET',
  DNP3_CLIENT: '$HOME_NET',
  MODBUS_CLIENT: '$HOME_NET',
  MODBUS_SERVER: '$HOME_NET',
  ENIP_CLIENT: '$HOME_NET',
  ENIP_SERVER: '$HOME_NET',
};

export const DEFAULT_PORT_GROUPS: Readonly<Record<string, string>> = {
  HTTP_PORTS: '80',
  SHELLCODE_PORTS: '!80',
  ORACLE_PORTS: '1521',
  SSH_PORTS: '22',
  DNP3_PORTS: '20000',
  MODBUS_PORTS: '502',
  FILE_DATA_PORTS: '[$HTTP_PORTS,110,143]',
  FTP_PORTS: '21',
  GENEVE_PORTS: '6081',
  VXLAN_PORTS: '4789',
  TEREDO_PORTS: '3544',
};

export function defaultVars(): RuleVars {
  return {
    addressGroups: new Map(Object.entries(DEFAULT_ADDRESS_GROUPS)),
    portGroups: new Map(Object.entries(DEFAULT_PORT_GROUPS)),
  };
}

export interface VarOverrides {
  addressGroups: Record<string, string>;
  portGroups: Record<string, string>;
}

export function mergeVars(base: RuleVars, over: Partial<VarOverrides>): RuleVars {
  const a = new Map(base.addressGroups);
  const p = new Map(base.portGroups);
  for (const [k, v] of Object.entries(over.addressGroups ?? {})) a.set(k, v);
  for (const [k, v] of Object.entries(over.portGroups ?? {})) p.set(k, v);
  return { addressGroups: a, portGroups: p };
}

function stripYamlScalar(raw: string): string {
  let v = raw.trim();
  if (v.startsWith('"') || v.startsWith("'")) {
    const q = v[0] as string;
    const end = v.indexOf(q, 1);
    return end > 0 ? v.slice(1, end) : v.slice(1);
  }
  const hash = v.indexOf(' #');
  if (hash >= 0) v = v.slice(0, hash).trim();
  return v;
}

function asStringRecord(v: unknown, file: string, key: string): Record<string, string> {
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new MirrorscopeError('VARS_INVALID', `${file}: "${key}" must be an object of NAME: value`);
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (typeof val !== 'string' && typeof val !== 'number') {
      throw new MirrorscopeError('VARS_INVALID', `${file}: ${key}.${k} must be a string`);
    }
    out[k] = String(val);
  }
  return out;
}

/**
 * Reads either JSON (`{"address-groups": {...}, "port-groups": {...}}`, optionally under `"vars"`) or the
 * `address-groups:` / `port-groups:` sections of a suricata.yaml. Only those two sections are read; a full YAML
 * parser would be a dependency for two flat maps.
 */
export function parseVarsText(text: string, file = '<vars>'): VarOverrides {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new MirrorscopeError('VARS_INVALID', `${file}: invalid JSON (${(e as Error).message})`);
    }
    const root = (doc as Record<string, unknown>)['vars'] ?? doc;
    const r = root as Record<string, unknown>;
    return {
      addressGroups: asStringRecord(r['address-groups'], file, 'address-groups'),
      portGroups: asStringRecord(r['port-groups'], file, 'port-groups'),
    };
  }
  const out: VarOverrides = { addressGroups: {}, portGroups: {} };
  let section: Record<string, string> | null = null;
  let sectionIndent = -1;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    const head = /^\s*(address-groups|port-groups)\s*:\s*$/.exec(line);
    if (head) {
      section = head[1] === 'address-groups' ? out.addressGroups : out.portGroups;
      sectionIndent = indent;
      continue;
    }
    if (section !== null && indent <= sectionIndent) section = null;
    if (section === null) continue;
    const kv = /^\s*([A-Za-z0-9_]+)\s*:\s*(.*)$/.exec(line);
    if (kv) section[kv[1] as string] = stripYamlScalar(kv[2] as string);
  }
  return out;
}

export function loadVarsFile(path: string): RuleVars {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MirrorscopeError('VARS_UNREADABLE', `${path}: cannot read vars file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return mergeVars(defaultVars(), parseVarsText(text, path));
}
