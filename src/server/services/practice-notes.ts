import type { AppDeps } from '../deps.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import type { PracticeNoteKind } from '../db/schema.ts';
import { authorize, can } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import {
  commentsOf,
  findPracticeNote,
  findPracticeNoteFacts,
  insertPracticeComment,
  insertPracticeNote,
  latestPracticeNotes,
  networkOrganisationsOf,
  setPracticeNoteHidden,
  type PracticeNoteRow,
} from '../repositories/practice-notes.ts';
import { findUserById } from '../repositories/users.ts';
import { insertNotice } from '../repositories/notices.ts';
import { peerOrganisations } from './peer-practice.ts';
import { useCase } from './use-case.ts';

// Practice notes: peers across organisations share what worked, a method or a question; peers
// and coordinators of every organisation read and reply. An organisation's coordinators may hide
// a note written by one of their peers. No likes, no counters: newest first.
// Text is sealed with the writer's own data key, like reflections, so erasing the person erases it.

const NOTE = 'practice.note';
const COMMENT = 'practice.comment';

export const PRACTICE_LIMITS = { title: 120, text: 2000 } as const;

export interface NoteInput {
  organisationId: string;
  title: string;
  kind: PracticeNoteKind;
  text: string;
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
  return can(actor, 'practiceNotes.moderate', { organisationId });
}

/** A hidden note is seen only by its author and the coordinators of its organisation. */
function visibleTo(actor: SignedInActor, note: { author_id: string; organisation_id: string; hidden_at: Date | null }): boolean {
  return !note.hidden_at || note.author_id === actor.id || canModerate(actor, note.organisation_id);
}

export async function postNote(deps: AppDeps, actor: Actor, input: NoteInput): Promise<string> {
  authorize(actor, 'practiceNotes.use');
  // One writes as a peer of an organisation one belongs to; that organisation's coordinators moderate.
  authorize(actor, 'peer.practise', { organisationId: input.organisationId });
  const content = deps.keyring.sealJson(await dataKeyOf(deps, actor.id), { title: input.title, text: input.text }, NOTE);
  return useCase(deps, actor, 'practice_note.create', async ({ tx, audit }) => {
    const id = await insertPracticeNote(tx, { authorId: actor.id, organisationId: input.organisationId, kind: input.kind, content });
    await audit('practice_note.create', null, { type: 'practice_note', id });
    return id;
  });
}

async function dataKeyOf(deps: AppDeps, userId: string): Promise<Uint8Array> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new NotFound();
  return user.data_key;
}

function toNote(deps: AppDeps, actor: SignedInActor, r: PracticeNoteRow): PracticeNote {
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
async function listNotes(deps: AppDeps, actor: Actor): Promise<PracticeNote[]> {
  authorize(actor, 'practiceNotes.use');
  const rows = await latestPracticeNotes(deps.db);
  return rows.filter((r) => visibleTo(actor, r)).map((r) => toNote(deps, actor, r));
}

async function visibleNote(deps: AppDeps, actor: SignedInActor, noteId: string): Promise<PracticeNoteRow> {
  const row = await findPracticeNote(deps.db, noteId);
  if (!row || !visibleTo(actor, row)) throw new NotFound();
  return row;
}

export async function openNote(deps: AppDeps, actor: Actor, noteId: string): Promise<{ note: PracticeNote; comments: PracticeComment[] }> {
  authorize(actor, 'practiceNotes.use');
  const row = await visibleNote(deps, actor, noteId);
  const comments = await commentsOf(deps.db, noteId);
  const authorIds = [...new Set(comments.map((c) => c.author_id))];
  const orgRows = authorIds.length ? await networkOrganisationsOf(deps.db, authorIds) : [];
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

export async function addComment(deps: AppDeps, actor: Actor, noteId: string, text: string): Promise<void> {
  authorize(actor, 'practiceNotes.use');
  const note = await visibleNote(deps, actor, noteId);
  const content = deps.keyring.sealJson(await dataKeyOf(deps, actor.id), { text }, COMMENT);
  await useCase(deps, actor, 'practice_comment.create', async ({ tx, now, audit }) => {
    const id = await insertPracticeComment(tx, { noteId, authorId: actor.id, content });
    await audit('practice_comment.create', null, { type: 'practice_comment', id });
    // The author hears of answers from others, not of their own.
    if (note.author_id !== actor.id) await insertNotice(tx, { recipientId: note.author_id, actorId: actor.id, kind: 'note_answer', subjectId: noteId, now });
  });
}

/** Only a coordinator of the organisation the note was written in (or an admin) hides or shows it. */
export async function setNoteHidden(deps: AppDeps, actor: Actor, noteId: string, hidden: boolean): Promise<void> {
  authorize(actor, 'practiceNotes.use');
  const note = await findPracticeNoteFacts(deps.db, noteId);
  if (!note || !visibleTo(actor, note)) throw new NotFound();
  authorize(actor, 'practiceNotes.moderate', { organisationId: note.organisation_id });
  await useCase(deps, actor, hidden ? 'practice_note.hide' : 'practice_note.show', async ({ tx, now, audit }) => {
    await setPracticeNoteHidden(tx, noteId, hidden ? { userId: actor.id, at: now } : null);
    await audit(hidden ? 'practice_note.hide' : 'practice_note.show', null, { type: 'practice_note', id: noteId });
  });
}

/** The list page: the notes, where the actor may write one from (as a peer), and whether they write the newsletter. */
export async function practiceNotesPage(
  deps: AppDeps,
  actor: Actor,
): Promise<{ notes: PracticeNote[]; organisations: { id: string; name: string }[]; canComposeNewsletter: boolean }> {
  return {
    notes: await listNotes(deps, actor),
    organisations: await peerOrganisations(deps, actor),
    canComposeNewsletter: can(actor, 'organisation.manageSome'),
  };
}
