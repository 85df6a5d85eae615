import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { check, rules } from './rules.ts';

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(): string[] {
  return execSync("git ls-files -co --exclude-standard -- 'src/*.ts'", { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && fs.existsSync(path.join(root, f)));
}

describe('the house rules hold over src/', () => {
  const files = sourceFiles();
  for (const rule of rules) {
    it(`${rule.name}: ${rule.why}`, () => {
      const found = files.flatMap((f) => check(f, fs.readFileSync(path.join(root, f), 'utf8'), [rule]));
      expect(found.map((v) => `${v.file}:${v.line}  ${v.text}`)).toEqual([]);
    });
  }
});

describe('each rule fails on a file that breaks it', () => {
  const broken: [string, string, string][] = [
    ['sql-only-in-repositories', 'src/server/services/x.ts', "const r = await deps.db.selectFrom('users').selectAll().execute();"],
    ['sql-only-in-repositories', 'src/server/routes/x.ts', 'await sql`delete from users`.execute(db);'],
    ['transactions-only-in-use-cases', 'src/server/services/x.ts', 'await deps.db.transaction().execute(async (trx) => {});'],
    ['audit-only-through-use-cases', 'src/server/services/x.ts', "import { audit } from './audit.ts';"],
    ['access-decided-only-in-policy', 'src/server/views/pages/x.ts', "if (ctx.actor.kind === 'user' && ctx.actor.isAdmin) {}"],
    ['access-decided-only-in-policy', 'src/server/services/x.ts', "if (!hasRole(actor, 'peer')) throw new AccessDenied();"],
    ['today-in-danish-time', 'src/server/routes/x.ts', 'const today = ctx.now.toISOString().slice(0, 10);'],
    ['errors-not-from-http', 'src/server/services/x.ts', "import { NotFound } from '../http/app.ts';"],
    [
      'evaluation-answers-only-through-disclosure',
      'src/server/services/evaluation/x.ts',
      "import { roundTallies } from '../../repositories/evaluation/reports.ts';",
    ],
    [
      'evaluation-answers-only-through-disclosure',
      'src/server/repositories/evaluation/x.ts',
      "const rows = await db.selectFrom('answer_tallies').selectAll().execute();",
    ],
    [
      'evaluation-answers-only-through-disclosure',
      'src/server/repositories/x.ts',
      "db.selectFrom('responses').innerJoin('answers', 'answers.response_id', 'responses.id')",
    ],
    ['domain-returns-codes', 'src/domain/evaluation/x.ts', "return { da: 'Nøglen findes ikke.', en: 'The key does not exist.' };"],
  ];
  for (const [rule, file, line] of broken) {
    it(`${rule} catches: ${line}`, () => {
      expect(check(file, line).map((v) => v.rule)).toContain(rule);
    });
  }
  it('leaves repositories and the policy alone', () => {
    expect(check('src/server/repositories/x.ts', "db.selectFrom('users')")).toEqual([]);
    expect(check('src/server/policy/policy.ts', 'a.isAdmin')).toEqual([]);
  });
});
