import { prepare } from '../db/prepared.ts';
import type { Executor, Tx } from '../db/database.ts';

export interface StatementRow {
  id: string;
  owner_id: string;
  template_id: string;
  purpose: Uint8Array;
  answers: Uint8Array;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

const columns = ['id', 'owner_id', 'template_id', 'purpose', 'answers', 'revision', 'created_at', 'updated_at'] as const;

export function findStatement(db: Executor, id: string): Promise<StatementRow | undefined> {
  return db.selectFrom('statements').select(columns).where('id', '=', id).executeTakeFirst();
}

// Runs on every page of a statement.
const statementWithOwner = prepare((db, id: string) =>
  db
    .selectFrom('statements')
    .innerJoin('users', 'users.id', 'statements.owner_id')
    .select([
      'statements.id',
      'statements.owner_id',
      'statements.template_id',
      'statements.purpose',
      'statements.answers',
      'statements.revision',
      'statements.created_at',
      'statements.updated_at',
      'users.data_key',
      'users.chosen_name',
    ])
    .where('statements.id', '=', id),
);

export async function findStatementWithOwner(
  db: Executor,
  id: string,
): Promise<{ row: StatementRow; owner: { data_key: Uint8Array; chosen_name: string } } | undefined> {
  const r = await statementWithOwner.first(db, id);
  if (!r) return undefined;
  const { data_key, chosen_name, ...row } = r;
  return { row, owner: { data_key, chosen_name } };
}

/** Locks the row for the rest of the transaction, so two saves are applied one after the other. */
const statementForUpdate = prepare((db, id: string) => db.selectFrom('statements').select(columns).where('id', '=', id).forUpdate());
export function findStatementForUpdate(db: Tx, id: string): Promise<StatementRow | undefined> {
  return statementForUpdate.first(db, id);
}

/** Who owns a statement and which template it was written with: the facts access is decided on. */
const statementOwner = prepare((db, id: string) => db.selectFrom('statements').select(['owner_id', 'template_id']).where('id', '=', id));
export function findStatementOwner(db: Executor, id: string): Promise<{ owner_id: string; template_id: string } | undefined> {
  return statementOwner.first(db, id);
}

export function statementsOf(db: Executor, ownerId: string): Promise<StatementRow[]> {
  return db.selectFrom('statements').select(columns).where('owner_id', '=', ownerId).orderBy('updated_at', 'desc').execute();
}

export async function insertStatement(
  db: Executor,
  s: { ownerId: string; templateId: string; purpose: Uint8Array; answers: Uint8Array; now: Date },
): Promise<StatementRow> {
  return db
    .insertInto('statements')
    .values({ owner_id: s.ownerId, template_id: s.templateId, purpose: s.purpose, answers: s.answers, updated_at: s.now })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** Writes only if nobody saved in between; returns the new revision, or null when someone did. */
// Every save (autosave too) runs the statement's own queries below: prepared once.
const updateAnswers = prepare((db, id: string, expectedRevision: number, answers: Uint8Array, now: Date) =>
  db
    .updateTable('statements')
    .set((eb) => ({ answers, revision: eb('revision', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .returning('revision'),
);
export async function updateStatementAnswers(db: Executor, id: string, expectedRevision: number, answers: Uint8Array, now: Date): Promise<number | null> {
  return (await updateAnswers.first(db, id, expectedRevision, answers, now))?.revision ?? null;
}

export async function deleteStatement(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('statements').where('id', '=', id).execute();
}

export interface VersionRow {
  id: string;
  statement_id: string;
  revision: number;
  answers: Uint8Array;
  author_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const versionColumns = ['id', 'statement_id', 'revision', 'answers', 'author_id', 'created_at', 'updated_at'] as const;

const newestVersion = prepare((db, statementId: string) =>
  db.selectFrom('statement_versions').select(versionColumns).where('statement_id', '=', statementId).orderBy('revision', 'desc').limit(1),
);
export function latestVersion(db: Executor, statementId: string): Promise<VersionRow | undefined> {
  return newestVersion.first(db, statementId);
}

export async function insertVersion(
  db: Executor,
  v: { statementId: string; revision: number; answers: Uint8Array; authorId: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('statement_versions')
    .values({ statement_id: v.statementId, revision: v.revision, answers: v.answers, author_id: v.authorId, updated_at: v.now })
    .execute();
}

/** Folds a save into the latest version row instead of adding one for every keystroke pause. */
const foldIntoVersion = prepare((db, id: string, revision: number, answers: Uint8Array, now: Date) =>
  db.updateTable('statement_versions').set({ revision, answers, updated_at: now }).where('id', '=', id),
);
export async function updateVersion(db: Executor, id: string, v: { revision: number; answers: Uint8Array; now: Date }): Promise<void> {
  await foldIntoVersion.run(db, id, v.revision, v.answers, v.now);
}

export function versionsOf(db: Executor, statementId: string): Promise<VersionRow[]> {
  return db.selectFrom('statement_versions').select(versionColumns).where('statement_id', '=', statementId).orderBy('revision', 'desc').execute();
}

export function findVersion(db: Executor, statementId: string, versionId: string): Promise<VersionRow | undefined> {
  return db.selectFrom('statement_versions').select(versionColumns).where('statement_id', '=', statementId).where('id', '=', versionId).executeTakeFirst();
}

interface WritingRow {
  id: string;
  kind: 'wrote' | 'wrote_together' | 'suggested' | 'accepted' | 'edited' | 'rejected';
  author_user_id: string | null;
  with_user_id: string | null;
  at: Date;
}

/** The newest authorship entry for one part of a statement. */
const newestWriting = prepare((db, statementId: string, fieldKey: string) =>
  db
    .selectFrom('authorship_events')
    .select(['id', 'kind', 'author_user_id', 'with_user_id', 'at'])
    .where('statement_id', '=', statementId)
    .where('field_key', '=', fieldKey)
    .orderBy('at', 'desc')
    .limit(1),
);
export function latestWriting(db: Executor, statementId: string, fieldKey: string): Promise<WritingRow | undefined> {
  return newestWriting.first(db, statementId, fieldKey);
}

const writingExcerpt = prepare((db, id: string, excerpt: Uint8Array) => db.updateTable('authorship_events').set({ excerpt }).where('id', '=', id));
export async function updateWritingExcerpt(db: Executor, id: string, excerpt: Uint8Array): Promise<void> {
  await writingExcerpt.run(db, id, excerpt);
}

export async function insertWriting(
  db: Executor,
  w: {
    statementId: string;
    fieldKey: string;
    kind: 'wrote' | 'wrote_together';
    authorUserId: string;
    withUserId: string | null;
    excerpt: Uint8Array;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('authorship_events')
    .values({
      statement_id: w.statementId,
      field_key: w.fieldKey,
      kind: w.kind,
      author_user_id: w.authorUserId,
      with_user_id: w.withUserId,
      excerpt: w.excerpt,
      at: w.at,
    })
    .execute();
}
