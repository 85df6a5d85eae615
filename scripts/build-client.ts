import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

// The browser gets two small files: the page enhancer and the service worker. Everything
// works without them; they add autosave, offline use and focus handling.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = ['app', 'sw'].filter((name) => fs.existsSync(path.join(root, 'src/client', `${name}.ts`)));

const outdir = path.join(root, 'static/build');
await build({
  entryPoints: entries.map((name) => path.join(root, 'src/client', `${name}.ts`)),
  outdir,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});

// Compressed once here rather than on every request; the server sends these to browsers that
// accept them.
for (const name of entries) {
  const file = path.join(outdir, `${name}.js`);
  const source = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(source, { level: 9 }));
}
