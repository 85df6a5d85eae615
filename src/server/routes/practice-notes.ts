import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { isUuid } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { formInput, uuid, type InputFailure } from '../http/input.ts';
import { NotFound } from '../errors.ts';
import type { PracticeNoteKind } from '../db/schema.ts';
import { addComment, openNote, postNote, PRACTICE_LIMITS, practiceNotesPage, setNoteHidden } from '../services/practice-notes.ts';
import { PRACTICE_KINDS } from '../../domain/peer/practice.ts';
import { practiceListPage, practiceNotePage, type NoteFormValues } from '../views/pages/practice-notes.ts';
import type { Errors } from '../views/components.ts';

function noteIdOf(ctx: RequestContext): string {
  const value = ctx.params.noteId;
  if (!value || !isUuid(value)) throw new NotFound();
  return value;
}

async function listView(ctx: RequestContext, extra: { errors?: Errors; values?: NoteFormValues; info?: string } = {}) {
  return practiceListPage(ctx, { ...(await practiceNotesPage(ctx.deps, ctx.actor)), ...extra });
}

async function noteView(ctx: RequestContext, noteId: string, extra: { errors?: Errors; comment?: string; info?: string } = {}) {
  return practiceNotePage(ctx, { ...(await openNote(ctx.deps, ctx.actor, noteId)), ...extra });
}

/** Each field has one message, whatever is wrong with it (missing or too long). */
function text(max: number, message: string) {
  return z.string(message).trim().min(1, message).max(max, message);
}

const noteForm = z.object({
  organisationId: uuid,
  title: text(PRACTICE_LIMITS.title, 'practice.titleMissing'),
  kind: z.enum(PRACTICE_KINDS as [PracticeNoteKind, ...PracticeNoteKind[]], 'practice.kindMissing'),
  text: text(PRACTICE_LIMITS.text, 'practice.textMissing'),
});

const commentForm = z.object({ text: text(PRACTICE_LIMITS.text, 'practice.commentMissing') });

function one(failure: InputFailure, name: string): string {
  const v = failure.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export const practiceNoteRoutes: Route[] = [
  {
    method: 'GET',
    path: '/practice',
    permission: 'staff',
    handler: async (ctx) => ({ status: 200, body: await listView(ctx, ctx.url.searchParams.has('posted') ? { info: ctx.t.practice.posted } : {}) }),
  },
  route({
    method: 'POST',
    path: '/practice',
    permission: 'staff',
    input: formInput(noteForm),
    invalid: async (ctx, failure) => {
      const { organisationId, ...fieldErrors } = failure.errors;
      // The organisation is a hidden field or a list: a wrong one is said at the top of the form.
      const errors: Errors = organisationId ? { title: fieldErrors.title ?? organisationId, ...fieldErrors } : fieldErrors;
      const values: NoteFormValues = {
        organisationId: one(failure, 'organisationId'),
        title: one(failure, 'title'),
        kind: one(failure, 'kind'),
        text: one(failure, 'text'),
      };
      return { status: 400, body: await listView(ctx, { errors, values }) };
    },
    handler: async (ctx) => {
      const id = await postNote(ctx.deps, ctx.actor, ctx.input);
      return redirect(`/practice/${id}?posted=1`);
    },
  }),
  {
    method: 'GET',
    path: '/practice/:noteId',
    permission: 'staff',
    handler: async (ctx) => {
      const q = ctx.url.searchParams;
      const t = ctx.t.practice;
      const info = q.has('posted') ? t.posted : q.has('commented') ? t.commented : q.has('hidden') ? t.hidden : q.has('shown') ? t.shown : undefined;
      return { status: 200, body: await noteView(ctx, noteIdOf(ctx), info ? { info } : {}) };
    },
  },
  route({
    method: 'POST',
    path: '/practice/:noteId/comments',
    permission: 'staff',
    input: formInput(commentForm),
    invalid: async (ctx, failure) => ({ status: 400, body: await noteView(ctx, noteIdOf(ctx), { errors: failure.errors, comment: one(failure, 'text') }) }),
    handler: async (ctx) => {
      const noteId = noteIdOf(ctx);
      await addComment(ctx.deps, ctx.actor, noteId, ctx.input.text);
      return redirect(`/practice/${noteId}?commented=1`);
    },
  }),
  {
    method: 'POST',
    path: '/practice/:noteId/hide',
    permission: 'staff',
    handler: async (ctx) => {
      const noteId = noteIdOf(ctx);
      await setNoteHidden(ctx.deps, ctx.actor, noteId, true);
      return redirect(`/practice/${noteId}?hidden=1`);
    },
  },
  {
    method: 'POST',
    path: '/practice/:noteId/show',
    permission: 'staff',
    handler: async (ctx) => {
      const noteId = noteIdOf(ctx);
      await setNoteHidden(ctx.deps, ctx.actor, noteId, false);
      return redirect(`/practice/${noteId}?shown=1`);
    },
  },
];
