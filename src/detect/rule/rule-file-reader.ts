/**
 * Rule file text to rule texts with their first line number: joins `\`-continued lines, drops comments (which
 * include disabled `# alert ...` rules) and blank lines.
 */
export interface RuleLine {
  readonly text: string;
  /** 1-based line where the rule starts. */
  readonly line: number;
}

export function readRuleLines(content: string): RuleLine[] {
  const lines = content.split(/\r?\n/);
  const out: RuleLine[] = [];
  let pending = '';
  let pendingLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (pending === '') {
      const t = raw.trim();
      if (t === '' || t.startsWith('#')) continue;
      pendingLine = i + 1;
    }
    const trimmedEnd = raw.trimEnd();
    if (trimmedEnd.endsWith('\\') && !trimmedEnd.endsWith('\\\\')) {
      pending += trimmedEnd.slice(0, -1);
      continue;
    }
    pending += raw;
    out.push({ text: pending.trim(), line: pendingLine });
    pending = '';
  }
  if (pending.trim() !== '') out.push({ text: pending.trim(), line: pendingLine });
  return out;
}
