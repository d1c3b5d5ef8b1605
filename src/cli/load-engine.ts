import { DetectEngine } from '../detect/engine/index.js';
import { loadRules } from '../detect/rule/index.js';

export interface LoadedRules {
  engine: DetectEngine;
  loaded: number;
  skipped: number;
  files: number;
  loadMs: number;
}

/**
 * Loads rule files or directories into a detection engine. A rule that cannot be loaded (syntax error,
 * unsupported keyword) is a warning naming file:line and the reason, and the run goes on; an unreadable path
 * throws (one line, naming it).
 */
export function loadEngine(paths: readonly string[], vars: string | undefined, warn: (line: string) => void, previous?: DetectEngine): LoadedRules {
  const t0 = performance.now();
  const set = loadRules(paths, vars ? { vars } : {});
  for (const s of set.skipped) warn(`${s.file}:${s.line}: rule${s.sid !== undefined ? ` sid ${s.sid}` : ''} skipped: ${s.message}`);
  for (const w of set.warnings) warn(w);
  const engine = DetectEngine.build(set.signatures, previous ? { previous } : {});
  return { engine, loaded: set.signatures.length, skipped: set.skipped.length, files: set.files.length, loadMs: performance.now() - t0 };
}
