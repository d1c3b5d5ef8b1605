import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runMeasured, type MeasuredRun } from '../../bench/suricata/run-measured.js';
import { NODE_ENV, NODE_FLAGS } from '../../src/cli/node-flags.js';

/**
 * Differential check of mirrorscope's detection against Suricata 7: both replay the same capture with the same
 * rules, and the DISTINCT alert tuples (sid, src_ip, src_port, dest_ip, dest_port, proto) of their EVE files are
 * compared. Distinct tuples, not alert counts, are the contract: Suricata alerts once per matching packet or
 * stream chunk, and where its raw-stream chunks end depends on its reassembly settings, so counts are reported
 * for information only.
 *
 * Library: `runDifferential()`. CLI: `npx tsx tests/differential/compare.ts CAPTURE... [--rules PATH] [--keep]`.
 */

/** The repository root, whether this runs from tests/differential or dist/tests/differential. */
export const REPO_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith(`${'/dist'}`)) {
    const up = dirname(dir);
    if (up === dir) throw new Error('compare.ts: cannot find the repository root (package.json)');
    dir = up;
  }
  return dir;
})();
export const SURICATA_YAML = join(REPO_ROOT, 'bench', 'suricata', 'suricata.yaml');
export const DIFFERENTIAL_RULES = join(REPO_ROOT, 'tests', 'differential', 'rules');
export const MIRRORSCOPE_CLI = join(REPO_ROOT, 'dist', 'bundle', 'main.js');

export function suricataVersion(): string | null {
  try {
    const v = execFileSync('suricata', ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return /version (\S+)/.exec(v)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Suricata 7 on PATH. Tests that need the oracle skip without it. */
export const suricataAvailable = (suricataVersion() ?? '').startsWith('7.');

export interface AlertTuple {
  sid: number;
  srcIp: string;
  /** null for ICMP and ICMPv6, whose "ports" differ between tools (absent in Suricata's EVE). */
  srcPort: number | null;
  destIp: string;
  destPort: number | null;
  proto: string;
}

export interface EveSummary {
  /** Alert lines read. */
  alerts: number;
  /** Distinct tuples by key (tupleKey). */
  tuples: Map<string, AlertTuple>;
  /** Alert lines per sid. */
  alertsPerSid: Map<number, number>;
  /** Signature text per sid, as the EVE file gives it. */
  signatures: Map<number, string>;
  /** Lines that were not JSON. */
  badLines: number;
}

export interface SideRun {
  tool: 'suricata' | 'mirrorscope';
  ok: boolean;
  /** Why the run failed, in one line; undefined when ok. */
  error?: string;
  command: string;
  eve: string;
  seconds: number;
  /** User + system CPU seconds (all threads), when GNU time measured it. */
  cpuSeconds: number | null;
  peakRssKiB: number | null;
  summary: EveSummary;
  /** Rules the tool reported it could not load (Suricata: "error parsing signature" lines). */
  ruleErrors: string[];
  stderr: string;
}

export interface SidRow {
  sid: number;
  signature: string;
  suricataAlerts: number;
  mirrorscopeAlerts: number;
  suricataTuples: number;
  mirrorscopeTuples: number;
  bothTuples: number;
}

export interface DifferentialResult {
  capture: string;
  rules: string;
  suricata: SideRun;
  mirrorscope: SideRun;
  both: AlertTuple[];
  onlySuricata: AlertTuple[];
  onlyMirrorscope: AlertTuple[];
  perSid: SidRow[];
  /** Both sides ran and their distinct tuples are the same set. */
  agree: boolean;
}

export interface DifferentialOptions {
  capture: string;
  /** A rules file, or a directory whose *.rules files are loaded. Default: tests/differential/rules. */
  rules?: string;
  /** Output directory; default a fresh temporary directory, removed afterwards unless keep is set. */
  workDir?: string;
  keep?: boolean;
  /** Passed to mirrorscope as --vars. Suricata keeps bench/suricata/suricata.yaml's vars: pass matching `--set`s. */
  vars?: string;
  /** Extra `--set key=value` overrides for Suricata. */
  suricataSet?: string[];
  timeoutMs?: number;
}

/** IPv6 in RFC 5952 form (Suricata writes every group in full); IPv4 unchanged. */
export function normalizeIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip.toLowerCase();
  }
}

function normalizeProto(p: unknown): string {
  const s = String(p ?? '').toUpperCase();
  if (s === 'IPV6-ICMP' || s === 'ICMPV6' || s === 'ICMP6' || s === '58') return 'IPv6-ICMP';
  if (s === '6') return 'TCP';
  if (s === '17') return 'UDP';
  if (s === '1') return 'ICMP';
  return s;
}

export function tupleKey(t: AlertTuple): string {
  return `${t.sid} ${t.proto} ${t.srcIp}:${t.srcPort ?? '-'} -> ${t.destIp}:${t.destPort ?? '-'}`;
}

/** Reads an EVE JSON-lines file (or its text) and collects the alert tuples. */
export function summarizeEve(text: string): EveSummary {
  const s: EveSummary = { alerts: 0, tuples: new Map(), alertsPerSid: new Map(), signatures: new Map(), badLines: 0 };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let ev: Record<string, unknown>;
    try {
      ev = JSON.parse(line) as Record<string, unknown>;
    } catch {
      s.badLines++;
      continue;
    }
    if (ev['event_type'] !== 'alert') continue;
    const alert = ev['alert'] as { signature_id?: unknown; signature?: unknown } | undefined;
    const sid = Number(alert?.signature_id);
    if (!Number.isFinite(sid)) {
      s.badLines++;
      continue;
    }
    const proto = normalizeProto(ev['proto']);
    const portless = proto === 'ICMP' || proto === 'IPv6-ICMP';
    const port = (v: unknown): number | null => (portless || v === undefined || v === null ? null : Number(v));
    const t: AlertTuple = {
      sid,
      srcIp: normalizeIp(String(ev['src_ip'] ?? '')),
      srcPort: port(ev['src_port']),
      destIp: normalizeIp(String(ev['dest_ip'] ?? '')),
      destPort: port(ev['dest_port']),
      proto,
    };
    s.alerts++;
    s.tuples.set(tupleKey(t), t);
    s.alertsPerSid.set(sid, (s.alertsPerSid.get(sid) ?? 0) + 1);
    if (typeof alert?.signature === 'string' && !s.signatures.has(sid)) s.signatures.set(sid, alert.signature);
  }
  return s;
}

function emptySummary(): EveSummary {
  return summarizeEve('');
}

function readEve(path: string): EveSummary {
  return existsSync(path) ? summarizeEve(readFileSync(path, 'utf8')) : emptySummary();
}

/** Suricata's -S takes one file: a rules directory is concatenated into one (mirrorscope reads the directory). */
export function rulesFileFor(rules: string, workDir: string): string {
  if (!statSync(rules).isDirectory()) return rules;
  const files = readdirSync(rules).filter((f) => f.endsWith('.rules')).sort();
  const out = join(workDir, 'all.rules');
  writeFileSync(out, files.map((f) => readFileSync(join(rules, f), 'utf8')).join('\n'));
  return out;
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
}

export async function runSuricata(capture: string, rules: string, outDir: string, set: string[] = [], timeoutMs = 600_000, yaml = SURICATA_YAML): Promise<SideRun> {
  mkdirSync(outDir, { recursive: true });
  const rulesFile = rulesFileFor(rules, outDir);
  const args = ['-c', yaml, '-r', capture, '-S', rulesFile, '-l', outDir, '--runmode', 'single', '-k', 'none'];
  for (const kv of set) args.push('--set', kv);
  const run = await runMeasured('suricata', args, { timeoutMs });
  const eve = join(outDir, 'eve.json');
  const log = run.stdout + run.stderr;
  const ruleErrors = log.split('\n').filter((l) => /error parsing signature/.test(l)).map((l) => l.replace(/^.*error parsing signature\s*/, ''));
  let error: string | undefined;
  if (run.spawnError) error = `suricata could not be started: ${run.spawnError}`;
  else if (run.status !== 0) error = `suricata exited ${run.status ?? run.signal}: ${firstLine(log.split('\n').filter((l) => /^E:/.test(l)).join('\n') || log)}`;
  else if (!existsSync(eve)) error = `suricata wrote no ${eve}`;
  return {
    tool: 'suricata',
    ok: error === undefined,
    ...(error ? { error } : {}),
    command: ['suricata', ...args].join(' '),
    eve,
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    peakRssKiB: run.peakRssKiB,
    summary: readEve(eve),
    ruleErrors,
    stderr: log,
  };
}

export async function runMirrorscope(
  capture: string,
  rules: string,
  outDir: string,
  vars?: string,
  timeoutMs = 600_000,
  extraArgs: string[] = [],
): Promise<SideRun> {
  mkdirSync(outDir, { recursive: true });
  const eve = join(outDir, 'eve.json');
  rmSync(eve, { force: true });
  const args = [...NODE_FLAGS, MIRRORSCOPE_CLI, 'replay', capture, '--rules', rules, '--eve', eve];
  if (vars) args.push('--vars', vars);
  args.push(...extraArgs);
  let error: string | undefined;
  let run: MeasuredRun | null = null;
  if (!existsSync(MIRRORSCOPE_CLI)) {
    error = `mirrorscope is not built (${MIRRORSCOPE_CLI} is missing): run npm run build`;
  } else {
    // Started as the executable starts itself (V8 flags and malloc settings).
    run = await runMeasured(process.execPath, args, { cwd: REPO_ROOT, timeoutMs, env: NODE_ENV });
    const msg = firstLine(run.stderr);
    if (run.spawnError) error = `mirrorscope could not be started: ${run.spawnError}`;
    else if (run.status !== 0) {
      error = /unknown option '--(rules|eve|vars)'/.test(msg)
        ? `mirrorscope replay does not accept --rules/--eve yet (the detection engine is not wired into replay): ${msg}`
        : `mirrorscope replay exited ${run.status ?? run.signal}: ${msg}`;
    } else if (!existsSync(eve)) error = `mirrorscope replay exited 0 but wrote no ${eve}`;
  }
  const stderr = run?.stderr ?? '';
  return {
    tool: 'mirrorscope',
    ok: error === undefined,
    ...(error ? { error } : {}),
    command: ['node', ...args].join(' '),
    eve,
    seconds: run?.seconds ?? 0,
    cpuSeconds: run?.cpuSeconds ?? null,
    peakRssKiB: run?.peakRssKiB ?? null,
    summary: readEve(eve),
    // "file:line" warnings, per interface.md
    ruleErrors: stderr.split('\n').filter((l) => /\.rules:\d+/.test(l)),
    stderr,
  };
}

/** Tuple-set agreement and per-sid counts of two EVE summaries. */
export function compareSummaries(suricata: EveSummary, mirrorscope: EveSummary): Pick<DifferentialResult, 'both' | 'onlySuricata' | 'onlyMirrorscope' | 'perSid'> {
  const both: AlertTuple[] = [];
  const onlySuricata: AlertTuple[] = [];
  const onlyMirrorscope: AlertTuple[] = [];
  for (const [k, t] of suricata.tuples) (mirrorscope.tuples.has(k) ? both : onlySuricata).push(t);
  for (const [k, t] of mirrorscope.tuples) if (!suricata.tuples.has(k)) onlyMirrorscope.push(t);
  const order = (a: AlertTuple, b: AlertTuple) => a.sid - b.sid || tupleKey(a).localeCompare(tupleKey(b));
  const sids = new Set<number>([...suricata.alertsPerSid.keys(), ...mirrorscope.alertsPerSid.keys()]);
  const countTuples = (s: EveSummary, sid: number) => [...s.tuples.values()].filter((t) => t.sid === sid).length;
  const perSid = [...sids].sort((a, b) => a - b).map((sid) => ({
    sid,
    signature: suricata.signatures.get(sid) ?? mirrorscope.signatures.get(sid) ?? '',
    suricataAlerts: suricata.alertsPerSid.get(sid) ?? 0,
    mirrorscopeAlerts: mirrorscope.alertsPerSid.get(sid) ?? 0,
    suricataTuples: countTuples(suricata, sid),
    mirrorscopeTuples: countTuples(mirrorscope, sid),
    bothTuples: both.filter((t) => t.sid === sid).length,
  }));
  return { both: both.sort(order), onlySuricata: onlySuricata.sort(order), onlyMirrorscope: onlyMirrorscope.sort(order), perSid };
}

/** Runs both tools on one capture (concurrently: they are independent processes) and compares their alerts. */
export async function runDifferential(o: DifferentialOptions): Promise<DifferentialResult> {
  const capture = resolve(o.capture);
  const rules = resolve(o.rules ?? DIFFERENTIAL_RULES);
  for (const p of [capture, rules]) if (!existsSync(p)) throw new Error(`no such file: ${p}`);
  const work = o.workDir ? resolve(o.workDir) : mkdtempSync(join(tmpdir(), 'ms-diff-'));
  try {
    const [suricata, mirrorscope] = await Promise.all([
      runSuricata(capture, rules, join(work, 'suricata'), o.suricataSet, o.timeoutMs),
      runMirrorscope(capture, rules, join(work, 'mirrorscope'), o.vars, o.timeoutMs),
    ]);
    const cmp = compareSummaries(suricata.summary, mirrorscope.summary);
    const agree = suricata.ok && mirrorscope.ok && cmp.onlySuricata.length === 0 && cmp.onlyMirrorscope.length === 0;
    return { capture, rules, suricata, mirrorscope, ...cmp, agree };
  } finally {
    if (!o.workDir && !o.keep) rmSync(work, { recursive: true, force: true });
  }
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => (i > 0 && i < cells.length - 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ') + ' |';
  return [fmt(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(fmt)];
}

/** A human-readable report of one differential run. */
export function formatDifferential(r: DifferentialResult, options: { maxListed?: number } = {}): string {
  const max = options.maxListed ?? 20;
  const lines = [`${basename(r.capture)} with ${r.rules}`];
  for (const side of [r.suricata, r.mirrorscope]) {
    const status = side.ok ? `${side.summary.alerts} alerts, ${side.summary.tuples.size} distinct tuples` : `FAILED: ${side.error}`;
    const rss = side.peakRssKiB ? `, peak RSS ${(side.peakRssKiB / 1024).toFixed(0)} MiB` : '';
    lines.push(`  ${side.tool.padEnd(11)} ${status} (${side.seconds.toFixed(2)} s${rss})`);
    if (side.ruleErrors.length) lines.push(`  ${''.padEnd(11)} ${side.ruleErrors.length} rule(s) not loaded: ${side.ruleErrors.slice(0, 3).join(' | ').slice(0, 300)}`);
  }
  lines.push(`  distinct tuples: both ${r.both.length}, only Suricata ${r.onlySuricata.length}, only mirrorscope ${r.onlyMirrorscope.length}: ${r.agree ? 'AGREE' : 'DIFFER'}`);
  if (r.perSid.length) {
    lines.push(
      ...table(
        ['sid', 'suricata alerts', 'mirrorscope alerts', 'suricata tuples', 'mirrorscope tuples', 'both', 'signature'],
        r.perSid.map((s) => [String(s.sid), String(s.suricataAlerts), String(s.mirrorscopeAlerts), String(s.suricataTuples), String(s.mirrorscopeTuples), String(s.bothTuples), s.signature]),
      ).map((l) => '  ' + l),
    );
  }
  for (const [title, list] of [['only Suricata', r.onlySuricata], ['only mirrorscope', r.onlyMirrorscope]] as const) {
    if (!list.length) continue;
    lines.push(`  ${title}:`);
    for (const t of list.slice(0, max)) lines.push(`    ${tupleKey(t)}`);
    if (list.length > max) lines.push(`    ... ${list.length - max} more`);
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const captures: string[] = [];
  let rules: string | undefined;
  let vars: string | undefined;
  let keep = false;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--rules') rules = argv[++i];
    else if (a === '--vars') vars = argv[++i];
    else if (a === '--keep') keep = true;
    else if (a === '--json') json = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: npx tsx tests/differential/compare.ts CAPTURE... [--rules PATH] [--vars FILE] [--keep] [--json]\n');
      return 0;
    } else captures.push(a);
  }
  if (!captures.length) {
    process.stderr.write('compare.ts: give at least one capture file\n');
    return 2;
  }
  if (!suricataAvailable) {
    process.stderr.write('compare.ts: Suricata 7 is not installed (bench/setup-suricata.sh installs it)\n');
    return 2;
  }
  let allAgree = true;
  const out: unknown[] = [];
  for (const capture of captures) {
    const r = await runDifferential({ capture, ...(rules ? { rules } : {}), ...(vars ? { vars } : {}), keep });
    allAgree &&= r.agree;
    if (json) {
      out.push({
        capture: r.capture,
        agree: r.agree,
        suricata: { ok: r.suricata.ok, error: r.suricata.error, alerts: r.suricata.summary.alerts, seconds: r.suricata.seconds },
        mirrorscope: { ok: r.mirrorscope.ok, error: r.mirrorscope.error, alerts: r.mirrorscope.summary.alerts, seconds: r.mirrorscope.seconds },
        both: r.both.length,
        onlySuricata: r.onlySuricata,
        onlyMirrorscope: r.onlyMirrorscope,
        perSid: r.perSid,
      });
    } else process.stdout.write(formatDifferential(r) + '\n\n');
  }
  if (json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return allAgree ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
