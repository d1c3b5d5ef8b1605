import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Tests that start the CLI or worker threads run the compiled JavaScript in dist/, the CLI as its bundle (on Node
// 20 worker threads cannot load TypeScript). `npm ci` builds it through `prepare`; this rebuilds when a source file
// is newer, so a local `npm test` after an edit never runs stale code.
const ROOT = join(import.meta.dirname, '..');
const MARKER = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const BUNDLE = join(ROOT, 'dist', 'bundle', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const built = existsSync(MARKER) ? statSync(MARKER).mtimeMs : 0;
  const sources = Math.max(...['src', 'native-free-decoders', 'bench'].map((d) => newestSource(join(ROOT, d))));
  if (sources > built) {
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
    } catch (error) {
      // tsc still emits when it reports type errors; only a missing build is fatal here (the type errors are
      // reported above and fail `npm run build`).
      if (!existsSync(MARKER)) throw error;
    }
  }
  // The one file the build copies rather than compiles (package.json's build script does the same).
  cpSync(join(ROOT, 'src/output/protobuf/mirrorscope.proto'), join(ROOT, 'dist/src/output/protobuf/mirrorscope.proto'));
  // The CLI tests run the bundle the `mirrorscope` command runs (package.json's build script makes it the same way).
  if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < statSync(MARKER).mtimeMs) {
    execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
  }
}
