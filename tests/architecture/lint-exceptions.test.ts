import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// biome.jsonc lists, after "KNOWN EXCEPTIONS", the files that still break a lint rule (one
// override per rule, exact paths). The list only shrinks: this lints those files without the
// exceptions and fails for every listed file that no longer breaks its rule.

const root = path.resolve(import.meta.dirname, '../..');
const nodeBin = fs.existsSync(path.join(root, 'node_modules/.bin/node')) ? path.join(root, 'node_modules/.bin/node') : process.execPath;

interface Override {
  includes: string[];
  linter?: { rules?: Record<string, Record<string, string>> };
}

function readConfig(): { overrides: Override[] } & Record<string, unknown> {
  const text = fs.readFileSync(path.join(root, 'biome.jsonc'), 'utf8');
  const parsed = ts.parseConfigFileTextToJson('biome.jsonc', text);
  if (parsed.error) throw new Error(ts.flattenDiagnosticMessageText(parsed.error.messageText, '\n'));
  return parsed.config;
}

const isException = (o: Override) => o.includes.every((p) => !/[*!]/.test(p));

describe('the known lint exceptions in biome.jsonc', () => {
  it('each still break their rule (otherwise delete the entry)', () => {
    const config = readConfig();
    const exceptions = config.overrides.filter(isException);
    const listed = exceptions.flatMap((o) =>
      Object.entries(o.linter?.rules ?? {}).flatMap(([group, rules]) =>
        Object.keys(rules).flatMap((rule) => o.includes.map((file) => `lint/${group}/${rule} ${file}`)),
      ),
    );
    expect(listed.length).toBeGreaterThan(0);

    const dir = path.join(root, '.tmp/biome-without-exceptions');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'biome.json'),
      JSON.stringify({ ...config, $schema: undefined, overrides: config.overrides.filter((o) => !isException(o)) }),
    );
    const files = [...new Set(exceptions.flatMap((o) => o.includes))];
    const r = spawnSync(
      nodeBin,
      [path.join(root, 'node_modules/@biomejs/biome/bin/biome'), 'lint', '--config-path', dir, '--reporter=json', '--max-diagnostics=none', ...files],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const report = JSON.parse(r.stdout) as { diagnostics: { category: string; location: { path: string | { file: string } } }[] };
    const found = new Set(report.diagnostics.map((d) => `${d.category} ${typeof d.location.path === 'string' ? d.location.path : d.location.path.file}`));
    expect(listed.filter((entry) => !found.has(entry))).toEqual([]);
  }, 60_000);
});
