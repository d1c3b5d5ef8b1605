/** One-line diagnostics on stderr; stdout stays for results. */
export function warn(line: string): void {
  process.stderr.write(`mirrorscope: warning: ${line}\n`);
}

export function fail(line: string): void {
  process.stderr.write(`mirrorscope: ${line}\n`);
}
