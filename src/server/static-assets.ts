import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const staticRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../static');

export interface AssetNames {
  'app.js': string;
  'app.css': string;
}

// Without a build (some tests) the plain names still answer: the style sheet from static/,
// the script not at all, which every page survives.
const unhashed: AssetNames = { 'app.js': '/static/build/app.js', 'app.css': '/static/app.css' };

/** The content-hashed names written by scripts/build-client.ts, read from its manifest. */
export function readAssetManifest(root = staticRoot): AssetNames | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'build/manifest.json'), 'utf8')) as AssetNames;
  } catch {
    return undefined;
  }
}

let names: AssetNames | undefined;

/** Where a page links the script or style sheet: its hashed name, read once per process. */
export function assetHref(asset: keyof AssetNames): string {
  names ??= readAssetManifest() ?? unhashed;
  return names[asset];
}
