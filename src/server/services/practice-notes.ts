import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import type { PracticeNoteKind } from '../db/schema.ts';
import { hasRole, requireOrganisationManager } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { NotFound } from '../errors.ts';
import { audit } from './audit.ts';

// Practice notes: peers across organisations share what worked, a method or a question; peers
// and coordinators of every organisation read and reply. An organisation's coordinators may hide
// a note written by one of their peers. No likes, no counters: newest first.
// Text is sealed with the writer's own data key, like reflections, so erasing the person erases it.

const NOTE = 'practice.note';
const COMMENT = 'practice.comment';

export const PRACTICE_KINDS: PracticeNoteKind[] = ['worked', 'method', 'question'];

export const noteSchema = z.object({
  organisationId: z.uuid(),
  title: z.string().trim().min(1).max(120),
  kind: z.enum(['worked', 'method', 'question']),
  text: z.string().trim().min(1).max(2000),
});

export const commentSchema = z.object({ text: z.string().trim().min(1).max(2000) });

/** Peers and coordinators (of any organisation) take part in the network. */
function requireNetworkMember(actor: Actor): asserts actor is SignedInActor {
  if (actor.kind !== 'user') throw new AccessDenied();
  if (!hasRole(actor, 'peer') && !hasRole(actor, 'coordinator')) throw new AccessDenied();
}

export function canUsePracticeNetwork(actor: Actor): boolean {
  return actor.kind === 'user' && (hasRole(actor, 'peer') || hasRole(actor, 'coordinator'));
}

export interface PracticeNote {
  id: string;
  title: string;
  kind: PracticeNoteKind;
  text: string;
  authorName: string;
  organisationName: string;
  organisationId: string;
  createdAt: Date;
  hidden: boolean;
  mine: boolean;
  /** The reader is a coordinator of the note's organisation and may hide or show it. */
  canModerate: boolean;
}

export interface PracticeComment {
  id: string;
  text: string;
  authorName: string;
  organisationNames: string;
  createdAt: Date;
}

function canModerate(actor: SignedInActor, organisationId: string): boolean {
  return actor.isAdmin || hasRole(actor, 'coordinator', organisationId);
}

/** A hidden note is seen only by its author and the coordinators of its organisation. */
function visibleTo(actor: SignedInActor, note: { author_id: string; organisation_id: string; hidden_at: Date | null }): boolean {
  return !note.hidden_at || note.author_id === actor.id || canModerate(actor, note.organisation_id);
}

export async function postNote(deps: AppDeps, actor: Actor, input: z.infer<typeof noteSchema>): Promise<string> {
  requireNetworkMember(actor);
  // One writes as a peer of an organisation one belongs to; that organisation's coordinators moderate.
  if (!hasRole(actor, 'peer', input.organisationId)) throw new AccessDenied();
  const me = await deps.db.selectFrom('users').select('data_key').where('id', '=', actor.id).executeTakeFirstOrThrow();
  const content = deps.keyring.sealJson(me.data_key, { title: input.title, text: input.text }, NOTE);
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('practice_notes').values({ author_id: actor.id, organisation_id: input.organisationId, kind: input.kind, content }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, 'practice_note.create', null, { type: 'practice_note', id: row.id });
    return row.id;
  });
}

function baseNotes(deps: AppDeps) {
  return deps.db
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

type NoteRow = Awaited<ReturnType<ReturnType<typeof baseNotes>['executeTakeFirstOrThrow']>>;

function toNote(deps: AppDeps, actor: SignedInActor, r: NoteRow): PracticeNote {
  const c = deps.keyring.openJson<{ title: string; text: string }>(r.data_key, r.content, NOTE);
  return {
    id: r.id,
    title: c.title,
    kind: r.kind,
    text: c.text,
    authorName: r.chosen_name,
    organisationName: r.organisation_name,
    organisationId: r.organisation_id,
    createdAt: r.created_at,
    hidden: r.hidden_at !== null,
    mine: r.author_id === actor.id,
    canModerate: canModerate(actor, r.organisation_id),
  };
}

/** Newest first; hidden notes only for their author and their organisation's coordinators. */
export async function listNotes(deps: AppDeps, actor: Actor): Promise<PracticeNote[]> {
  requireNetworkMember(actor);
  const rows = await baseNotes(deps).orderBy('practice_notes.created_at', 'desc').limit(200).execute();
  return rows.filter((r) => visibleTo(actor, r)).map((r) => toNote(deps, actor, r));
}

async function visibleNote(deps: AppDeps, actor: SignedInActor, noteId: string): Promise<NoteRow> {
  const row = await baseNotes(deps).where('practice_notes.id', '=', noteId).executeTakeFirst();
  if (!row || !visibleTo(actor, row)) throw new NotFound();
  return row;
}

export async function openNote(deps: AppDeps, actor: Actor, noteId: string): Promise<{ note: PracticeNote; comments: PracticeComment[] }> {
  requireNetworkMember(actor);
  const row = await visibleNote(deps, actor, noteId);
  const comments = await deps.db
    .selectFrom('practice_comments')
    .innerJoin('users', 'users.id', 'practice_comments.author_id')
    .select(['practice_comments.id', 'practice_comments.author_id', 'practice_comments.content', 'practice_comments.created_at', 'users.chosen_name', 'users.data_key'])
    .where('practice_comments.note_id', '=', noteId)
    .orderBy('practice_comments.created_at', 'asc')
    .execute();
  const authorIds = [...new Set(comments.map((c) => c.author_id))];
  const orgRows = authorIds.length
    ? await deps.db
        .selectFrom('memberships')
        .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
        .select(['memberships.user_id', 'organisations.name'])
        .where('memberships.user_id', 'in', authorIds)
        .where('memberships.role', 'in', ['peer', 'coordinator'])
        .execute()
    : [];
  const orgsOf = (id: string) => [...new Set(orgRows.filter((o) => o.user_id === id).map((o) => o.name))].join(', ');
  return {
    note: toNote(deps, actor, row),
    comments: comments.map((c) => ({
      id: c.id,
      text: deps.keyring.openJson<{ text: string }>(c.data_key, c.content, COMMENT).text,
      authorName: c.chosen_name,
      organisationNames: orgsOf(c.author_id),
      createdAt: c.created_at,
    })),
  };
}

export async function addComment(deps: AppDeps, actor: Actor, noteId: string, input: z.infer<typeof commentSchema>): Promise<void> {
  requireNetworkMember(actor);
  await visibleNote(deps, actor, noteId);
  const me = await deps.db.selectFrom('users').select('data_key').where('id', '=', actor.id).executeTakeFirstOrThrow();
  const content = deps.keyring.sealJson(me.data_key, { text: input.text }, COMMENT);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('practice_comments').values({ note_id: noteId, author_id: actor.id, content }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, 'practice_comment.create', null, { type: 'practice_comment', id: row.id });
  });
}

/** Only a coordinator of the organisation the note was written in (or an admin) hides or shows it. */
export async function setNoteHidden(deps: AppDeps, actor: Actor, noteId: string, hidden: boolean): Promise<void> {
  requireNetworkMember(actor);
  const note = await deps.db.selectFrom('practice_notes').select(['id', 'organisation_id', 'author_id', 'hidden_at']).where('id', '=', noteId).executeTakeFirst();
  if (!note || !visibleTo(actor, note)) throw new NotFound();
  requireOrganisationManager(actor, note.organisation_id);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('practice_notes')
      .set(hidden ? { hidden_at: deps.now(), hidden_by: actor.id } : { hidden_at: null, hidden_by: null })
      .where('id', '=', noteId)
      .execute();
    await audit(trx, actor, hidden ? 'practice_note.hide' : 'practice_note.show', null, { type: 'practice_note', id: noteId });
  });
}
