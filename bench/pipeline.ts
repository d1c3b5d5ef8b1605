import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCaptureFile } from '../src/ingest/capture-file.js';
import {
  DIFFERENTIAL_RULES,
  MIRRORSCOPE_CLI,
  REPO_ROOT,
  SURICATA_YAML,
  compareSummaries,
  rulesFileFor,
  runMirrorscope,
  runSuricata,
  suricataVersion,
  type SideRun,
} from '../tests/differential/compare.js';
import { NODE_ENV, NODE_FLAGS } from '../src/cli/node-flags.js';
import { formatRows, type Row } from './bench-util.js';
import { PROFILES, ensureCapture } from './decode.js';
import { runMeasured } from './suricata/run-measured.js';
import { benchPipelineAllTypes } from './pipeline-all-types.js';
import { medianCpu, medianRun, pairedRatios, spread } from './side-runs.js';

/**
 * The whole detection pipeline against Suricata 7 on one core: mirrorscope replay (read, decode, flows,
 * reassembly, app-layer, rules, EVE) and `suricata --runmode single` with alert-only EVE, on the same
 * million-packet capture and the same rules, in the same run; plus what loading ET Open costs each of them.
 *
 * Both tools are timed as whole processes, so each row includes start-up and rule loading. A header-only capture
 * measures that fixed cost, and the "steady state" rows subtract it, so a short capture does not hide the
 * per-packet rate behind Node's or Suricata's start-up.
 */

export interface PipelineAgreement {
  both: number;
  onlySuricata: number;
  onlyMirrorscope: number;
  perSid: ReturnType<typeof compareSummaries>['perSid'];
}

export interface RuleLoadRow {
  tool: string;
  what: string;
  seconds: number;
  peakRssMiB: number | null;
  loaded: number | null;
  failed: number | null;
  ok: boolean;
  error?: string;
}

export interface PipelineBenchResult {
  capture: string;
  rules: string;
  /** formatRows rows: whole process, then steady state (fixed start-up cost subtracted). */
  rows: Row[];
  table: string;
  suricata: { seconds: number; peakRssMiB: number | null; alerts: number; error?: string };
  mirrorscope: { seconds: number; peakRssMiB: number | null; alerts: number; error?: string };
  agreement: PipelineAgreement | null;
  ruleLoad: RuleLoadRow[];
  ruleLoadTable: string;
  notes: string[];
  text: string;
}

export interface PipelineBenchOptions {
  /** Default: the million-packet realistic-size capture (bench/data/mirror-1m.pcap). */
  capture?: string;
  /**
   * Default: tests/differential/rules/differential.rules, the 57 rules every recorded run used. The directory's other
   * files test keywords (flowint counts every server packet) and would change what is measured.
   */
  rules?: string;
  /** Default: /work/shared/rulesets/et-open/rules, or ../shared/rulesets/et-open/rules from the repository. */
  etOpen?: string | null;
  log?: (line: string) => void;
  /** Alternating runs of each tool; rows use the median. Default 3. */
  rounds?: number;
  /** Also compare with every EVE event type on (each tool's default output). Default true. */
  allTypes?: boolean;
}

function countCapture(path: string): { packets: number; bytes: number } {
  let packets = 0;
  let bytes = 0;
  readCaptureFile(path, (r) => {
    packets++;
    bytes += r.wireLength;
  }, { bufferSize: 256 << 10 });
  return { packets, bytes };
}

/**
 * A pcap with one ARP request: what each tool costs before real traffic. Not empty, because Suricata refuses a
 * pcap without packets (and then waits a minute for its reader thread).
 */
function startupCapture(dir: string): string {
  const path = join(dir, 'one-arp.pcap');
  const b = new Uint8Array(24 + 16 + 42);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true);
  v.setUint32(20, 1, true);
  v.setUint32(24, 1795773600, true);
  v.setUint32(32, 42, true);
  v.setUint32(36, 42, true);
  b.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06], 40);
  b.set([0, 1, 8, 0, 6, 4, 0, 1, 0x02, 0, 0, 0, 0, 1, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2], 54);
  writeFileSync(path, b);
  return path;
}

export function findEtOpen(): string | null {
  for (const p of ['/work/shared/rulesets/et-open/rules', resolve(REPO_ROOT, '..', 'shared', 'rulesets', 'et-open', 'rules')]) {
    if (existsSync(p)) return p;
  }
  return null;
}

const mib = (kib: number | null) => (kib === null ? null : kib / 1024);

function ruleTable(rows: RuleLoadRow[]): string {
  const header = ['tool', 'seconds', 'peak RSS MiB', 'rules loaded', 'failed/skipped', 'what it does'];
  const body = rows.map((r) =>
    r.ok
      ? [r.tool, r.seconds.toFixed(2), r.peakRssMiB === null ? '?' : r.peakRssMiB.toFixed(0), String(r.loaded ?? '?'), String(r.failed ?? '?'), r.what]
      : [r.tool, '-', '-', '-', '-', `FAILED: ${r.error ?? ''}`],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (c: string[]) => '| ' + c.map((x, i) => x.padEnd(widths[i]!)).join(' | ') + ' |';
  return [fmt(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(fmt)].join('\n');
}

/** `suricata -T` (load, compile the MPM, exit) and `mirrorscope rules check` on the same ruleset. */
export async function benchRuleLoad(rulesDir: string, work: string): Promise<RuleLoadRow[]> {
  const rows: RuleLoadRow[] = [];
  const version = suricataVersion();
  if (version) {
    const rulesFile = rulesFileFor(rulesDir, work);
    // The distribution's configuration, not ours: ours disables the app-layer parsers the benchmark traffic does
    // not need, and Suricata then rejects ET Open's smtp/ftp/smb/... rules as unloadable.
    const config = existsSync('/etc/suricata/suricata.yaml') ? '/etc/suricata/suricata.yaml' : SURICATA_YAML;
    const r = await runMeasured('suricata', ['-T', '-v', '-c', config, '-S', rulesFile, '-l', work]);
    const log = r.stdout + r.stderr;
    const m = /(\d+) rules successfully loaded, (\d+) rules failed/.exec(log);
    rows.push({
      tool: `Suricata ${version} -T`,
      what: 'parse, build signature groups and MPM (hyperscan), exit (distribution suricata.yaml)',
      seconds: r.seconds,
      peakRssMiB: mib(r.peakRssKiB),
      loaded: m ? Number(m[1]) : null,
      failed: m ? Number(m[2]) : null,
      ok: r.status === 0,
      ...(r.status === 0 ? {} : { error: `exit ${r.status}: ${log.split('\n').find((l) => /^E:/.test(l)) ?? ''}` }),
    });
  }
  if (existsSync(MIRRORSCOPE_CLI)) {
    const r = await runMeasured(process.execPath, [...NODE_FLAGS, MIRRORSCOPE_CLI, 'rules', 'check', rulesDir], { cwd: REPO_ROOT, env: NODE_ENV });
    const out = r.stdout + r.stderr;
    const loaded = /loaded:\s+(\d+)/.exec(out);
    const skipped = /skipped:\s+(\d+)/.exec(out);
    rows.push({
      tool: 'mirrorscope rules check',
      what: 'parse, compile, prefilter build, report (includes Node start-up)',
      seconds: r.seconds,
      peakRssMiB: mib(r.peakRssKiB),
      loaded: loaded ? Number(loaded[1]) : null,
      failed: skipped ? Number(skipped[1]) : null,
      ok: r.status === 0,
      ...(r.status === 0 ? {} : { error: `exit ${r.status}: ${r.stderr.split('\n')[0] ?? ''}` }),
    });
  }
  return rows;
}

function sideInfo(s: SideRun): PipelineBenchResult['suricata'] {
  return { seconds: s.seconds, peakRssMiB: mib(s.peakRssKiB), alerts: s.summary.alerts, ...(s.ok ? {} : { error: s.error ?? 'failed' }) };
}

export async function benchPipeline(options: PipelineBenchOptions = {}): Promise<PipelineBenchResult> {
  const log = options.log ?? (() => {});
  const capture = options.capture ?? ensureCapture(PROFILES[0]!);
  const rules = options.rules ?? join(DIFFERENTIAL_RULES, 'differential.rules');
  const work = mkdtempSync(join(tmpdir(), 'ms-pipeline-'));
  const notes: string[] = [];
  try {
    // Counting the packets also puts the file in the page cache, so neither tool pays for the first disk read.
    const { packets, bytes } = countCapture(capture);
    const empty = startupCapture(work);
    const version = suricataVersion();
    const ms = ['--eve-types', 'alert'];
    log(`capture ${capture}: ${packets} packets, ${bytes} bytes; rules ${rules}`);

    // This 2-vCPU VM's speed varies by tens of percent from minute to minute (CPU steal): the tools run in turns,
    // several rounds, and each row is the median round, with the spread and the per-round ratios in the notes.
    const rounds = options.rounds ?? 5;
    const msRuns: SideRun[] = [];
    const suRuns: SideRun[] = [];
    for (let round = 0; round < rounds; round++) {
      log(`round ${round + 1}/${rounds}: mirrorscope replay ...`);
      let run = await runMirrorscope(capture, rules, join(work, `ms-${round}`), undefined, 1_800_000, ms);
      if (!run.ok && /unknown option '--eve-types'/.test(run.error ?? '')) {
        notes.push('mirrorscope replay has no --eve-types: its EVE file carries every event type, Suricata\'s only alerts.');
        ms.length = 0;
        run = await runMirrorscope(capture, rules, join(work, `ms-${round}`), undefined, 1_800_000);
      }
      msRuns.push(run);
      if (version) {
        log(`round ${round + 1}/${rounds}: suricata --runmode single ...`);
        // A directory per round: Suricata appends to an existing eve.json.
        suRuns.push(await runSuricata(capture, rules, join(work, `suricata-${round}`), [], 1_800_000));
      }
      if (!run.ok) break;
    }
    if (!version) notes.push('Suricata 7 is not installed (bench/setup-suricata.sh): no peer rows.');
    const msRun = medianRun(msRuns);
    const suRun: SideRun | null = version ? medianRun(suRuns) : null;
    const msFixed = msRun.ok ? await runMirrorscope(empty, rules, join(work, 'ms-empty'), undefined, 60_000, ms) : null;
    const suFixed: SideRun | null = suRun?.ok ? await runSuricata(empty, rules, join(work, 'suricata-empty'), [], 60_000) : null;
    notes.push(`rounds, wall seconds (CPU seconds): mirrorscope ${spread(msRuns)}; Suricata ${version ? spread(suRuns) : '-'}; rows use the median`);
    const paired = pairedRatios(msRuns, suRuns);
    if (paired !== null) notes.push(`Suricata's time over mirrorscope's ${paired}`);
    const msCpu = medianCpu(msRuns);
    const suCpu = medianCpu(suRuns);
    if (msCpu !== null && suCpu !== null) {
      notes.push(
        `median CPU seconds (user+system, all threads, GC helpers included): mirrorscope ${msCpu.toFixed(2)}, Suricata ${suCpu.toFixed(2)}: mirrorscope is ${(suCpu / msCpu).toFixed(2)}x Suricata's packets per CPU second`,
      );
    }

    const rows: Row[] = [];
    const nRules = readFileSync(rulesFileFor(rules, work), 'utf8').split('\n').filter((l) => /^\s*(alert|drop|pass|reject)\s/.test(l)).length;
    const what = `replay: decode, flows, reassembly, app-layer, ${nRules} rules, alert EVE`;
    if (msRun.ok) rows.push({ name: 'mirrorscope replay', what: `${what} (whole process)`, packets, bytes, seconds: msRun.seconds });
    else notes.push(`mirrorscope: ${msRun.error}`);
    if (suRun?.ok) rows.push({ name: `Suricata ${version} single`, what: `${what} (whole process)`, packets, bytes, seconds: suRun.seconds });
    else if (suRun) notes.push(`suricata: ${suRun.error}`);
    let msSteady: number | undefined;
    if (msRun.ok && msFixed?.ok) {
      msSteady = rows.length;
      // The steady-state mirrorscope row is the reference of the next one, not compared with the whole-process row.
      rows.push({ name: 'mirrorscope replay', what: `steady state (minus ${msFixed.seconds.toFixed(2)} s start-up)`, packets, bytes, seconds: Math.max(1e-3, msRun.seconds - msFixed.seconds), versus: null });
    }
    if (suRun?.ok && suFixed?.ok) {
      rows.push({
        name: `Suricata ${version} single`,
        what: `steady state (minus ${suFixed.seconds.toFixed(2)} s start-up)`,
        packets,
        bytes,
        seconds: Math.max(1e-3, suRun.seconds - suFixed.seconds),
        ...(msSteady !== undefined ? { versus: msSteady } : {}),
      });
    }
    const table = formatRows(`Full pipeline on ${packets.toLocaleString('en-US')} packets (${(bytes / packets).toFixed(0)} bytes average), one core each, same rules`, rows);

    let agreement: PipelineAgreement | null = null;
    if (msRun.ok && suRun?.ok) {
      const c = compareSummaries(suRun.summary, msRun.summary);
      agreement = { both: c.both.length, onlySuricata: c.onlySuricata.length, onlyMirrorscope: c.onlyMirrorscope.length, perSid: c.perSid };
    }

    const allTypes = options.allTypes === false || !msRun.ok ? null : await benchPipelineAllTypes(capture, rules, work, packets, bytes, rounds, version !== null, version, log);

    const etOpen = options.etOpen === undefined ? findEtOpen() : options.etOpen;
    let ruleLoad: RuleLoadRow[] = [];
    if (etOpen) {
      log(`rule load: ${etOpen} ...`);
      ruleLoad = await benchRuleLoad(etOpen, work);
    } else notes.push('ET Open ruleset not found: no rule-load rows.');
    const ruleLoadTable = etOpen ? `Rule load, ET Open (${etOpen})\n${ruleTable(ruleLoad)}` : '';

    const lines = [table];
    if (suRun) lines.push(`Suricata: ${suRun.summary.alerts} alerts, peak RSS ${(mib(suRun.peakRssKiB) ?? 0).toFixed(0)} MiB`);
    if (msRun.ok) lines.push(`mirrorscope: ${msRun.summary.alerts} alerts, peak RSS ${(mib(msRun.peakRssKiB) ?? 0).toFixed(0)} MiB`);
    if (agreement) {
      lines.push(`distinct alert tuples: both ${agreement.both}, only Suricata ${agreement.onlySuricata}, only mirrorscope ${agreement.onlyMirrorscope}`);
      const differing = agreement.perSid.filter((s) => s.bothTuples !== s.suricataTuples || s.bothTuples !== s.mirrorscopeTuples);
      for (const s of differing) lines.push(`  sid ${s.sid}: Suricata ${s.suricataTuples} tuples, mirrorscope ${s.mirrorscopeTuples}, both ${s.bothTuples} (${s.signature})`);
    }
    if (allTypes !== null) {
      lines.push('', allTypes.table);
      notes.push(...allTypes.notes);
    }
    if (ruleLoadTable) lines.push('', ruleLoadTable);
    if (notes.length) lines.push('', ...notes.map((n) => `note: ${n}`));
    return {
      capture,
      rules,
      rows,
      table,
      suricata: suRun ? sideInfo(suRun) : { seconds: 0, peakRssMiB: null, alerts: 0, error: 'not installed' },
      mirrorscope: sideInfo(msRun),
      agreement,
      ruleLoad,
      ruleLoadTable,
      notes,
      text: lines.join('\n'),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const r = await benchPipeline({
    ...(arg('capture') ? { capture: arg('capture')! } : {}),
    ...(arg('rules') ? { rules: arg('rules')! } : {}),
    ...(arg('et-open') ? { etOpen: arg('et-open')! } : {}),
    log: (l) => process.stderr.write(l + '\n'),
  });
  process.stdout.write(r.text + '\n');
}
