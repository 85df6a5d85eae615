// Writing a sheet without an account. The server keeps nothing: the answers travel in the form
// (a hidden base64url JSON `state`) or stay in the browser, no database is touched, and nothing
// of what is written is logged.

import { z } from 'zod';
import type { RequestContext, Route } from '../http/types.ts';
import { route } from '../http/types.ts';
import { jsonInput } from '../http/input.ts';
import { jargonTerms } from '../../domain/writing-helper/explain.ts';
import { NotFound } from '../errors.ts';
import type { SheetTemplate } from '../../domain/sheets/template-schema.ts';
import { builtinTemplate, builtinTemplates } from '../../domain/sheets/builtin-templates.ts';
import { emptyAnswers, parseAnswers, type AnswerError, type FormDataLike, type StatementAnswers } from '../../domain/sheets/answers.ts';
import { nextPage, pagesOf } from '../../domain/sheets/flow.ts';
import { notice } from '../views/components.ts';
import { errorPage } from '../views/pages/errors.ts';
import { hintMessages, overallLix, sheetPage, writeChooserPage, writeClearedPage, writeClearPage } from '../views/pages/sheet.ts';
import { CLEAR_BROWSER } from '../http/security-headers.ts';
import { pdfDownloadHeaders } from '../http/download.ts';
import {
  decodeState,
  draftNoticeKey,
  encodeState,
  isDraftAction,
  ownerNameTooLong,
  OWNER_NAME_MAX,
  pageFieldNames,
  parseSheetAction,
  readPagePost,
  withDraft,
} from '../views/sheet-form.ts';
import { statementPdfView } from '../pdf/statement-view.ts';
import type { SafeHtml } from '../views/html.ts';
import { pdfLayouts } from '../pdf-layouts.ts';

export const writeUrl = (templateKey: string, pageId: string): string => `/write/${templateKey}/${pageId}`;

function templateParam(ctx: RequestContext): SheetTemplate {
  const template = builtinTemplate(ctx.params.template ?? '');
  if (!template) throw new NotFound();
  return template;
}

function pageParam(ctx: RequestContext, template: SheetTemplate): string {
  const id = ctx.params.page ?? '';
  if (!pagesOf(template).some((p) => p.id === id)) throw new NotFound();
  return id;
}

function render(
  ctx: RequestContext,
  template: SheetTemplate,
  pageId: string,
  answers: StatementAnswers,
  o: { errors?: AnswerError[]; notice?: SafeHtml; answersFrom?: 'server' | 'device'; ownerName?: string; draftOffer?: string } = {},
): SafeHtml {
  return sheetPage(ctx, {
    mode: 'device',
    template,
    pageId,
    answers,
    formAction: writeUrl(template.key, pageId),
    pageUrl: (id) => writeUrl(template.key, id),
    hidden: { state: encodeState(answers) },
    pdfUrl: `/write/${template.key}/pdf`,
    hintsUrl: `/write/${template.key}/hints`,
    answersFrom: o.answersFrom ?? 'server',
    ...(o.errors ? { errors: o.errors } : {}),
    ...(o.notice ? { notice: o.notice } : {}),
    ...(o.ownerName !== undefined ? { ownerName: o.ownerName } : {}),
    ...(o.draftOffer ? { draftOffer: o.draftOffer } : {}),
  });
}

/** A device state that cannot be read: the same page wherever a sheet is carried. */
export function invalidState(ctx: RequestContext) {
  return { status: 400, body: errorPage(ctx, 'badRequest', ctx.t.sheet.stateInvalid) };
}

/** Lenient: the helper reads whatever text came, even over a limit, and never refuses it. */
function answersFromJson(template: SheetTemplate, body: unknown): StatementAnswers {
  const raw = body && typeof body === 'object' ? (body as { answers?: unknown }).answers : undefined;
  if (!raw || typeof raw !== 'object') return emptyAnswers(template);
  const a = raw as { fields?: Record<string, unknown>; summary?: unknown };
  const data: FormDataLike = {};
  for (const step of template.steps) {
    for (const f of step.fields) {
      const v = a.fields?.[f.key];
      if (typeof v === 'string') data[f.key] = v;
      else if (Array.isArray(v)) data[f.key] = v.filter((x): x is string => typeof x === 'string');
    }
  }
  if (typeof a.summary === 'string') data['summary'] = a.summary;
  return parseAnswers(template, data).answers;
}

export const writeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/write',
    permission: 'public',
    handler: async (ctx) => ({ status: 200, body: writeChooserPage(ctx, builtinTemplates, (tpl) => writeUrl(tpl.key, pagesOf(tpl)[0]!.id)) }),
  },
  // "Delete what I wrote in this browser": one confirmation, then the browser is asked to drop
  // everything this site keeps in it (and the page's script does the same).
  { method: 'GET', path: '/write/clear', permission: 'public', handler: async (ctx) => ({ status: 200, body: writeClearPage(ctx) }) },
  {
    method: 'POST',
    path: '/write/clear',
    permission: 'public',
    handler: async (ctx) => ({ status: 200, headers: CLEAR_BROWSER, body: writeClearedPage(ctx) }),
  },
  {
    // Before /write/:template/:page, so that "pdf" is not taken for a page id.
    method: 'POST',
    path: '/write/:template/pdf',
    permission: 'public',
    sample: { template: 'personal-statement' },
    handler: async (ctx) => {
      const template = templateParam(ctx);
      const form = await ctx.form();
      const decoded = decodeState(template, form.get('state'));
      if (!decoded.ok) return invalidState(ctx);
      const ownerName = form.string('ownerName').trim();
      if (ownerNameTooLong(ownerName)) {
        const text = ctx.t.sheet.ownerNameTooLong(String(OWNER_NAME_MAX));
        const error: AnswerError = { field: 'ownerName', limit: OWNER_NAME_MAX, length: ownerName.length, message: { da: text, en: text } };
        return { status: 400, body: render(ctx, template, 'done', decoded.answers, { errors: [error], ownerName }) };
      }
      const pdf = (await pdfLayouts.statement()).renderStatementPdf(
        statementPdfView(template, decoded.answers, ctx.locale, { ownerName, footer: ctx.t.sheet.pdfFooter }),
      );
      return {
        status: 200,
        headers: { ...pdfDownloadHeaders(template.title[ctx.locale], ctx.deps.now()), 'cache-control': 'no-store' },
        body: pdf,
      };
    },
  },
  {
    // A blank sheet to print and fill in by hand. Nothing of the person is in it.
    method: 'GET',
    path: '/write/:template/worksheet',
    permission: 'public',
    sample: { template: 'personal-statement' },
    handler: async (ctx) => {
      const template = templateParam(ctx);
      const t = ctx.t.sheet;
      const pdf = (await pdfLayouts.worksheet()).renderWorksheetPdf(template, ctx.locale, {
        intro: t.worksheetIntro,
        summaryPrompt: t.worksheetSummaryPrompt,
        selfCheckHeading: t.selfCheckLegend,
        footer: t.worksheetFooter,
      });
      return {
        status: 200,
        headers: pdfDownloadHeaders(t.worksheetFileName(template.title[ctx.locale]), undefined, 'inline'),
        body: pdf,
      };
    },
  },
  {
    // The writing helper for a browser that keeps the answers itself. Answers in, hints out.
    method: 'POST',
    path: '/write/:template/hints',
    permission: 'public',
    sample: { template: 'personal-statement' },
    handler: async (ctx) => {
      const template = templateParam(ctx);
      const answers = answersFromJson(template, await ctx.json());
      const body = { fields: hintMessages(template, answers, ctx.locale, ctx.t.sheet), overall: overallLix(template, answers, ctx.locale, ctx.t.sheet) };
      return { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
    },
  },
  route({
    // Professional terms in what a professional is writing for a citizen (the decision record),
    // while they write: text in, terms out, nothing kept. Public, as the professional may write by link.
    method: 'POST',
    path: '/helper/jargon',
    permission: 'public',
    input: jsonInput(z.object({ text: z.string().max(5000) })),
    handler: async (ctx) => ({
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({ terms: jargonTerms(ctx.input.text, ctx.locale) }),
    }),
  }),
  {
    method: 'GET',
    path: '/write/:template/:page',
    permission: 'public',
    sample: { template: 'personal-statement', page: 'who' },
    handler: async (ctx) => {
      const template = templateParam(ctx);
      const pageId = pageParam(ctx, template);
      return { status: 200, body: render(ctx, template, pageId, emptyAnswers(template), { answersFrom: 'device' }) };
    },
  },
  {
    method: 'POST',
    path: '/write/:template/:page',
    permission: 'public',
    sample: { template: 'personal-statement', page: 'who' },
    handler: async (ctx) => {
      const template = templateParam(ctx);
      const pageId = pageParam(ctx, template);
      const form = await ctx.form();
      const posted = pageFieldNames(template, pageId).filter((n) => form.has(n));
      const base = decodeState(template, form.get('state'), posted);
      if (!base.ok) return invalidState(ctx);
      const action = parseSheetAction(form.get('action'));
      let post = readPagePost(template, base.answers, pageId, form);
      let draftNotice: SafeHtml | undefined;
      let draftOffer: string | undefined;
      if (post.errors.length === 0 && !post.foreign && isDraftAction(action) && pageId === 'compose') {
        const drafted = withDraft(template, post.answers, ctx.locale, action);
        const key = draftNoticeKey(drafted);
        if (key) draftNotice = notice(ctx.t.sheet[key], drafted.kind === 'empty' ? 'info' : 'success');
        if (drafted.kind === 'offered') draftOffer = drafted.draft;
        post = readPagePost(template, drafted.answers, pageId, { has: () => false, all: () => [] });
      }
      // Only this page's fields can be over a limit: everything else was checked with the state.
      if (post.foreign) return invalidState(ctx);
      if (post.errors.length) {
        return { status: 400, body: render(ctx, template, pageId, post.answers, { errors: post.errors, ...(draftNotice ? { notice: draftNotice } : {}) }) };
      }
      if (isDraftAction(action) || action === 'stay') {
        return {
          status: 200,
          body: render(ctx, template, pageId, post.answers, { ...(draftNotice ? { notice: draftNotice } : {}), ...(draftOffer ? { draftOffer } : {}) }),
        };
      }
      const target = nextPage(template, pageId, action);
      return { status: 200, body: render(ctx, template, target.id, post.answers) };
    },
  },
];
