import type { Executor } from '../db/database.ts';
import type { PracticeNoteKind } from '../db/schema.ts';

export async function insertPracticeNote(
  db: Executor,
  n: { authorId: string; organisationId: string; kind: PracticeNoteKind; content: Uint8Array },
): Promise<string> {
  const row = await db
    .insertInto('practice_notes')
    .values({ author_id: n.authorId, organisation_id: n.organisationId, kind: n.kind, content: n.content })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function baseNotes(db: Executor) {
  return db
    .selectFrom('practice_notes')
    .innerJoin('users', 'users.id', 'practice_notes.author_id')
    .innerJoin('organisations', 'organisations.id', 'practice_notes.organisation_id')
    .select([
      'practice_notes.id',
      'practice_notes.author_id',
      'practice_notes.organisation_id',
      'practice_notes.kind',
      'practice_notes.content',
      'practice_notes.hidden_at',
      'practice_notes.created_at',
      'users.chosen_name',
      'users.data_key',
      'organisations.name as organisation_name',
    ]);
}

export type PracticeNoteRow = Awaited<ReturnType<ReturnType<typeof baseNotes>['executeTakeFirstOrThrow']>>;

export function latestPracticeNotes(db: Executor): Promise<PracticeNoteRow[]> {
  return baseNotes(db).orderBy('practice_notes.created_at', 'desc').limit(200).execute();
}

export function findPracticeNote(db: Executor, noteId: string): Promise<PracticeNoteRow | undefined> {
  return baseNotes(db).where('practice_notes.id', '=', noteId).executeTakeFirst();
}

/** Who wrote the note and where, without its text: enough to decide who may hide it. */
export function findPracticeNoteFacts(db: Executor, noteId: string) {
  return db.selectFrom('practice_notes').select(['id', 'organisation_id', 'author_id', 'hidden_at']).where('id', '=', noteId).executeTakeFirst();
}

export async function setPracticeNoteHidden(db: Executor, noteId: string, hiddenBy: { userId: string; at: Date } | null): Promise<void> {
  await db
    .updateTable('practice_notes')
    .set(hiddenBy ? { hidden_at: hiddenBy.at, hidden_by: hiddenBy.userId } : { hidden_at: null, hidden_by: null })
    .where('id', '=', noteId)
    .execute();
}

export function commentsOf(db: Executor, noteId: string) {
  return db
    .selectFrom('practice_comments')
    .innerJoin('users', 'users.id', 'practice_comments.author_id')
    .select([
      'practice_comments.id',
      'practice_comments.author_id',
      'practice_comments.content',
      'practice_comments.created_at',
      'users.chosen_name',
      'users.data_key',
    ])
    .where('practice_comments.note_id', '=', noteId)
    .orderBy('practice_comments.created_at', 'asc')
    .execute();
}

/** The organisations where each author is a peer or coordinator: shown beside their comments. */
export function networkOrganisationsOf(db: Executor, userIds: string[]) {
  return db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['memberships.user_id', 'organisations.name'])
    .where('memberships.user_id', 'in', userIds)
    .where('memberships.role', 'in', ['peer', 'coordinator'])
    .execute();
}

export async function insertPracticeComment(db: Executor, c: { noteId: string; authorId: string; content: Uint8Array }): Promise<string> {
  const row = await db
    .insertInto('practice_comments')
    .values({ note_id: c.noteId, author_id: c.authorId, content: c.content })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
