import { sheetName } from '../i18n/messages.ts';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { idParam, isUuid } from '../http/params.ts';
import { formInput, jsonInput, uuid } from '../http/input.ts';
import { redirect } from '../http/app.ts';
import { pdfDownloadHeaders } from '../http/download.ts';
import { BadInput, NotFound } from '../errors.ts';
import {
  copyStatement,
  createStatement,
  deleteStatement,
  importDeviceStatement,
  listVersions,
  statementsOverview,
  templateOfStatement,
  openStatement,
  openVersion,
  restoreVersion,
  saveAnswers,
  type OpenStatement,
} from '../services/statements.ts';
import { PURPOSE_MAX } from '../../domain/sheets/text.ts';
import { conflictPage, deletePage, firstPageId, movedNotice, statementListPage, versionPage, versionsPage } from '../views/pages/statements.ts';
import { sheetPage } from '../views/pages/sheet.ts';
import { signUpPage } from '../views/pages/accounts.ts';
import { decodeState, draftNoticeKey, isDraftAction, parseSheetAction, readPagePost, withDraft } from '../views/sheet-form.ts';
import { builtinTemplate } from '../../domain/sheets/builtin-templates.ts';
import { invalidState } from './write.ts';
import { statementPdfView } from '../pdf/statement-view.ts';
import { notice } from '../views/components.ts';
import { parseAnswers, type FieldValue, type StatementAnswers } from '../../domain/sheets/answers.ts';
import { applyChanges, resolveConflict } from '../../domain/sheets/page-changes.ts';
import { nextPage, pagesOf, type NavAction } from '../../domain/sheets/flow.ts';
import { z } from 'zod';
import { openSuggestionCount } from '../services/suggestions.ts';
import { html } from '../views/html.ts';
import { pdfLayouts } from '../pdf-layouts.ts';

/** Moves a sheet carried from the device (base64url JSON of its answers) into the account. */
export async function importCarried(ctx: RequestContext, carried: { state: string; templateKey: string }, actor = ctx.actor): Promise<string> {
  const id = await importDeviceStatement(ctx.deps, actor, { templateKey: carried.templateKey, purpose: ctx.t.statements.purposeDefault, state: carried.state });
  if (id === 'invalid') throw new BadInput();
  return id;
}

const newStatementInput = z.object({
  purpose: z.string().optional(),
  templateId: uuid,
  // A malformed key is ignored rather than refused: the form still makes the statement.
  idempotencyKey: z
    .string()
    .optional()
    .transform((key) => (key && /^[A-Za-z0-9_-]{16,64}$/.test(key) ? key : undefined)),
});

// A sheet carried from the device must be readable before anything else happens, for everyone:
// otherwise a person without an account would be shown sign-up with a sheet that cannot be kept.
const importInput = z
  .object({
    state: z.string().regex(/^[A-Za-z0-9_-]{1,400000}$/),
    templateKey: z.string().regex(/^[a-z][a-zA-Z0-9-]{0,39}$/),
  })
  .refine(
    (carried) => {
      const template = builtinTemplate(carried.templateKey);
      return template !== undefined && decodeState(template, carried.state).ok;
    },
    { path: ['state'], message: 'sheet.stateInvalid' },
  );

function pageIdParam(statement: OpenStatement, raw: string | undefined): string {
  if (raw === 'first') return firstPageId(statement);
  const pages = pagesOf(statement.template);
  if (!raw || !pages.some((p) => p.id === raw)) throw new NotFound();
  return raw;
}

function renderSheet(
  ctx: RequestContext,
  statement: OpenStatement,
  pageId: string,
  answers: StatementAnswers,
  extra: { errors?: Parameters<typeof sheetPage>[1]['errors']; notice?: ReturnType<typeof notice>; draftOffer?: string } = {},
) {
  return sheetPage(ctx, {
    mode: 'account',
    template: statement.template,
    pageId,
    answers,
    formAction: `/statements/${statement.id}/write/${pageId}`,
    pageUrl: (id) => `/statements/${statement.id}/write/${id}`,
    hidden: { revision: String(statement.revision) },
    pdfUrl: `/statements/${statement.id}/pdf`,
    ownerName: statement.ownerName,
    title: sheetName(ctx.t, statement.purpose),
    autosaveUrl: `/statements/${statement.id}/autosave`,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.notice ? { notice: extra.notice } : {}),
    ...(extra.draftOffer ? { draftOffer: extra.draftOffer } : {}),
  });
}

const autosaveSchema = z.object({
  revision: z.number().int().min(1),
  fields: z.record(z.string().max(60), z.union([z.string().max(50_000), z.array(z.string().max(5_000)).max(200)])),
});

function readRevision(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BadInput();
  return n;
}

/** A form posted to one of the citizen's statements, with the revision it was written on. */
async function statementPost(ctx: RequestContext) {
  const id = idParam(ctx);
  const form = await ctx.form();
  return { id, form, revision: readRevision(form.get('revision')), statement: await openStatement(ctx.deps, ctx.actor, id) };
}

export const statementRoutes: Route[] = [
  {
    method: 'GET',
    path: '/statements',
    permission: 'citizen',
    handler: async (ctx) => {
      const info = ctx.url.searchParams.has('deleted')
        ? ctx.t.statements.deleted
        : ctx.url.searchParams.has('imported')
          ? ctx.t.statements.imported
          : undefined;
      const requested = ctx.url.searchParams.get('template');
      const overview = await statementsOverview(ctx.deps, ctx.actor, requested && isUuid(requested) ? requested : undefined);
      return { status: 200, body: statementListPage(ctx, overview, info) };
    },
  },
  route({
    method: 'POST',
    path: '/statements',
    permission: 'citizen',
    input: formInput(newStatementInput),
    handler: async (ctx) => {
      const { templateId, idempotencyKey } = ctx.input;
      const purpose = (ctx.input.purpose ?? '').trim().slice(0, PURPOSE_MAX) || ctx.t.statements.purposeDefault;
      const id = await createStatement(ctx.deps, ctx.actor, { purpose, templateId, ...(idempotencyKey ? { idempotencyKey } : {}) });
      return redirect(`/statements/${id}/write/first`);
    },
  }),
  {
    method: 'GET',
    path: '/statements/:id/write/:page',
    permission: 'citizen',
    handler: async (ctx) => {
      const statement = await openStatement(ctx.deps, ctx.actor, idParam(ctx));
      const pageId = pageIdParam(statement, ctx.params.page);
      if (ctx.params.page === 'first') return redirect(`/statements/${statement.id}/write/${pageId}`);
      const waiting = await openSuggestionCount(ctx.deps, statement.id);
      const saved = ctx.url.searchParams.has('imported')
        ? movedNotice(ctx, statement.template.key)
        : ctx.url.searchParams.has('saved')
          ? notice(ctx.t.statements.saved, 'success')
          : undefined;
      const note = waiting
        ? html`${saved ?? ''}<div class="notice" role="status"><p><a href="/statements/${statement.id}/suggestions">${ctx.t.statements.suggestionsWaiting(waiting)}</a></p></div>`
        : saved;
      return { status: 200, body: renderSheet(ctx, statement, pageId, statement.answers, note ? { notice: note } : {}) };
    },
  },
  {
    method: 'POST',
    path: '/statements/:id/write/:page',
    permission: 'citizen',
    handler: async (ctx) => {
      const { id, form, revision, statement } = await statementPost(ctx);
      const pageId = pageIdParam(statement, ctx.params.page);
      const post = readPagePost(statement.template, statement.answers, pageId, form);
      const action = parseSheetAction(form.get('action'));
      if (post.errors.length) return { status: 400, body: renderSheet(ctx, { ...statement, revision }, pageId, post.answers, { errors: post.errors }) };
      if (isDraftAction(action)) {
        // The compose page's draft re-renders with a starting text, or beside the text already
        // there; nothing is saved until the person saves.
        const drafted = withDraft(statement.template, post.answers, ctx.locale, action);
        const key = draftNoticeKey(drafted);
        return {
          status: 200,
          body: renderSheet(ctx, statement, pageId, drafted.answers, {
            ...(key ? { notice: notice(ctx.t.sheet[key], 'info') } : {}),
            ...(drafted.kind === 'offered' ? { draftOffer: drafted.draft } : {}),
          }),
        };
      }
      const nav: NavAction = action === 'back' ? 'back' : action === 'skip' ? 'skip' : 'next';
      if (nav !== 'skip') {
        const result = await saveAnswers(ctx.deps, ctx.actor, id, revision, post.changes);
        if (!result.ok) return { status: 409, body: conflictPage(ctx, result.conflict, result.mine, pageId) };
      }
      const target = action === 'stay' ? { id: pageId } : nextPage(statement.template, pageId, nav);
      return redirect(`/statements/${id}/write/${target.id}${action === 'stay' ? '?saved=1' : ''}`);
    },
  },
  {
    method: 'POST',
    path: '/statements/:id/resolve',
    permission: 'citizen',
    handler: async (ctx) => {
      const { id, form, revision, statement } = await statementPost(ctx);
      const returnPage = pageIdParam(statement, form.get('returnPage'));
      const settle = (keepOnly?: 'mine') =>
        resolveConflict(statement.template, statement.answers, (key) => {
          const keep = form.get(`choice.${key}`);
          if (!keep) return undefined;
          return { keep: keepOnly ?? (keep === 'saved' || keep === 'mine' ? keep : 'both'), mine: form.all(`mine.${key}`) };
        });
      let result: Awaited<ReturnType<typeof saveAnswers>>;
      try {
        result = await saveAnswers(ctx.deps, ctx.actor, id, revision, settle());
      } catch (error) {
        // Both texts together can be over a part's limit: the same choice again, with the reason.
        if (!(error instanceof BadInput)) throw error;
        return {
          status: 400,
          body: conflictPage(ctx, statement, applyChanges(statement.answers, settle('mine')), returnPage, ctx.t.statements.conflictTooLong),
        };
      }
      if (!result.ok) return { status: 409, body: conflictPage(ctx, result.conflict, result.mine, returnPage) };
      return redirect(`/statements/${id}/write/${returnPage}?saved=1`);
    },
  },
  route({
    method: 'POST',
    path: '/statements/:id/autosave',
    permission: 'citizen',
    input: jsonInput(autosaveSchema),
    handler: async (ctx) => {
      const id = idParam(ctx);
      const template = await templateOfStatement(ctx.deps, ctx.actor, id);
      const known = new Set([...template.steps.flatMap((s) => s.fields.map((f) => f.key)), 'summary']);
      const record: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(ctx.input.fields)) {
        if (!known.has(k)) throw new BadInput();
        record[k] = v;
      }
      // The page sends only what changed; a save of nothing would still count as a new revision.
      if (Object.keys(record).length === 0) throw new BadInput();
      const answers = parseAnswers(template, record);
      if (!answers.ok)
        return {
          status: 400,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ error: 'tooLong', fields: answers.errors.map((e) => e.field) }),
        };
      const fields: Record<string, FieldValue> = {};
      for (const k of Object.keys(record)) if (k !== 'summary') fields[k] = answers.answers.fields[k]!;
      const result = await saveAnswers(ctx.deps, ctx.actor, id, ctx.input.revision, {
        fields,
        ...('summary' in record ? { summary: answers.answers.summary } : {}),
      });
      if (!result.ok) {
        return {
          status: 409,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            error: 'conflict',
            current: { revision: result.conflict.revision, fields: { ...result.conflict.answers.fields, summary: result.conflict.answers.summary } },
          }),
        };
      }
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ revision: result.revision, savedAt: ctx.deps.now().toISOString() }),
      };
    },
  }),
  {
    method: 'GET',
    path: '/statements/:id/pdf',
    permission: 'citizen',
    handler: async (ctx) => {
      const statement = await openStatement(ctx.deps, ctx.actor, idParam(ctx), 'pdf');
      const pdf = (await pdfLayouts.statement()).renderStatementPdf(
        statementPdfView(statement.template, statement.answers, ctx.locale, { ownerName: statement.ownerName }),
      );
      // Named as the sheet's printed title, with the day it was last changed: its own name for it
      // ("Kun du ser det") stays out of a file she may send on.
      return { status: 200, headers: pdfDownloadHeaders(statement.template.title[ctx.locale], statement.updatedAt), body: pdf };
    },
  },
  {
    method: 'GET',
    path: '/statements/:id/versions',
    permission: 'citizen',
    handler: async (ctx) => {
      const { statement, versions } = await listVersions(ctx.deps, ctx.actor, idParam(ctx));
      return { status: 200, body: versionsPage(ctx, statement, versions, ctx.url.searchParams.has('restored') ? ctx.t.statements.versionRestored : undefined) };
    },
  },
  {
    method: 'GET',
    path: '/statements/:id/versions/:versionId',
    permission: 'citizen',
    handler: async (ctx) => {
      const { statement, answers, savedAt } = await openVersion(ctx.deps, ctx.actor, idParam(ctx), idParam(ctx, 'versionId'));
      return { status: 200, body: versionPage(ctx, statement, idParam(ctx, 'versionId'), answers, savedAt) };
    },
  },
  {
    method: 'POST',
    path: '/statements/:id/versions/:versionId/restore',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx);
      const result = await restoreVersion(ctx.deps, ctx.actor, id, idParam(ctx, 'versionId'));
      if (!result.ok) return { status: 409, body: conflictPage(ctx, result.conflict, result.mine, 'done') };
      return redirect(`/statements/${id}/versions?restored=1`);
    },
  },
  {
    method: 'POST',
    path: '/statements/:id/copy',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = await copyStatement(ctx.deps, ctx.actor, idParam(ctx), (purpose) => ctx.t.statements.copyPurpose(purpose).slice(0, PURPOSE_MAX));
      return redirect(`/statements/${id}/write/done`);
    },
  },
  {
    method: 'GET',
    path: '/statements/:id/delete',
    permission: 'citizen',
    handler: async (ctx) => ({ status: 200, body: deletePage(ctx, await openStatement(ctx.deps, ctx.actor, idParam(ctx))) }),
  },
  {
    method: 'POST',
    path: '/statements/:id/delete',
    permission: 'citizen',
    handler: async (ctx) => {
      await deleteStatement(ctx.deps, ctx.actor, idParam(ctx));
      return redirect('/statements?deleted=1');
    },
  },
  route({
    method: 'POST',
    path: '/statements/import',
    // Anyone: a person without an account is shown sign-up with the sheet carried along.
    permission: 'public',
    input: formInput(importInput),
    invalid: async (ctx) => invalidState(ctx),
    handler: async (ctx) => {
      const carried = ctx.input;
      if (ctx.actor.kind !== 'user') return { status: 200, body: signUpPage(ctx, {}, {}, carried) };
      const id = await importCarried(ctx, carried);
      return redirect(`/statements/${id}/write/done?imported=1`);
    },
  }),
];
