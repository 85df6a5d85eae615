import type { ReporterOptions } from 'knip';
import { describe, expect, it } from 'vitest';
import preprocess, { KNOWN, type Kind } from './known-unused.ts';

// knip runs tests/architecture/known-unused.ts over its findings (guard-rails stage). These tests
// show that it hides exactly the listed findings, lets any other one through, and turns a listed
// finding that knip no longer makes into a configuration hint, which fails the check.

const kinds: Kind[] = ['files', 'dependencies', 'devDependencies', 'exports', 'types'];

function findings(extra?: { kind: Kind; file: string; name: string }, without?: string): ReporterOptions {
  const issues = Object.fromEntries(kinds.map((k) => [k, {}])) as Record<Kind, Record<string, Record<string, unknown>>>;
  const counters: Record<string, number> = Object.fromEntries(kinds.map((k) => [k, 0]));
  const add = (kind: Kind, file: string, name: string) => {
    issues[kind][file] ??= {};
    issues[kind][file]![name] = { type: kind, filePath: file, symbol: name };
    counters[kind]!++;
  };
  for (const kind of kinds) for (const [file, names] of Object.entries(KNOWN[kind])) for (const name of names) if (name !== without) add(kind, file, name);
  if (extra) add(extra.kind, extra.file, extra.name);
  return { issues, counters, configurationHints: [] } as unknown as ReporterOptions;
}

describe('the known knip findings (tests/architecture/known-unused.ts)', () => {
  it('hides exactly the listed findings', () => {
    const data = preprocess(findings()) as ReporterOptions;
    for (const kind of kinds) {
      expect(data.issues[kind]).toEqual({});
      expect(data.counters[kind]).toBe(0);
    }
    expect(data.configurationHints).toEqual([]);
  });

  it('lets a new finding through', () => {
    const data = preprocess(findings({ kind: 'exports', file: 'src/server/services/new.ts', name: 'forgotten' })) as ReporterOptions;
    expect(Object.keys(data.issues.exports)).toEqual(['src/server/services/new.ts']);
    expect(data.counters.exports).toBe(1);
  });

  it.skipIf(Object.keys(KNOWN.exports).length === 0)('reports a listed finding that knip no longer makes, so the list only shrinks', () => {
    const [file, names] = Object.entries(KNOWN.exports)[0] ?? ['', []];
    const name = names[0] ?? '';
    const data = preprocess(findings(undefined, name)) as ReporterOptions;
    expect(data.configurationHints.map((h) => h.identifier)).toEqual([`exports: ${file} ${name}`]);
  });
});
