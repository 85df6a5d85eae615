import type { RequestContext, Route } from '../http/types.ts';
import { isUuid } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { NotFound } from '../errors.ts';
import { addComment, commentSchema, listNotes, noteSchema, openNote, postNote, setNoteHidden } from '../services/practice-notes.ts';
import { practiceListPage, practiceNotePage, type NoteFormValues } from '../views/pages/practice-notes.ts';
import type { Errors } from '../views/components.ts';

function noteIdOf(ctx: RequestContext): string {
  const value = ctx.params.noteId;
  if (!value || !isUuid(value)) throw new NotFound();
  return value;
}

function peerOrganisations(ctx: RequestContext): { id: string; name: string }[] {
  if (ctx.actor.kind !== 'user') return [];
  const seen = new Map<string, string>();
  for (const m of ctx.actor.memberships) if (m.role === 'peer') seen.set(m.organisationId, m.organisationName);
  return [...seen].map(([id, name]) => ({ id, name }));
}

async function listView(ctx: RequestContext, extra: { errors?: Errors; values?: NoteFormValues; info?: string } = {}) {
  return practiceListPage(ctx, { notes: await listNotes(ctx.deps, ctx.actor), organisations: peerOrganisations(ctx), ...extra });
}

async function noteView(ctx: RequestContext, noteId: string, extra: { errors?: Errors; comment?: string; info?: string } = {}) {
  return practiceNotePage(ctx, { ...(await openNote(ctx.deps, ctx.actor, noteId)), ...extra });
}

export const practiceNoteRoutes: Route[] = [
  {
    method: 'GET',
    path: '/practice',
    permission: 'staff',
    handler: async (ctx) => ({ status: 200, body: await listView(ctx, ctx.url.searchParams.has('posted') ? { info: ctx.t.practice.posted } : {}) }),
  },
  {
    method: 'POST',
    path: '/practice',
    permission: 'staff',
    handler: async (ctx) => {
      const form = await ctx.form();
      const values: NoteFormValues = { organisationId: form.string('organisationId'), title: form.string('title'), kind: form.string('kind'), text: form.string('text') };
      const parsed = noteSchema.safeParse(values);
      if (!parsed.success) {
        const t = ctx.t.practice;
        const errors: Errors = {};
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0]);
          if (key === 'title') errors.title = t.titleMissing;
          else if (key === 'kind') errors.kind = t.kindMissing;
          else if (key === 'text') errors.text = t.textMissing;
          else errors.title ??= ctx.t.errors.badRequest;
        }
        return { status: 400, body: await listView(ctx, { errors, values }) };
      }
      const id = await postNote(ctx.deps, ctx.actor, parsed.data);
      return redirect(`/practice/${id}?posted=1`);
    },
  },
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
  {
    method: 'POST',
    path: '/practice/:noteId/comments',
    permission: 'staff',
    handler: async (ctx) => {
      const noteId = noteIdOf(ctx);
      const form = await ctx.form();
      const text = form.string('text');
      const parsed = commentSchema.safeParse({ text });
      if (!parsed.success) return { status: 400, body: await noteView(ctx, noteId, { errors: { text: ctx.t.practice.commentMissing }, comment: text }) };
      await addComment(ctx.deps, ctx.actor, noteId, parsed.data);
      return redirect(`/practice/${noteId}?commented=1`);
    },
  },
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
