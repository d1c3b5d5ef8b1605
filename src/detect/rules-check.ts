/**
 * Data behind `mirrorscope rules check PATH`: how many rules loaded, which were skipped and why (grouped by
 * reason with a few file:line examples), and what loading cost in time and memory.
 */
import { loadRules, type LoadOptions, type RuleSet } from './rule/rule-loader.js';

export interface SkipReasonGroup {
  readonly reason: string;
  readonly kind: string;
  readonly count: number;
  readonly examples: ReadonlyArray<{ readonly file: string; readonly line: number; readonly sid: number | null; readonly message: string }>;
}

export interface RulesCheckReport {
  readonly paths: readonly string[];
  readonly files: number;
  readonly rules: number;
  readonly loaded: number;
  readonly skipped: number;
  readonly loadedPercent: number;
  readonly skippedByReason: readonly SkipReasonGroup[];
  readonly warnings: readonly string[];
  readonly loadTimeMs: number;
  /** Heap growth across the load (after a GC when node runs with --expose-gc). */
  readonly heapUsedBytes: number;
  readonly rssDeltaBytes: number;
}

const EXAMPLES_PER_REASON = 3;

export function summarizeRuleSet(
  ruleSet: RuleSet,
  paths: readonly string[],
  cost: { loadTimeMs: number; heapUsedBytes: number; rssDeltaBytes: number },
): RulesCheckReport {
  const groups = new Map<string, { kind: string; count: number; examples: SkipReasonGroup['examples'][number][] }>();
  for (const s of ruleSet.skipped) {
    let g = groups.get(s.reason);
    if (g === undefined) {
      g = { kind: s.kind, count: 0, examples: [] };
      groups.set(s.reason, g);
    }
    g.count++;
    if (g.examples.length < EXAMPLES_PER_REASON) {
      g.examples.push({ file: s.file, line: s.line, sid: s.sid ?? null, message: s.message });
    }
  }
  const skippedByReason = [...groups]
    .map(([reason, g]) => ({ reason, kind: g.kind, count: g.count, examples: g.examples }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  const rules = ruleSet.rulesSeen;
  const loaded = ruleSet.signatures.length;
  return {
    paths,
    files: ruleSet.files.length,
    rules,
    loaded,
    skipped: ruleSet.skipped.length,
    loadedPercent: rules === 0 ? 100 : Math.round((loaded / rules) * 10000) / 100,
    skippedByReason,
    warnings: ruleSet.warnings,
    ...cost,
  };
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Loads the rules and measures the load. Throws MirrorscopeError for a missing or unreadable path. */
export function runRulesCheck(paths: readonly string[], options: LoadOptions = {}): { report: RulesCheckReport; ruleSet: RuleSet } {
  collectGarbage();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const ruleSet = loadRules(paths, options);
  const loadTimeMs = performance.now() - t0;
  collectGarbage();
  const after = process.memoryUsage();
  const report = summarizeRuleSet(ruleSet, paths, {
    loadTimeMs: Math.round(loadTimeMs),
    heapUsedBytes: Math.max(0, after.heapUsed - before.heapUsed),
    rssDeltaBytes: Math.max(0, after.rss - before.rss),
  });
  return { report, ruleSet };
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

export function formatRulesCheck(report: RulesCheckReport): string {
  const lines: string[] = [];
  lines.push(`rules check: ${report.paths.join(', ')}`);
  lines.push(`  files:    ${report.files}`);
  lines.push(`  rules:    ${report.rules}`);
  lines.push(`  loaded:   ${report.loaded} (${report.loadedPercent}%)`);
  lines.push(`  skipped:  ${report.skipped}`);
  lines.push(`  load:     ${report.loadTimeMs} ms, heap +${mib(report.heapUsedBytes)}, rss +${mib(report.rssDeltaBytes)}`);
  if (report.skippedByReason.length > 0) {
    lines.push('  skipped by reason:');
    const width = Math.max(...report.skippedByReason.map((g) => String(g.count).length));
    for (const g of report.skippedByReason) {
      lines.push(`    ${String(g.count).padStart(width)}  ${g.reason}${g.kind === 'unsupported' ? '' : ` [${g.kind}]`}`);
      for (const ex of g.examples) {
        lines.push(`    ${' '.repeat(width)}    ${ex.file}:${ex.line}${ex.sid === null ? '' : ` sid ${ex.sid}`}`);
      }
    }
  }
  for (const w of report.warnings.slice(0, 20)) lines.push(`  warning: ${w}`);
  if (report.warnings.length > 20) lines.push(`  (${report.warnings.length - 20} more warnings)`);
  return `${lines.join('\n')}\n`;
}

export function rulesCheckToJson(report: RulesCheckReport): string {
  return JSON.stringify(report, null, 2);
}
