import type { RequestContext, Route } from '../http/types.ts';
import { route } from '../http/types.ts';
import { isUuid } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { pdfDownloadHeaders } from '../http/download.ts';
import { NotFound } from '../errors.ts';
import { HttpError } from '../http/body.ts';
import { formInput, type InputFailure } from '../http/input.ts';
import { openByLink, openForRecipient, saveProfessionalDecisions, sharesForMe, type PlanWriter, type SharedView } from '../services/shares.ts';
import { decisionForm, partyEdit, type DecisionForm } from './decision-form.ts';
import { applyEdit, emptyRecord, type DecisionRecord } from '../../domain/decisions/record.ts';
import { inboxPage, sharedPage, unavailablePage } from '../views/pages/shared.ts';
import { statementPdfView } from '../pdf/statement-view.ts';
import { pdfLayouts } from '../pdf-layouts.ts';

/**
 * A shared sheet's PDF is named by its printed title and the day of its meeting ("… til mødet
 * 10.12.2026.pdf"), or the day its copy was made: never by the name the citizen gave it for herself.
 */
function sharedPdfHeaders(ctx: RequestContext, view: SharedView): Record<string, string> {
  const title = view.snapshot.template.title[ctx.locale];
  return view.meeting ? pdfDownloadHeaders(ctx.t.sheet.meetingFileName(title), view.meeting.startsAt) : pdfDownloadHeaders(title, view.snapshot.createdAt);
}

async function sharedPdf(ctx: RequestContext, view: SharedView): Promise<Buffer> {
  return (await pdfLayouts.statement()).renderStatementPdf(
    statementPdfView(view.snapshot.template, view.snapshot.answers, ctx.locale, { ownerName: view.snapshot.ownerName }),
  );
}

// One kind answer for unknown, expired and revoked links: nothing tells them apart.
const unavailable = (ctx: RequestContext) => ({ status: 404, body: unavailablePage(ctx) });

type PlanUrls = { pdf: string; plan: string };

/** The professional's draft on top of the saved record, to show again with its errors. */
function draftOf(view: SharedView, values: Record<string, unknown>): DecisionRecord {
  return applyEdit(view.decisions?.record ?? emptyRecord(), 'professional', partyEdit(values, 'professional'), () => '');
}

function invalidPlan(ctx: RequestContext, view: SharedView, urls: PlanUrls, failure: InputFailure) {
  return { status: 400, body: sharedPage(ctx, view, urls, { draft: draftOf(view, failure.values), errors: failure.errors }) };
}

async function handlePlanPost(ctx: RequestContext, view: SharedView, writer: PlanWriter, urls: PlanUrls, input: DecisionForm) {
  const result = await saveProfessionalDecisions(ctx.deps, view.share.id, writer, partyEdit(input, 'professional'), input.revision);
  if (!result.ok && result.reason === 'notAllowed') throw new HttpError(403, 'forbidden');
  if (!result.ok) {
    const fresh = { ...view, decisions: result.current };
    return { status: 409, body: sharedPage(ctx, fresh, urls, { draft: draftOf(fresh, input), conflict: true }) };
  }
  const anchor = input.action === 'addOption' ? '#options' : input.action === 'addDecision' ? '#decided' : '';
  return redirect(`${urls.plan.replace(/\/plan$/, '')}?planSaved=1${anchor}`);
}

const linkUrls = (token: string): PlanUrls => ({ pdf: `/s/${token}/pdf`, plan: `/s/${token}/plan` });
const recipientUrls = (id: string): PlanUrls => ({ pdf: `/shared/${id}/pdf`, plan: `/shared/${id}/plan` });

function shareIdParam(ctx: RequestContext): string {
  const id = ctx.params.shareId!;
  if (!isUuid(id)) throw new NotFound();
  return id;
}

export const sharedRoutes: Route[] = [
  {
    method: 'GET',
    path: '/s/:token',
    permission: 'public',
    sample: { token: 'x'.repeat(43) },
    handler: async (ctx) => {
      const token = ctx.params.token!;
      const result = await openByLink(ctx.deps, token, ctx.ip, 'view');
      if (!result.ok) return unavailable(ctx);
      return { status: 200, body: sharedPage(ctx, result.view, linkUrls(token), { saved: ctx.url.searchParams.has('planSaved') }) };
    },
  },
  {
    method: 'GET',
    path: '/s/:token/pdf',
    permission: 'public',
    handler: async (ctx) => {
      const result = await openByLink(ctx.deps, ctx.params.token!, ctx.ip, 'download');
      if (!result.ok) return unavailable(ctx);
      return {
        status: 200,
        headers: sharedPdfHeaders(ctx, result.view),
        body: await sharedPdf(ctx, result.view),
      };
    },
  },
  route({
    method: 'POST',
    path: '/s/:token/plan',
    permission: 'public',
    input: formInput(decisionForm),
    invalid: async (ctx, failure) => {
      const token = ctx.params.token!;
      const result = await openByLink(ctx.deps, token, ctx.ip, 'plan');
      if (!result.ok) return unavailable(ctx);
      return invalidPlan(ctx, result.view, linkUrls(token), failure);
    },
    handler: async (ctx) => {
      const token = ctx.params.token!;
      const result = await openByLink(ctx.deps, token, ctx.ip, 'plan');
      if (!result.ok) return unavailable(ctx);
      return handlePlanPost(ctx, result.view, { kind: 'link', signedInUserId: ctx.actor.kind === 'user' ? ctx.actor.id : null }, linkUrls(token), ctx.input);
    },
  }),
  {
    method: 'GET',
    path: '/shared',
    permission: 'staff',
    handler: async (ctx) => ({ status: 200, body: inboxPage(ctx, await sharesForMe(ctx.deps, ctx.actor)) }),
  },
  {
    method: 'GET',
    path: '/shared/:shareId',
    permission: 'staff',
    handler: async (ctx) => {
      const id = shareIdParam(ctx);
      const view = await openForRecipient(ctx.deps, ctx.actor, id, 'view');
      return { status: 200, body: sharedPage(ctx, view, recipientUrls(id), { saved: ctx.url.searchParams.has('planSaved') }) };
    },
  },
  {
    method: 'GET',
    path: '/shared/:shareId/pdf',
    permission: 'staff',
    handler: async (ctx) => {
      const view = await openForRecipient(ctx.deps, ctx.actor, shareIdParam(ctx), 'download');
      return {
        status: 200,
        headers: sharedPdfHeaders(ctx, view),
        body: await sharedPdf(ctx, view),
      };
    },
  },
  route({
    method: 'POST',
    path: '/shared/:shareId/plan',
    permission: 'staff',
    input: formInput(decisionForm),
    invalid: async (ctx, failure) => {
      const id = shareIdParam(ctx);
      return invalidPlan(ctx, await openForRecipient(ctx.deps, ctx.actor, id, 'plan'), recipientUrls(id), failure);
    },
    handler: async (ctx) => {
      const id = shareIdParam(ctx);
      const view = await openForRecipient(ctx.deps, ctx.actor, id, 'plan');
      if (ctx.actor.kind !== 'user') throw new NotFound();
      return handlePlanPost(ctx, view, { kind: 'recipient', actor: ctx.actor }, recipientUrls(id), ctx.input);
    },
  }),
];
