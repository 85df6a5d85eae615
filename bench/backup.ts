// Backup and restore on the embedded database at 10k and at 100k statements (each with one
// version; sealed-sized random bytes, as the app stores them): time and peak memory (the
// process's maximum resident set) of `backupTo` and `restoreFrom`, each in a process of its own,
// against the same rows selected whole into memory and written as one JSON file, and read back
// whole and inserted in one transaction (the backup before it was streamed), in the same run.
// Memory that stays flat from 10k to 100k statements is the point. Most of the ~950 MB floor is
// V8 compiling the embedded database's WebAssembly into optimised code as it runs (with
// `node --liftoff-only` the same backup stays near 350 MB), the same in every process that opens
// it; the rows themselves add little on top.
// Run with `npm run bench -- backup`; BACKUP_STATEMENTS changes the larger size.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { spawnNode } from './lib/app-process.ts';
import { printTable, recordResult, round, type BenchResult } from './lib/results.ts';
import { openDatabase, type Db } from '../src/server/db/database.ts';
import { BACKUP_TABLES } from '../src/server/db/backup.ts';
import { Keyring } from '../src/server/crypto/envelope.ts';
import { backupTo, restoreFrom } from '../src/server/services/backups.ts';
import { ensureBuiltinTemplates } from '../src/server/services/template-catalogue.ts';

const SMALL = 10_000;
const LARGE = Number(process.env.BACKUP_STATEMENTS ?? 100_000);
const STATEMENTS_PER_CITIZEN = 5;
/** Peak memory at the larger size may be at most this much above the smaller one's. */
const FLAT = 1.25;
const THIS_FILE = fileURLToPath(import.meta.url);

type Operation = 'backup' | 'restore' | 'plain-backup' | 'plain-restore';
interface Measured {
  ms: number;
  rss_mb: number;
  statements: number;
}

/** Adds statements (and their citizens and one version each) until there are `total`. */
async function seed(db: Db, from: number, total: number): Promise<void> {
  const templateId = (await db.selectFrom('sheet_templates').select('id').where('key', '=', 'personal-statement').executeTakeFirstOrThrow()).id;
  const first = from / STATEMENTS_PER_CITIZEN + 1;
  const last = total / STATEMENTS_PER_CITIZEN;
  // Random bytes like sealed data (incompressible): 40 bytes of purpose, 1 KiB of answers.
  const bytes = (n: number) => sql.raw(`decode(substr(repeat(md5(random()::text), ${Math.ceil(n / 16)}), 1, ${2 * n}), 'hex')`);
  await sql`insert into users (username, chosen_name, kind, password_hash, data_key)
    select 'bench-citizen-' || g, 'Borger ' || g, 'citizen', '$argon2id$v=19$m=19456,t=2,p=1$bench', ${bytes(61)}
    from generate_series(${first}::int, ${last}::int) g`.execute(db);
  await sql`insert into statements (owner_id, template_id, purpose, answers)
    select u.id, ${templateId}, ${bytes(40)}, ${bytes(1024)}
    from users u join generate_series(1, ${STATEMENTS_PER_CITIZEN}::int) s on true
    where u.username like 'bench-citizen-%' and substr(u.username, 15)::int between ${first}::int and ${last}::int`.execute(db);
  await sql`insert into statement_versions (statement_id, revision, answers)
    select s.id, 1, ${bytes(1024)} from statements s where not exists (select 1 from statement_versions v where v.statement_id = s.id)`.execute(db);
}

/** One operation in a process of its own, so its peak memory is its own. */
async function measure(operation: Operation, dataDir: string, file: string, key: string): Promise<Measured> {
  const child = spawnNode([THIS_FILE, 'child', operation, dataDir, file], { BENCH_KEY: key });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${operation} failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(out.trim().split('\n').pop()!) as Measured;
}

async function runChild(operation: Operation, dataDir: string, file: string): Promise<void> {
  const keyring = new Keyring(Buffer.from(process.env.BENCH_KEY!, 'base64'));
  const database = await openDatabase({ dataDir });
  const deps = { db: database.db, dbKind: database.kind, keyring, now: () => new Date() };
  const started = performance.now();
  if (operation === 'backup') await backupTo(deps, file);
  else if (operation === 'restore') await restoreFrom(deps, file, { ledgerFile: null });
  else if (operation === 'plain-backup') await plainBackup(database.db, file);
  else await plainRestore(database.db, file);
  const ms = performance.now() - started;
  const statements = Number((await sql<{ n: string }>`select count(*) as n from statements`.execute(database.db)).rows[0]!.n);
  await database.close();
  const result: Measured = { ms: round(ms), rss_mb: round(process.resourceUsage().maxRSS / 1024), statements };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** The baseline: every table selected whole into memory and written as one JSON string. */
async function plainBackup(db: Db, file: string): Promise<void> {
  const tables: Record<string, unknown[]> = {};
  for (const table of BACKUP_TABLES) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    tables[table] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v])),
    );
  }
  fs.writeFileSync(file, JSON.stringify(tables));
}

/** The baseline: the JSON read whole and inserted in batches in one transaction. */
async function plainRestore(db: Db, file: string): Promise<void> {
  const tables = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>[]>;
  const bytea = new Set(
    (
      await sql<{
        c: string;
      }>`select table_name || '.' || column_name as c from information_schema.columns where table_schema = 'public' and data_type = 'bytea'`.execute(db)
    ).rows.map((r) => r.c),
  );
  await db.transaction().execute(async (tx) => {
    await sql`delete from system_keys`.execute(tx);
    for (const table of BACKUP_TABLES) {
      const rows = (tables[table] ?? []).map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            bytea.has(`${table}.${k}`) && typeof v === 'string'
              ? Buffer.from(v, 'base64')
              : v && typeof v === 'object' && !Array.isArray(v)
                ? JSON.stringify(v)
                : v,
          ]),
        ),
      );
      for (let i = 0; i < rows.length; i += 200) {
        await tx
          .insertInto(table as never)
          .values(rows.slice(i, i + 200) as never)
          .execute();
      }
    }
  });
}

export async function runBackupBench(log: (line: string) => void = console.log): Promise<BenchResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-bench-backup-'));
  const key = crypto.randomBytes(32).toString('base64');
  const source = path.join(work, 'source');
  const figures: Record<string, number> = {};
  const baseline: Record<string, number> = {};
  const rows: Record<string, string | number>[] = [];
  try {
    // Every target is a new, migrated data folder: copies of one made once.
    const emptyTarget = path.join(work, 'empty');
    await (await openDatabase({ dataDir: emptyTarget })).close();
    fs.cpSync(emptyTarget, source, { recursive: true });
    let seeded = 0;
    for (const size of [SMALL, LARGE]) {
      const seedStarted = performance.now();
      const database = await openDatabase({ dataDir: source });
      if (seeded === 0) await ensureBuiltinTemplates({ db: database.db });
      await seed(database.db, seeded, size);
      seeded = size;
      await database.close();
      log(`seeded ${size} statements in ${round((performance.now() - seedStarted) / 1000)} s`);
      const tier = size === SMALL ? 'small' : 'large';
      const target = (name: string) => {
        const dir = path.join(work, `${name}-${size}`);
        fs.cpSync(emptyTarget, dir, { recursive: true });
        return dir;
      };
      const sealed = path.join(work, `backup-${size}.sealed`);
      const plain = path.join(work, `backup-${size}.json`);
      const ours = { backup: await measure('backup', source, sealed, key), restore: await measure('restore', target('restore'), sealed, key) };
      const base = { backup: await measure('plain-backup', source, plain, key), restore: await measure('plain-restore', target('plain'), plain, key) };
      for (const [name, m] of [
        ['backup', ours.backup],
        ['restore', ours.restore],
      ] as const) {
        if (m.statements !== size) throw new Error(`${name} saw ${m.statements} statements, not ${size}`);
        figures[`${name}_s_${tier}`] = round(m.ms / 1000);
        figures[`${name}_rss_mb_${tier}`] = m.rss_mb;
      }
      for (const [name, m] of [
        ['select_to_json', base.backup],
        ['json_insert', base.restore],
      ] as const) {
        baseline[`${name}_s_${tier}`] = round(m.ms / 1000);
        baseline[`${name}_rss_mb_${tier}`] = m.rss_mb;
      }
      figures[`file_mb_${tier}`] = round(fs.statSync(sealed).size / 1024 / 1024);
      baseline[`file_mb_${tier}`] = round(fs.statSync(plain).size / 1024 / 1024);
      rows.push(
        { statements: size, what: 'backup (sealed, streamed)', seconds: figures[`backup_s_${tier}`]!, peak_rss_mb: ours.backup.rss_mb },
        { statements: size, what: 'select whole → one JSON', seconds: baseline[`select_to_json_s_${tier}`]!, peak_rss_mb: base.backup.rss_mb },
        { statements: size, what: 'restore (sealed, streamed)', seconds: figures[`restore_s_${tier}`]!, peak_rss_mb: ours.restore.rss_mb },
        { statements: size, what: 'JSON whole → insert', seconds: baseline[`json_insert_s_${tier}`]!, peak_rss_mb: base.restore.rss_mb },
      );
      for (const file of [sealed, plain]) fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  printTable(rows);
  const flat = (name: string) => figures[`${name}_rss_mb_large`]! <= FLAT * figures[`${name}_rss_mb_small`]!;
  return {
    figures: { statements_small: SMALL, statements_large: LARGE, ...figures },
    baseline,
    ratio: round(baseline.select_to_json_rss_mb_large! / figures.backup_rss_mb_large!),
    goal: `peak memory of backup and of restore at ${LARGE} statements at most ${FLAT}× that at ${SMALL} (flat with the size of the database)`,
    met: flat('backup') && flat('restore'),
    measured_at: new Date().toISOString(),
  };
}

export function printBackupResult(result: BenchResult): void {
  console.log(`backup: goal ${result.goal}: ${result.met ? 'met' : 'not met'}`);
}

if (process.argv[1] === THIS_FILE) {
  if (process.argv[2] === 'child') {
    await runChild(process.argv[3] as Operation, process.argv[4]!, process.argv[5]!);
  } else {
    const result = await runBackupBench();
    recordResult('backup', result);
    console.log(JSON.stringify(result, null, 2));
  }
}
