import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The browser gets two small files: the page enhancer and the service worker. Everything
// works without them; they add autosave, offline use and focus handling.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = ['app', 'sw'].filter((name) => fs.existsSync(path.join(root, 'src/client', `${name}.ts`)));

await build({
  entryPoints: entries.map((name) => path.join(root, 'src/client', `${name}.ts`)),
  outdir: path.join(root, 'static/build'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
