import { readFile } from 'node:fs/promises';
import { formatIpv6At, parseIpv4, parseIpv6 } from '../../native-free-decoders/index.js';
import { MirrorscopeError } from '../errors.js';

/**
 * An address or prefix that belongs to a mirror source ENI besides its primary IP (secondary IPs, delegated
 * prefixes, pod IPs): packets to or from it are the ENI's side for srcaddr/dstaddr and flow-direction.
 */
export interface AddressPrefix {
  readonly version: 4 | 6;
  /** Four words; an IPv4 address in the first. */
  readonly words: Uint32Array;
  readonly bits: number;
  readonly text: string;
}

/** What `--sources` says about one mirror source. Unknown values are null and print as `-`. */
export interface MirrorSourceInfo {
  /** The mirror session's VNI; null matches any VNI. */
  readonly vni: number | null;
  /** The source ENI's primary IP, as the outer IP source of deliveries (canonical text); null matches any. */
  readonly outer_src: string | null;
  readonly account_id: string | null;
  readonly interface_id: string | null;
  readonly vpc_id: string | null;
  readonly subnet_id: string | null;
  readonly instance_id: string | null;
  readonly region: string | null;
  readonly az_id: string | null;
  readonly addresses: readonly AddressPrefix[];
}

const STRING_FIELDS = ['account_id', 'interface_id', 'vpc_id', 'subnet_id', 'instance_id', 'region', 'az_id'] as const;
const KNOWN_FIELDS: ReadonlySet<string> = new Set(['vni', 'outer_src', 'addresses', ...STRING_FIELDS]);

/**
 * The `--sources` mapping from mirror sources to the ENI metadata Flow Logs carry. Lookups happen once per flow
 * (the result is cached by the caller), never per packet.
 *
 * A source entry may name the VNI, the outer source IP, or both. Since each mirror session has one source ENI and
 * AWS picks session VNIs unique within the account, the VNI alone usually suffices; the outer source IP alone
 * helps when sessions were recreated with new VNIs. The most specific entry wins: both, then VNI, then address.
 */
export class SourceMap {
  static readonly EMPTY = new SourceMap([]);
  readonly sources: readonly MirrorSourceInfo[];
  private readonly exact = new Map<string, number>();
  private readonly byVni = new Map<number, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(sources: readonly MirrorSourceInfo[]) {
    this.sources = sources;
    sources.forEach((s, i) => {
      if (s.vni !== null && s.outer_src !== null) this.exact.set(`${s.vni}/${s.outer_src}`, i);
      else if (s.vni !== null) this.byVni.set(s.vni, i);
      else if (s.outer_src !== null) this.byAddress.set(s.outer_src, i);
    });
  }

  get size(): number {
    return this.sources.length;
  }

  /** Index in `sources` of the entry for (VNI, canonical outer source text), or -1. */
  find(vni: number, outerSrc: string | null): number {
    if (this.sources.length === 0) return -1;
    if (outerSrc !== null) {
      const exact = this.exact.get(`${vni}/${outerSrc}`);
      if (exact !== undefined) return exact;
    }
    const v = this.byVni.get(vni);
    if (v !== undefined) return v;
    if (outerSrc !== null) {
      const a = this.byAddress.get(outerSrc);
      if (a !== undefined) return a;
    }
    return -1;
  }
}

/** Whether the four address words at `words[at]` (of IP `version`) fall inside `prefix`. */
export function prefixContains(prefix: AddressPrefix, words: Uint32Array, at: number, version: number): boolean {
  if (prefix.version !== version) return false;
  let bits = prefix.bits;
  for (let i = 0; i < 4 && bits > 0; i++) {
    const take = Math.min(32, bits);
    const mask = take === 32 ? 0xffffffff : ~(0xffffffff >>> take) >>> 0;
    if (((words[at + i]! & mask) >>> 0) !== ((prefix.words[i]! & mask) >>> 0)) return false;
    bits -= take;
  }
  return true;
}

/** Reads and validates a `--sources` JSON file; every problem is a one-line MirrorscopeError naming the file. */
export async function loadSources(path: string): Promise<SourceMap> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : oneLine(error);
    throw new MirrorscopeError('SOURCES_UNREADABLE', `cannot read sources file ${path}: ${why}`);
  }
  return parseSources(text, path);
}

/**
 * Parses the sources JSON:
 *
 *   {"sources": [{"vni": 7001, "outer_src": "10.0.0.11", "interface_id": "eni-0a1b2c3d4e5f60718",
 *                 "account_id": "123456789012", "vpc_id": "vpc-...", "subnet_id": "subnet-...",
 *                 "instance_id": "i-...", "region": "us-east-1", "az_id": "use1-az1",
 *                 "addresses": ["10.0.0.12", "10.0.0.32/28"]}]}
 *
 * Field names may also be written with hyphens, as in Flow Log formats (`interface-id`). Every field but one of
 * `vni`/`outer_src` is optional; an unknown field is an error rather than silently ignored, since a misspelt
 * `interface_id` would otherwise print `-` everywhere.
 */
export function parseSources(text: string, file: string): SourceMap {
  const fail = (message: string): never => {
    throw new MirrorscopeError('SOURCES_INVALID', `sources file ${file}: ${message}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${oneLine(error)})`);
  }
  if (!isObject(doc)) return fail('expected an object {"sources": [...]}');
  for (const key of Object.keys(doc)) if (key !== 'sources') fail(`unknown top-level field "${key}" (expected "sources")`);
  const list = doc['sources'];
  if (!Array.isArray(list)) return fail('"sources" must be an array');
  const seen = new Set<string>();
  const sources = list.map((entry: unknown, i: number) => {
    const where = `sources[${i}]`;
    if (!isObject(entry)) return fail(`${where} must be an object`);
    const fields: Record<string, unknown> = {};
    for (const [raw, value] of Object.entries(entry)) {
      const name = raw.replaceAll('-', '_');
      if (!KNOWN_FIELDS.has(name)) fail(`${where}: unknown field "${raw}"`);
      if (name in fields) fail(`${where}: field "${raw}" given twice`);
      fields[name] = value;
    }
    const vni = fields['vni'];
    if (vni !== undefined && vni !== null && !(Number.isInteger(vni) && (vni as number) >= 0 && (vni as number) <= 0xffffff)) {
      fail(`${where}: "vni" must be an integer from 0 to 16777215`);
    }
    let outer: string | null = null;
    const outerRaw = fields['outer_src'];
    if (outerRaw !== undefined && outerRaw !== null) {
      const parsed = typeof outerRaw === 'string' ? parseAddress(outerRaw, false) : null;
      if (parsed === null) fail(`${where}: "outer_src" must be an IPv4 or IPv6 address`);
      outer = parsed!.text;
    }
    const vniValue = vni === undefined || vni === null ? null : (vni as number);
    if (vniValue === null && outer === null) fail(`${where}: give "vni", "outer_src" or both`);
    const identity = `${vniValue ?? '*'}/${outer ?? '*'}`;
    if (seen.has(identity)) fail(`${where}: a source with the same vni and outer_src appears earlier`);
    seen.add(identity);
    const strings: Record<string, string | null> = {};
    for (const name of STRING_FIELDS) {
      const value = fields[name];
      if (value === undefined || value === null) strings[name] = null;
      else if (typeof value !== 'string' || value.length === 0 || /\s/.test(value)) {
        fail(`${where}: "${name}" must be a non-empty string without spaces`);
      } else strings[name] = value;
    }
    const addressesRaw = fields['addresses'] ?? [];
    if (!Array.isArray(addressesRaw)) return fail(`${where}: "addresses" must be an array of addresses or prefixes`);
    const addresses = addressesRaw.map((a: unknown) => {
      const p = typeof a === 'string' ? parseAddress(a, true) : null;
      if (p === null) return fail(`${where}: "addresses" entry ${JSON.stringify(a)} is not an address or prefix`);
      return p;
    });
    const info: MirrorSourceInfo = Object.freeze({
      vni: vniValue,
      outer_src: outer,
      account_id: strings['account_id']!,
      interface_id: strings['interface_id']!,
      vpc_id: strings['vpc_id']!,
      subnet_id: strings['subnet_id']!,
      instance_id: strings['instance_id']!,
      region: strings['region']!,
      az_id: strings['az_id']!,
      addresses: Object.freeze(addresses),
    });
    return info;
  });
  return new SourceMap(sources);
}

/** Parses `a.b.c.d`, an IPv6 address, or either with `/bits` when `allowPrefix`; text is canonical. */
function parseAddress(text: string, allowPrefix: boolean): AddressPrefix | null {
  const slash = text.indexOf('/');
  if (slash >= 0 && !allowPrefix) return null;
  const addr = slash >= 0 ? text.slice(0, slash) : text;
  const bitsText = slash >= 0 ? text.slice(slash + 1) : null;
  const words = new Uint32Array(4);
  let version: 4 | 6;
  let canonical: string;
  if (!addr.includes(':')) {
    const v4 = parseIpv4(addr);
    if (v4 < 0) return null;
    words[0] = v4;
    version = 4;
    canonical = `${v4 >>> 24}.${(v4 >>> 16) & 0xff}.${(v4 >>> 8) & 0xff}.${v4 & 0xff}`;
  } else {
    const bytes = parseIpv6(addr);
    if (bytes === null) return null;
    for (let i = 0; i < 4; i++) {
      words[i] = ((bytes[4 * i]! << 24) | (bytes[4 * i + 1]! << 16) | (bytes[4 * i + 2]! << 8) | bytes[4 * i + 3]!) >>> 0;
    }
    version = 6;
    canonical = formatIpv6At(bytes, 0);
  }
  const max = version === 4 ? 32 : 128;
  let bits = max;
  if (bitsText !== null) {
    if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > max) return null;
    bits = Number(bitsText);
  }
  return Object.freeze({ version, words, bits, text: bitsText === null ? canonical : `${canonical}/${bits}` });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}
