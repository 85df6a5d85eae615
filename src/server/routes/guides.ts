import { z } from 'zod';
import { route, type Route } from '../http/types.ts';
import { idParam } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { pdfDownloadHeaders } from '../http/download.ts';
import { formInput, many } from '../http/input.ts';
import { GUIDE_LIMITS } from '../../domain/guides/format.ts';
import {
  copyGuide,
  createGuide,
  guideReading,
  guideShelf,
  guideToEdit,
  myNotes,
  organisationGuides,
  readGuide,
  removeNote,
  saveChecklistItems,
  setGuidePublished,
  setNoteDone,
  starterGuides,
  updateGuide,
} from '../services/guides.ts';
import { editGuidePage, guideListPage, guidePage, manageGuidesPage, notesPage, type GuideFormValues } from '../views/pages/guides.ts';
import { pdfLayouts } from '../pdf-layouts.ts';

const REQUIRED = 'guides.errors.required';
const TOO_LONG = 'guides.errors.tooLong';

const guideForm = z.object({
  title: z
    .string(REQUIRED)
    .transform((v) => v.trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, REQUIRED).max(GUIDE_LIMITS.title, TOO_LONG)),
  summary: z.string().trim().max(GUIDE_LIMITS.summary, TOO_LONG).default(''),
  language: z.enum(['da', 'en'], 'guides.errors.language'),
  body: z
    .string(REQUIRED)
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, REQUIRED)
        .max(GUIDE_LIMITS.body, TOO_LONG)
        .refine((v) => v.split('\n').every((line) => line.length <= GUIDE_LIMITS.line), 'guides.errors.lineTooLong'),
    ),
});

/** The form as sent, one value per field, to show it again. */
function guideValues(values: Record<string, string | string[]>): GuideFormValues {
  const one = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  return { title: one('title'), summary: one('summary'), language: one('language'), body: one('body') };
}

export const guideRoutes: Route[] = [
  {
    method: 'GET',
    path: '/guides',
    permission: 'public',
    handler: async (ctx) => {
      // The reader's own language first: every guide is written in one, and a shelf of both
      // showed most of them twice. "All languages" is a choice.
      const lang = ctx.url.searchParams.get('lang');
      const language = lang === 'da' || lang === 'en' ? lang : lang === 'all' ? null : ctx.locale;
      return { status: 200, body: guideListPage(ctx, { ...(await guideShelf(ctx.deps, ctx.actor, language)), language: language ?? 'all' }) };
    },
  },
  {
    method: 'GET',
    path: '/guides/:guideId',
    permission: 'public',
    handler: async (ctx) => {
      const reading = await guideReading(ctx.deps, ctx.actor, idParam(ctx, 'guideId'));
      const saved = ctx.url.searchParams.get('saved');
      return { status: 200, body: guidePage(ctx, { ...reading, ...(saved !== null && /^\d{1,3}$/.test(saved) ? { saved: Number(saved) } : {}) }) };
    },
  },
  {
    method: 'GET',
    path: '/guides/:guideId/pdf',
    permission: 'public',
    handler: async (ctx) => {
      const guide = await readGuide(ctx.deps, ctx.actor, idParam(ctx, 'guideId'));
      const pdf = (await pdfLayouts.guide()).renderGuidePdf(ctx, guide);
      return {
        status: 200,
        headers: pdfDownloadHeaders(guide.title),
        body: pdf,
      };
    },
  },
  route({
    method: 'POST',
    path: '/guides/:guideId/notes',
    permission: 'citizen',
    // Checklist items by their place in the guide; anything else sent along is ignored.
    input: formInput(z.object({ item: many(z.string()).transform((items) => items.filter((v) => /^\d{1,4}$/.test(v)).map(Number)) })),
    handler: async (ctx) => {
      const guideId = idParam(ctx, 'guideId');
      const added = await saveChecklistItems(ctx.deps, ctx.actor, guideId, ctx.input.item);
      return redirect(`/guides/${guideId}?saved=${added}`);
    },
  }),
  {
    method: 'GET',
    path: '/notes',
    permission: 'citizen',
    handler: async (ctx) => {
      const info = ctx.url.searchParams.has('removed') ? ctx.t.guides.removed : undefined;
      return { status: 200, body: notesPage(ctx, { notes: await myNotes(ctx.deps, ctx.actor), ...(info ? { info } : {}) }) };
    },
  },
  route({
    method: 'POST',
    path: '/notes/:noteId/done',
    permission: 'citizen',
    input: formInput(z.object({ done: z.string().default('') })),
    handler: async (ctx) => {
      await setNoteDone(ctx.deps, ctx.actor, idParam(ctx, 'noteId'), ctx.input.done !== 'no');
      return redirect('/notes');
    },
  }),
  {
    method: 'POST',
    path: '/notes/:noteId/remove',
    permission: 'citizen',
    handler: async (ctx) => {
      await removeNote(ctx.deps, ctx.actor, idParam(ctx, 'noteId'));
      return redirect('/notes?removed=1');
    },
  },
  {
    method: 'GET',
    path: '/organisation/:orgId/guides',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const guides = await organisationGuides(ctx.deps, ctx.actor, orgId);
      return { status: 200, body: manageGuidesPage(ctx, { orgId, guides, starters: await starterGuides(ctx.deps, ctx.actor, orgId) }) };
    },
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/guides',
    permission: 'organisationManager',
    input: formInput(guideForm),
    invalid: async (ctx, failure) => {
      const orgId = idParam(ctx, 'orgId');
      const guides = await organisationGuides(ctx.deps, ctx.actor, orgId);
      const starters = await starterGuides(ctx.deps, ctx.actor, orgId);
      return { status: 400, body: manageGuidesPage(ctx, { orgId, guides, starters, values: guideValues(failure.values), errors: failure.errors }) };
    },
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const id = await createGuide(ctx.deps, ctx.actor, orgId, ctx.input);
      return redirect(`/organisation/${orgId}/guides/${id}/edit?saved=1`);
    },
  }),
  {
    method: 'GET',
    path: '/organisation/:orgId/guides/:guideId/edit',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const guide = await guideToEdit(ctx.deps, ctx.actor, orgId, idParam(ctx, 'guideId'));
      const q = ctx.url.searchParams;
      const t = ctx.t.guides;
      const info = q.has('copied')
        ? t.copied
        : q.has('saved')
          ? t.savedGuide
          : q.get('published') === 'yes'
            ? t.publishedNow
            : q.get('published') === 'no'
              ? t.unpublishedNow
              : undefined;
      return { status: 200, body: editGuidePage(ctx, { orgId, guide, ...(info ? { info } : {}) }) };
    },
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/guides/:guideId',
    permission: 'organisationManager',
    input: formInput(guideForm),
    invalid: async (ctx, failure) => {
      const orgId = idParam(ctx, 'orgId');
      const guide = await guideToEdit(ctx.deps, ctx.actor, orgId, idParam(ctx, 'guideId'));
      return { status: 400, body: editGuidePage(ctx, { orgId, guide, values: guideValues(failure.values), errors: failure.errors }) };
    },
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const guideId = idParam(ctx, 'guideId');
      await updateGuide(ctx.deps, ctx.actor, orgId, guideId, ctx.input);
      return redirect(`/organisation/${orgId}/guides/${guideId}/edit?saved=1`);
    },
  }),
  {
    method: 'POST',
    path: '/organisation/:orgId/guides/:guideId/copy',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const id = await copyGuide(ctx.deps, ctx.actor, orgId, idParam(ctx, 'guideId'));
      return redirect(`/organisation/${orgId}/guides/${id}/edit?copied=1`);
    },
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/guides/:guideId/publish',
    permission: 'organisationManager',
    input: formInput(z.object({ publish: z.string().default('') })),
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const guideId = idParam(ctx, 'guideId');
      const publish = ctx.input.publish === 'yes';
      await setGuidePublished(ctx.deps, ctx.actor, orgId, guideId, publish);
      return redirect(`/organisation/${orgId}/guides/${guideId}/edit?published=${publish ? 'yes' : 'no'}`);
    },
  }),
];
