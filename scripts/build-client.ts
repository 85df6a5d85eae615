import { build, type BuildOptions } from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

// The browser gets two small files: the page enhancer and the service worker. Everything
// works without them; they add autosave, offline use and focus handling.
//
// The enhancer and the style sheet get a content hash in their names (app-3FQZ2K7A.js), listed
// in static/build/manifest.json, which the server reads once at start to link them from every
// page. A hashed name never changes content, so browsers may keep it for a year without asking;
// the service worker keeps its fixed name (/sw.js) and lists the hashed names to precache.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'static/build');
fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });

const common: BuildOptions = { bundle: true, minify: true, format: 'esm', target: ['es2020'], sourcemap: false, legalComments: 'none', logLevel: 'warning' };

const app = await build({
  ...common,
  entryPoints: [path.join(root, 'src/client/app.ts')],
  outdir,
  entryNames: '[name]-[hash]',
  metafile: true,
});
const appFile = Object.keys(app.metafile?.outputs ?? {}).find((file) => file.endsWith('.js'));
if (!appFile) throw new Error('esbuild wrote no app script');

// The style sheet is written by hand in static/app.css; copied under its hashed name.
const css = fs.readFileSync(path.join(root, 'static/app.css'));
const cssName = `app-${crypto.createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`;
fs.writeFileSync(path.join(outdir, cssName), css);

const manifest = { 'app.js': `/static/build/${path.basename(appFile)}`, 'app.css': `/static/build/${cssName}` };
fs.writeFileSync(path.join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// The worker's cache name follows the hashed names, so a new build replaces the old cache.
const version = crypto.createHash('sha256').update(JSON.stringify(manifest)).digest('base64url').slice(0, 10);
await build({
  ...common,
  entryPoints: [path.join(root, 'src/client/sw.ts')],
  outdir,
  define: { __HASHED_ASSETS__: JSON.stringify(Object.values(manifest)), __BUILD_VERSION__: JSON.stringify(version) },
});

// Compressed once here rather than on every request; the server sends these to browsers that
// accept them.
for (const name of fs.readdirSync(outdir)) {
  if (!/\.(js|css|svg)$/.test(name)) continue;
  const file = path.join(outdir, name);
  const source = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(source, { level: 9 }));
}
