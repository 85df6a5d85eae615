import type { RequestContext, Route } from '../http/types.ts';
import { idParam } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import type { Errors } from '../views/components.ts';
import {
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
  updateGuide,
} from '../services/guides.ts';
import { editGuidePage, guideListPage, guidePage, manageGuidesPage, notesPage, type GuideFormValues } from '../views/pages/guides.ts';
import { renderGuidePdf } from '../pdf/guide-layout.ts';
import type { FormFields } from '../http/body.ts';

function guideValues(form: FormFields): GuideFormValues {
  return { title: form.string('title'), summary: form.string('summary'), language: form.string('language'), body: form.string('body') };
}

function guideErrors(ctx: RequestContext, errors: Partial<Record<string, string>>): Errors {
  const out: Errors = {};
  for (const [field, problem] of Object.entries(errors)) if (problem) out[field] = ctx.t.guides.errors[problem] ?? ctx.t.errors.badRequest;
  return out;
}

/** A file name from the title: letters, digits and dashes only. */
function fileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'oe')
    .replace(/å/gi, 'aa')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'guide'}.pdf`;
}

export const guideRoutes: Route[] = [
  {
    method: 'GET',
    path: '/guides',
    permission: 'public',
    handler: async (ctx) => {
      const lang = ctx.url.searchParams.get('lang');
      const language = lang === 'da' || lang === 'en' ? lang : null;
      return { status: 200, body: guideListPage(ctx, { ...(await guideShelf(ctx.deps, ctx.actor, language)), language: language ?? '' }) };
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
      const pdf = renderGuidePdf(ctx, guide);
      return {
        status: 200,
        headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${fileName(guide.title)}"` },
        body: pdf,
      };
    },
  },
  {
    method: 'POST',
    path: '/guides/:guideId/notes',
    permission: 'citizen',
    handler: async (ctx) => {
      const guideId = idParam(ctx, 'guideId');
      const form = await ctx.form();
      const indexes = form
        .all('item')
        .filter((v) => /^\d{1,4}$/.test(v))
        .map(Number);
      const added = await saveChecklistItems(ctx.deps, ctx.actor, guideId, indexes);
      return redirect(`/guides/${guideId}?saved=${added}`);
    },
  },
  {
    method: 'GET',
    path: '/notes',
    permission: 'citizen',
    handler: async (ctx) => {
      const info = ctx.url.searchParams.has('removed') ? ctx.t.guides.removed : undefined;
      return { status: 200, body: notesPage(ctx, { notes: await myNotes(ctx.deps, ctx.actor), ...(info ? { info } : {}) }) };
    },
  },
  {
    method: 'POST',
    path: '/notes/:noteId/done',
    permission: 'citizen',
    handler: async (ctx) => {
      const noteId = idParam(ctx, 'noteId');
      const form = await ctx.form();
      await setNoteDone(ctx.deps, ctx.actor, noteId, form.string('done') !== 'no');
      return redirect('/notes');
    },
  },
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
      return { status: 200, body: manageGuidesPage(ctx, { orgId, guides: await organisationGuides(ctx.deps, ctx.actor, orgId) }) };
    },
  },
  {
    method: 'POST',
    path: '/organisation/:orgId/guides',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const values = guideValues(await ctx.form());
      const result = await createGuide(ctx.deps, ctx.actor, orgId, values);
      if (!result.ok)
        return {
          status: 400,
          body: manageGuidesPage(ctx, { orgId, guides: await organisationGuides(ctx.deps, ctx.actor, orgId), values, errors: guideErrors(ctx, result.errors) }),
        };
      return redirect(`/organisation/${orgId}/guides/${result.id}/edit?saved=1`);
    },
  },
  {
    method: 'GET',
    path: '/organisation/:orgId/guides/:guideId/edit',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const guide = await guideToEdit(ctx.deps, ctx.actor, orgId, idParam(ctx, 'guideId'));
      const q = ctx.url.searchParams;
      const t = ctx.t.guides;
      const info = q.has('saved') ? t.savedGuide : q.get('published') === 'yes' ? t.publishedNow : q.get('published') === 'no' ? t.unpublishedNow : undefined;
      return { status: 200, body: editGuidePage(ctx, { orgId, guide, ...(info ? { info } : {}) }) };
    },
  },
  {
    method: 'POST',
    path: '/organisation/:orgId/guides/:guideId',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const guideId = idParam(ctx, 'guideId');
      const values = guideValues(await ctx.form());
      const result = await updateGuide(ctx.deps, ctx.actor, orgId, guideId, values);
      if (!result.ok)
        return {
          status: 400,
          body: editGuidePage(ctx, { orgId, guide: await guideToEdit(ctx.deps, ctx.actor, orgId, guideId), values, errors: guideErrors(ctx, result.errors) }),
        };
      return redirect(`/organisation/${orgId}/guides/${guideId}/edit?saved=1`);
    },
  },
  {
    method: 'POST',
    path: '/organisation/:orgId/guides/:guideId/publish',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const guideId = idParam(ctx, 'guideId');
      const publish = (await ctx.form()).string('publish') === 'yes';
      await setGuidePublished(ctx.deps, ctx.actor, orgId, guideId, publish);
      return redirect(`/organisation/${orgId}/guides/${guideId}/edit?published=${publish ? 'yes' : 'no'}`);
    },
  },
];
