// Queries compiled once and run many times (src/server/db/prepared.ts) must behave exactly like
// the same query built afresh: each run with its own values, inside the caller's transaction, and
// a builder that uses an argument for anything but a value is refused before it can run wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/server/db/database.ts';
import { prepare } from '../../src/server/db/prepared.ts';
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
});
