// Queries compiled once and run many times (src/server/db/prepared.ts) must behave exactly like
// the same query built afresh: each run with its own values, inside the caller's transaction, and
// a builder that uses an argument for anything but a value is refused before it can run wrong.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/server/db/database.ts';
import { prepare, preparedStatementName } from '../../src/server/db/prepared.ts';
import { insertAudit } from '../../src/server/repositories/audit.ts';
import { copyOfPgliteTemplate, freshDatabaseUrl, testDbKind } from '../support/test-app.ts';

let database: OpenDatabase;
beforeAll(async () => {
  database =
    testDbKind() === 'postgres'
      ? await openDatabase({ url: (await freshDatabaseUrl({ migrated: true }))!, dataDir: '' })
      : await openDatabase({ dataDir: copyOfPgliteTemplate()!.dataDir });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

/** A table this test makes and drops, outside the app's schema. */
interface ProbeDatabase {
  prepared_probe: { id: string; label: string | null; extra?: string | null };
}

const actionsOf = prepare((db, objectId: string) =>
  db.selectFrom('audit_log').select(['action', 'object_type']).where('object_id', '=', objectId).orderBy('id'),
);

describe('a prepared query', () => {
  it('answers each run with that run’s values, as the same query built afresh does', async () => {
    const { db } = database;
    await insertAudit(db, { actorUserId: null, actorKind: 'system', action: 'statement.read', subjectUserId: null, objectType: 'statement', objectId: 'p-1' });
    await insertAudit(db, { actorUserId: null, actorKind: 'system', action: 'statement.update', subjectUserId: null, objectId: 'p-2' });
    await insertAudit(db, {
      actorUserId: null,
      actorKind: 'system',
      action: 'statement.download',
      subjectUserId: null,
      objectType: 'statement',
      objectId: 'p-1',
    });

    const fresh = (id: string) => db.selectFrom('audit_log').select(['action', 'object_type']).where('object_id', '=', id).orderBy('id').execute();
    for (const id of ['p-1', 'p-2', 'p-1', 'nobody']) expect(await actionsOf.rows(db, id)).toEqual(await fresh(id));
    expect(await actionsOf.rows(db, 'p-1')).toEqual([
      { action: 'statement.read', object_type: 'statement' },
      { action: 'statement.download', object_type: 'statement' },
    ]);
    // A value left out is stored as nothing, not as the placeholder or a word.
    expect(await actionsOf.first(db, 'p-2')).toEqual({ action: 'statement.update', object_type: null });
  });

  it('runs inside the transaction it is given: what a rolled-back transaction wrote is gone', async () => {
    const { db } = database;
    await expect(
      db.transaction().execute(async (tx) => {
        await insertAudit(tx, { actorUserId: null, actorKind: 'system', action: 'statement.read', subjectUserId: null, objectId: 'p-rolled-back' });
        expect(await actionsOf.rows(tx, 'p-rolled-back')).toHaveLength(1);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await actionsOf.rows(db, 'p-rolled-back')).toEqual([]);
  });

  it('refuses a builder that turns an argument into something other than a value', async () => {
    const shaped = prepare((db, objectId: string) => db.selectFrom('audit_log').select('action').where('object_id', '=', `${objectId}`));
    await expect(shaped.rows(database.db, 'p-1')).rejects.toThrow(/argument 1 is not used as a value/);
  });

  // On PostgreSQL the prepared queries run as named statements (parsed and planned once per
  // connection). A schema change while the server runs — a later version's migration on a
  // shared database — must not break them.
  it('keeps answering after a column is added to the table it reads, named or reading *', async () => {
    const db = database.db as unknown as Kysely<ProbeDatabase>;
    await sql`create table prepared_probe (id text primary key, label text)`.execute(db);
    await sql`insert into prepared_probe (id, label) values ('a', 'first')`.execute(db);
    const listed = prepare((d, id: string) =>
      (d as unknown as Kysely<ProbeDatabase>).selectFrom('prepared_probe').select(['id', 'label']).where('id', '=', id),
    );
    const everything = prepare((d, id: string) => (d as unknown as Kysely<ProbeDatabase>).selectFrom('prepared_probe').selectAll().where('id', '=', id));
    // Every connection of the pool gets to run each query more than once.
    const runAll = () => Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? listed : everything).first(database.db, 'a')));
    await runAll();
    // The same queries built afresh compile to the same SQL text, the key the names are kept by.
    const listedSql = db.selectFrom('prepared_probe').select(['id', 'label']).where('id', '=', 'x').compile().sql;
    const everythingSql = db.selectFrom('prepared_probe').selectAll().where('id', '=', 'x').compile().sql;
    expect(preparedStatementName(listedSql)).toMatch(/^egneord_\d+$/);
    expect(preparedStatementName(everythingSql)).toBeUndefined();
    if (testDbKind() === 'postgres') {
      // Seen from PostgreSQL: the connection has the statement under that name.
      const known = await database.db.transaction().execute(async (tx) => {
        await listed.first(tx, 'a');
        return (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(tx)).rows.map((r) => r.name);
      });
      expect(known).toContain(preparedStatementName(listedSql));
    }
    await sql`alter table prepared_probe add column extra text default 'new'`.execute(db);
    const after = await runAll();
    expect(after.filter((_, i) => i % 2 === 1)).toEqual(Array(12).fill({ id: 'a', label: 'first' }));
    expect(after.filter((_, i) => i % 2 === 0)).toEqual(Array(12).fill({ id: 'a', label: 'first', extra: 'new' }));
    // A run PostgreSQL refuses rejects with its error, and the connections go on working.
    const add = prepare((d, id: string) => (d as unknown as Kysely<ProbeDatabase>).insertInto('prepared_probe').values({ id, label: 'again' }));
    for (let i = 0; i < 12; i++) await expect(add.run(database.db, 'a')).rejects.toMatchObject({ code: '23505' });
    expect((await runAll()).every((row) => row?.label === 'first')).toBe(true);
    await sql`drop table prepared_probe`.execute(db);
  });
});
