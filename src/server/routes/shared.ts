import type { RequestContext, Route } from '../http/types.ts';
import { isUuid } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { NotFound } from '../errors.ts';
import { HttpError } from '../http/body.ts';
import { openByLink, openForRecipient, planSchema, savePlan, sharesForMe, type PlanWriter, type SharedView } from '../services/shares.ts';
import { inboxPage, sharedPage, unavailablePage } from '../views/pages/shared.ts';
import { statementPdfView } from '../pdf/statement-view.ts';
import { renderStatementPdf } from '../pdf/statement-pdf.ts';
import type { Errors } from '../views/components.ts';


function sharedPdf(ctx: RequestContext, view: SharedView): Buffer {
  return renderStatementPdf(statementPdfView(view.snapshot.template, view.snapshot.answers, ctx.locale, { ownerName: view.snapshot.ownerName }));
}

// One kind answer for unknown, expired and revoked links: nothing tells them apart.
const unavailable = (ctx: RequestContext) => ({ status: 404, body: unavailablePage(ctx) });

async function handlePlanPost(ctx: RequestContext, view: SharedView, writer: PlanWriter, urls: { pdf: string; plan: string }) {
  const form = await ctx.form();
  const draft = { text: form.string('text').trim(), author: form.string('author').trim() };
  const parsed = planSchema.safeParse(draft);
  if (!parsed.success) {
    const errors: Errors = { text: draft.text ? ctx.t.form.tooLong(5000, draft.text.length) : ctx.t.form.required };
    return { status: 400, body: sharedPage(ctx, view, urls, { planDraft: draft, planErrors: errors }) };
  }
  const rev = form.get('revision');
  const result = await savePlan(ctx.deps, view.share.id, writer, parsed.data, rev && /^\d+$/.test(rev) ? Number(rev) : null);
  if (!result.ok && result.reason === 'notAllowed') throw new HttpError(403, 'forbidden');
  if (!result.ok && result.reason === 'conflict') {
    return { status: 409, body: sharedPage(ctx, { ...view, plan: result.current }, urls, { planDraft: draft, planConflict: true }) };
  }
  return redirect(`${urls.plan.replace(/\/plan$/, '')}?planSaved=1`);
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
      return { status: 200, body: sharedPage(ctx, result.view, { pdf: `/s/${token}/pdf`, plan: `/s/${token}/plan` }, { planSaved: ctx.url.searchParams.has('planSaved') }) };
    },
  },
  {
    method: 'GET',
    path: '/s/:token/pdf',
    permission: 'public',
    handler: async (ctx) => {
      const result = await openByLink(ctx.deps, ctx.params.token!, ctx.ip, 'download');
      if (!result.ok) return unavailable(ctx);
      return { status: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="egne-ord.pdf"' }, body: sharedPdf(ctx, result.view) };
    },
  },
  {
    method: 'POST',
    path: '/s/:token/plan',
    permission: 'public',
    handler: async (ctx) => {
      const token = ctx.params.token!;
      const result = await openByLink(ctx.deps, token, ctx.ip, 'plan');
      if (!result.ok) return unavailable(ctx);
      return handlePlanPost(ctx, result.view, { kind: 'link', signedInUserId: ctx.actor.kind === 'user' ? ctx.actor.id : null }, { pdf: `/s/${token}/pdf`, plan: `/s/${token}/plan` });
    },
  },
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
      const id = ctx.params.shareId!;
      if (!isUuid(id)) throw new NotFound();
      const view = await openForRecipient(ctx.deps, ctx.actor, id, 'view');
      return { status: 200, body: sharedPage(ctx, view, { pdf: `/shared/${id}/pdf`, plan: `/shared/${id}/plan` }, { planSaved: ctx.url.searchParams.has('planSaved') }) };
    },
  },
  {
    method: 'GET',
    path: '/shared/:shareId/pdf',
    permission: 'staff',
    handler: async (ctx) => {
      const id = ctx.params.shareId!;
      if (!isUuid(id)) throw new NotFound();
      const view = await openForRecipient(ctx.deps, ctx.actor, id, 'download');
      return { status: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="egne-ord.pdf"' }, body: sharedPdf(ctx, view) };
    },
  },
  {
    method: 'POST',
    path: '/shared/:shareId/plan',
    permission: 'staff',
    handler: async (ctx) => {
      const id = ctx.params.shareId!;
      if (!isUuid(id)) throw new NotFound();
      const view = await openForRecipient(ctx.deps, ctx.actor, id, 'plan');
      if (ctx.actor.kind !== 'user') throw new NotFound();
      return handlePlanPost(ctx, view, { kind: 'recipient', actor: ctx.actor }, { pdf: `/shared/${id}/pdf`, plan: `/shared/${id}/plan` });
    },
  },
];
