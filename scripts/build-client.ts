import { build, type BuildOptions } from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { clientTextsFor } from '../src/server/views/client-texts.ts';

// The browser gets two small files: the page enhancer and the service worker. Everything
// works without them; they add autosave, offline use and focus handling.
//
// The enhancer and the style sheet get a content hash in their names (app-3FQZ2K7A.js), listed
// in static/build/manifest.json, which the server reads once at start to link them from every
// page. A hashed name never changes content, so browsers may keep it for a year without asking;
// the service worker keeps its fixed name (/sw.js) and lists the hashed names to precache.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'static/build');
fs.mkdirSync(outdir, { recursive: true });

// A running server (or another test's) may be sending these files while the build runs: each
// file is written under a temporary name and renamed into place, so a reader sees the old file
// or the new one, never a missing or half-written one. Files of earlier builds are left where
// they are: a page still open on an older build keeps finding its script.
function writeInPlace(name: string, contents: Uint8Array | string): void {
  const file = path.join(outdir, name);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

/** Writes a script or style sheet with its brotli and gzip copies, made once here rather than on every request. */
function writeAsset(name: string, contents: Uint8Array): void {
  writeInPlace(name, contents);
  writeInPlace(`${name}.br`, zlib.brotliCompressSync(contents, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeInPlace(`${name}.gz`, zlib.gzipSync(contents, { level: 9 }));
}

const common: BuildOptions = {
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  outdir,
  write: false,
};

// The writing pages' texts for both languages go into the script (src/client/client-texts.ts).
const clientTexts = { da: clientTextsFor('da'), en: clientTextsFor('en') };
const app = await build({
  ...common,
  entryPoints: [path.join(root, 'src/client/app.ts')],
  entryNames: '[name]-[hash]',
  define: { __CLIENT_TEXTS__: JSON.stringify(clientTexts) },
});
const appFile = (app.outputFiles ?? []).find((file) => file.path.endsWith('.js'));
if (!appFile) throw new Error('esbuild made no app script');
writeAsset(path.basename(appFile.path), appFile.contents);

// The style sheet is written by hand in static/app.css; copied under its hashed name.
const css = fs.readFileSync(path.join(root, 'static/app.css'));
const cssName = `app-${crypto.createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`;
writeAsset(cssName, css);

const manifest = { 'app.js': `/static/build/${path.basename(appFile.path)}`, 'app.css': `/static/build/${cssName}` };

// The worker's cache name follows the hashed names, so a new build replaces the old cache.
const version = crypto.createHash('sha256').update(JSON.stringify(manifest)).digest('base64url').slice(0, 10);
const worker = await build({
  ...common,
  entryPoints: [path.join(root, 'src/client/sw.ts')],
  define: { __HASHED_ASSETS__: JSON.stringify(Object.values(manifest)), __BUILD_VERSION__: JSON.stringify(version) },
});
for (const file of worker.outputFiles ?? []) writeAsset(path.basename(file.path), file.contents);
// Last: a server that reads the manifest finds every file it names already in place.
writeInPlace('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
