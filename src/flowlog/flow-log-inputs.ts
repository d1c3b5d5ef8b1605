import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MirrorscopeError } from '../errors.js';

export interface FlowLogInput {
  path: string;
  /** Named on the command line (an unrecognised file is an error) rather than found in a directory (skipped). */
  explicit: boolean;
}

/**
 * Expands `--flow-logs` paths: files stay as given; directories are walked recursively in name order
 * (S3 layouts `AWSLogs/<acct>/vpcflowlogs/<region>/YYYY/MM/DD/`, Hive-style `aws-account-id=.../`, plain
 * folders). Hidden entries (`.name`) are skipped. Formats are decided later, by content.
 * Throws MirrorscopeError naming the path when one does not exist or cannot be listed.
 */
export async function expandFlowLogInputs(paths: readonly string[]): Promise<FlowLogInput[]> {
  const inputs: FlowLogInput[] = [];
  for (const path of paths) {
    const info = await statOrThrow(path);
    if (info.isDirectory()) await walk(path, inputs, new Set([await realpath(path)]));
    else inputs.push({ path, explicit: true });
  }
  return inputs;
}

async function walk(dir: string, inputs: FlowLogInput[], visited: Set<string>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw unreadable(dir, error);
  }
  names.sort();
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const info = await statOrThrow(path);
    if (info.isDirectory()) {
      // A symlink loop would otherwise be walked forever.
      const real = await realpath(path);
      if (visited.has(real)) continue;
      visited.add(real);
      await walk(path, inputs, visited);
    } else if (info.isFile()) {
      inputs.push({ path, explicit: false });
    }
  }
}

async function statOrThrow(path: string): Promise<Awaited<ReturnType<typeof stat>>> {
  try {
    return await stat(path);
  } catch (error) {
    throw unreadable(path, error);
  }
}

/** The one-line error for a flow-log path that cannot be opened, listed or found. */
export function unreadable(path: string, error: unknown): MirrorscopeError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new MirrorscopeError('FLOWLOG_NOT_FOUND', `flow log path does not exist: ${path}`);
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : error instanceof Error ? error.message : String(error);
  return new MirrorscopeError('FLOWLOG_UNREADABLE', `cannot read flow log path ${path}: ${reason}`);
}
