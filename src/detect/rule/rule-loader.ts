/**
 * Loads rule files and directories into a RuleSet. A missing or unreadable path is an error (thrown, naming the
 * file); a bad rule is a skip record (file, line, sid, keyword, reason) and loading goes on.
 *
 * Duplicate sid (same gid): Suricata's rule, not "last wins": the higher rev is kept, and on equal rev the rule
 * loaded first stays. The loser is reported as skipped with reason "duplicate sid".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MirrorscopeError } from '../../errors.js';
import { createParseContext, type ParseContext } from './parse-context.js';
import { readRuleLines } from './rule-file-reader.js';
import { parseRule } from './rule-parser.js';
import { loadVarsFile } from './vars.js';
import { parseClassificationConfig, DEFAULT_CLASSIFICATIONS, type ClassificationTable } from './classification.js';
import type { RuleErrorKind } from './rule-error.js';
import type { Signature } from './signature.js';

export interface SkippedRule {
  readonly file: string;
  readonly line: number;
  readonly sid: number | undefined;
  readonly keyword: string | undefined;
  /** Short, groupable reason ("unsupported keyword flowint", "depth is smaller than the content"). */
  readonly reason: string;
  /** The reason with specifics, for a warning line. */
  readonly message: string;
  readonly kind: RuleErrorKind | 'duplicate';
}

export interface RuleSet {
  readonly signatures: Signature[];
  readonly skipped: SkippedRule[];
  /** Rule files read, in load order. */
  readonly files: string[];
  /** Enabled rule texts seen (loaded + skipped). */
  readonly rulesSeen: number;
  readonly warnings: string[];
}

export interface LoadOptions {
  /** `--vars FILE`: suricata.yaml-style or JSON address/port groups. */
  vars?: string;
  /** A classification.config to use instead of the built-in table. */
  classificationFile?: string;
}

function fsError(code: string, path: string, what: string, e: unknown): MirrorscopeError {
  const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : `cannot ${what} (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  return new MirrorscopeError(code, `${path}: ${reason}`);
}

/** Expands directories to their `*.rules` files (sorted); other files are taken as given. */
export function resolveRuleFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      throw fsError('RULES_NOT_FOUND', p, 'read rules path', e);
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(p);
    } catch (e) {
      throw fsError('RULES_UNREADABLE', p, 'list rules directory', e);
    }
    for (const n of names.filter((x) => x.endsWith('.rules')).sort()) files.push(join(p, n));
  }
  return files;
}

function loadClassifications(path: string | undefined): ClassificationTable {
  if (path === undefined) return DEFAULT_CLASSIFICATIONS;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fsError('CLASSIFICATION_UNREADABLE', path, 'read classification file', e);
  }
  return parseClassificationConfig(text);
}

/** Accumulates signatures across files, applying the duplicate-sid policy. */
export class RuleSetBuilder {
  readonly signatures: Signature[] = [];
  readonly skipped: SkippedRule[] = [];
  readonly files: string[] = [];
  readonly warnings: string[] = [];
  rulesSeen = 0;
  private readonly bySid = new Map<string, number>();

  constructor(readonly ctx: ParseContext) {}

  addText(content: string, file: string): void {
    this.files.push(file);
    for (const { text, line } of readRuleLines(content)) {
      this.rulesSeen++;
      const r = parseRule(text, this.ctx, file, line);
      if (!r.ok) {
        this.skipped.push({
          file,
          line,
          sid: r.sid,
          keyword: r.error.keyword,
          reason: r.error.reason,
          message: r.error.message,
          kind: r.error.kind,
        });
        continue;
      }
      this.add(r.signature);
    }
  }

  private add(sig: Signature): void {
    const key = `${sig.gid}:${sig.sid}`;
    const at = this.bySid.get(key);
    if (at === undefined) {
      this.bySid.set(key, this.signatures.length);
      this.signatures.push(sig);
      return;
    }
    const old = this.signatures[at] as Signature;
    const [keep, drop] = sig.rev > old.rev ? [sig, old] : [old, sig];
    this.signatures[at] = keep;
    const message = `duplicate sid ${sig.sid} (gid ${sig.gid}): kept rev ${keep.rev} from ${keep.file}:${keep.line}`;
    this.warnings.push(`${drop.file}:${drop.line}: ${message}`);
    this.skipped.push({
      file: drop.file,
      line: drop.line,
      sid: drop.sid,
      keyword: 'sid',
      reason: 'duplicate sid',
      message,
      kind: 'duplicate',
    });
  }

  finish(): RuleSet {
    this.signatures.forEach((s, i) => {
      s.index = i;
    });
    return {
      signatures: this.signatures,
      skipped: this.skipped,
      files: this.files,
      rulesSeen: this.rulesSeen,
      warnings: this.warnings,
    };
  }
}

export function createLoadContext(options: LoadOptions = {}): ParseContext {
  return createParseContext({
    ...(options.vars !== undefined ? { vars: loadVarsFile(options.vars) } : {}),
    classifications: loadClassifications(options.classificationFile),
  });
}

export function loadRules(paths: readonly string[], options: LoadOptions = {}): RuleSet {
  const builder = new RuleSetBuilder(createLoadContext(options));
  for (const file of resolveRuleFiles(paths)) {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (e) {
      throw fsError('RULES_UNREADABLE', file, 'read rules file', e);
    }
    builder.addText(content, file);
  }
  return builder.finish();
}

/** Rules from a string (tests, SIGHUP reload of inline rules). */
export function loadRulesFromText(content: string, file = '<inline>', ctx?: ParseContext): RuleSet {
  const builder = new RuleSetBuilder(ctx ?? createParseContext());
  builder.addText(content, file);
  return builder.finish();
}
