// Bundles the compiled CLI (dist/src/cli/main.js) into dist/bundle/, the file the `mirrorscope` command and
// `npm start` run. Node 20 resolves, reads and links each ES module separately: a replay loaded ~340 of them,
// 0.15-0.2 s of every run before the first packet. The bundle keeps the lazy `import()`s as separate chunks, so a
// command still loads only what it uses; npm packages stay external (resolved from node_modules as before).
//
// Modules find their neighbours (the worker entry, the pipeline sink, the .proto schema, package.json) relative
// to `import.meta.url`. Inside a chunk that would be the chunk's URL, so each module's `import.meta.url` is
// rewritten to the URL of its own compiled file under dist/, which the bundle leaves in place.
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');

const ownModuleUrl = {
  name: 'own-module-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/](src|native-free-decoders)[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'js' };
      const fromBundle = relative(outdir, args.path).split(sep).join('/');
      const own = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', own), loader: 'js' };
    });
  },
};

// Chunk names carry content hashes: clear the old ones.
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: [join(root, 'dist', 'src', 'cli', 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [ownModuleUrl],
  logLevel: 'warning',
});
