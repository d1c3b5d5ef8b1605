import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SURICATA_YAML, runMirrorscope, runSuricata, type SideRun } from '../tests/differential/compare.js';
import { formatRows, type Row } from './bench-util.js';
import { medianCpu, medianRun, pairedRatios, spread } from './side-runs.js';

/** Suricata's eve-log with the event types mirrorscope writes by default (http and tls with their extended fields). */
const ALL_TYPES = `      types:
        - alert:
            tagged-packets: no
        - http:
            extended: yes
        - dns
        - tls:
            extended: yes
        - flow
`;

/** The bench's suricata.yaml with every event type on, written into `dir`. */
function allTypesYaml(dir: string): string {
  const yaml = readFileSync(SURICATA_YAML, 'utf8');
  const alertOnly = /      types:\n        - alert:\n            tagged-packets: no\n/;
  if (!alertOnly.test(yaml)) throw new Error(`${SURICATA_YAML}: eve-log types are not the alert-only block this bench rewrites`);
  const path = join(dir, 'suricata-all-types.yaml');
  writeFileSync(path, yaml.replace(alertOnly, ALL_TYPES));
  return path;
}

export interface AllTypesResult {
  table: string;
  notes: string[];
}

/**
 * The same pipeline with mirrorscope's default EVE (alert, anomaly, http, tls, dns, flow) against Suricata writing
 * alert, http, dns, tls and flow events: what a user running either with its defaults sees. Alternating rounds,
 * median, as the alert-only table.
 */
export async function benchPipelineAllTypes(
  capture: string,
  rules: string,
  work: string,
  packets: number,
  bytes: number,
  rounds: number,
  withSuricata: boolean,
  version: string | null,
  log: (line: string) => void,
): Promise<AllTypesResult> {
  const yaml = withSuricata ? allTypesYaml(work) : null;
  const msRuns: SideRun[] = [];
  const suRuns: SideRun[] = [];
  for (let round = 0; round < rounds; round++) {
    log(`every event type, round ${round + 1}/${rounds}: mirrorscope replay ...`);
    msRuns.push(await runMirrorscope(capture, rules, join(work, `ms-all-${round}`), undefined, 1_800_000));
    if (yaml !== null) {
      log(`every event type, round ${round + 1}/${rounds}: suricata --runmode single ...`);
      suRuns.push(await runSuricata(capture, rules, join(work, `suricata-all-${round}`), [], 1_800_000, yaml));
    }
  }
  const ms = medianRun(msRuns);
  const su = yaml !== null ? medianRun(suRuns) : null;
  const rows: Row[] = [];
  const notes: string[] = [];
  if (ms.ok) rows.push({ name: 'mirrorscope replay', what: 'every EVE event type (its default), whole process', packets, bytes, seconds: ms.seconds });
  else notes.push(`mirrorscope, every event type: ${ms.error}`);
  if (su?.ok) rows.push({ name: `Suricata ${version} single`, what: 'alert, http, dns, tls, flow EVE, whole process', packets, bytes, seconds: su.seconds });
  else if (su) notes.push(`suricata, every event type: ${su.error}`);
  notes.push(`every event type, rounds, wall seconds (CPU seconds): mirrorscope ${spread(msRuns)}; Suricata ${su ? spread(suRuns) : '-'}`);
  const msCpu = medianCpu(msRuns);
  const suCpu = medianCpu(suRuns);
  if (msCpu !== null && suCpu !== null) notes.push(`every event type, median CPU seconds: mirrorscope ${msCpu.toFixed(2)}, Suricata ${suCpu.toFixed(2)}: ${(suCpu / msCpu).toFixed(2)}x`);
  const paired = pairedRatios(msRuns, suRuns);
  if (paired !== null) notes.push(`every event type, Suricata's time over mirrorscope's ${paired}`);
  notes.push(
    'every event type: Suricata also writes flow events for the outer VXLAN/GENEVE delivery flows, which mirrorscope counts per mirror source instead',
  );
  return { table: formatRows('Every EVE event type, same capture and rules', rows), notes };
}
