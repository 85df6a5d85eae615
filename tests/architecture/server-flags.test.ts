import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_ENVIRONMENT, EMBEDDED_NODE_FLAGS, POSTGRES_NODE_FLAGS } from '../../bench/lib/app-process.ts';

// Node's flags and the C library's memory settings cannot be set once the server runs, so every
// way of starting it names them:
// npm start (the embedded database), the systemd unit (PostgreSQL), and the benchmarks, which
// start it with the flags of the way it runs on the database they measure.
const root = path.resolve(import.meta.dirname, '../..');

/** The VAR=value words that set the environment of the command that starts main.ts. */
function environmentOfMain(command: string): Record<string, string> {
  const words = command
    .split('&&')
    .find((part) => part.includes('src/server/main.ts'))!
    .trim()
    .split(/\s+/);
  const assignments = words.slice(
    0,
    words.findIndex((word) => !/^[A-Z_]+=/.test(word)),
  );
  return Object.fromEntries(assignments.map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]));
}

function nodeFlagsBeforeMain(command: string): string[] {
  const words = command.split(/\s+/);
  const main = words.indexOf('src/server/main.ts');
  expect(main).toBeGreaterThan(0);
  const flags: string[] = [];
  for (let i = main - 1; i >= 0 && words[i]!.startsWith('--'); i--) flags.unshift(words[i]!);
  return flags;
}

describe("every way of starting the server names its database's Node flags", () => {
  it('npm start, on the embedded database', () => {
    const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(nodeFlagsBeforeMain(start)).toEqual(EMBEDDED_NODE_FLAGS);
    expect(environmentOfMain(start)).toEqual(EMBEDDED_ENVIRONMENT);
  });

  it('the systemd unit, on PostgreSQL', () => {
    const execStart = fs
      .readFileSync(path.join(root, 'deploy/egne-ord.service'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('ExecStart='));
    expect(nodeFlagsBeforeMain(execStart ?? '')).toEqual(POSTGRES_NODE_FLAGS);
    const settings = fs.readFileSync(path.join(root, 'deploy/egne-ord.env.example'), 'utf8');
    expect(settings).toMatch(/^DATABASE_URL=postgres/m);
  });
});
