import type { RequestContext, Route } from '../http/types.ts';
import { idParam, publicOrigin } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { NotFound } from '../errors.ts';
import { HttpError } from '../http/body.ts';
import { createMeeting, deleteMeeting, listMeetings, meetingInputSchema, openMeeting, refreshSnapshot, saveFollowUp, followUpSchema } from '../services/meetings.ts';
import { accessLog, createShare, revokeShare, shareInputSchema, shareTokenMatches } from '../services/shares.ts';
import { listStatements } from '../services/statements.ts';
import { meetingBundle } from '../services/fhir.ts';
import { followUpFromForm, formatWhen, helpAndRedLines, meetingPage, meetingsPage, type MeetingFormValues } from '../views/pages/meetings.ts';
import { parseLocalDateTime } from '../../domain/time/copenhagen.ts';
import { statementPdfView } from '../pdf/statement-view.ts';
import { renderStatementPdf } from '../pdf/statement-pdf.ts';
import { qrSvg } from './accounts.ts';
import type { MeetingDetail } from '../services/meetings.ts';
import type { Errors } from '../views/components.ts';

async function formOptions(ctx: RequestContext) {
  const statements = (await listStatements(ctx.deps, ctx.actor)).map((s) => ({ id: s.id, purpose: s.purpose }));
  const sites = await ctx.deps.db.selectFrom('sites').innerJoin('organisations', 'organisations.id', 'sites.organisation_id').select(['sites.id', 'sites.name', 'organisations.name as org']).orderBy('organisations.name').orderBy('sites.name').limit(500).execute();
  return { statements, sites: sites.map((s) => ({ id: s.id, name: `${s.name} (${s.org})` })) };
}

async function views(ctx: RequestContext, detail: MeetingDetail) {
  // Only this meeting's links, read from the log by their ids; the citizen's own actions on
  // them (making, closing) are not "who has seen it".
  const entries = await accessLog(ctx.deps, ctx.actor, { objectType: 'share', objectIds: detail.shares.map((s) => s.id) });
  return entries.filter((e) => e.action !== 'share.create' && e.action !== 'share.revoke');
}

export function snapshotPdf(ctx: RequestContext, detail: MeetingDetail, qr?: { url: string; caption: string }): Buffer {
  if (!detail.snapshot) throw new NotFound();
  const view = statementPdfView(detail.snapshot.template, detail.snapshot.answers, ctx.locale, {
    ownerName: detail.snapshot.ownerName,
    meetingLine: ctx.t.meetings.meetingLine(detail.meeting.withWhom, formatWhen(ctx, detail.meeting.startsAt)),
  });
  return renderStatementPdf({ ...view, ...(qr ? { qr } : {}) });
}

const pdfHeaders = { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="egne-ord.pdf"' };

export const meetingRoutes: Route[] = [
  {
    method: 'GET',
    path: '/meetings',
    permission: 'citizen',
    handler: async (ctx) => ({ status: 200, body: meetingsPage(ctx, await listMeetings(ctx.deps, ctx.actor), { ...(await formOptions(ctx)), ...(ctx.url.searchParams.has('deleted') ? { info: ctx.t.meetings.deleted } : {}) }) }),
  },
  {
    method: 'POST',
    path: '/meetings',
    permission: 'citizen',
    handler: async (ctx) => {
      const form = await ctx.form();
      const values: MeetingFormValues = { when: form.string('when'), withWhom: form.string('withWhom'), purpose: form.string('purpose'), siteId: form.string('siteId'), statementId: form.string('statementId'), reminder: form.has('reminder') };
      const errors: Errors = {};
      const startsAt = parseLocalDateTime(values.when ?? '');
      if (!startsAt) errors.when = ctx.t.meetings.invalidWhen;
      if (!values.withWhom?.trim()) errors.withWhom = ctx.t.form.required;
      else if (values.withWhom.length > 200) errors.withWhom = ctx.t.form.tooLong(200, values.withWhom.length);
      if ((values.purpose ?? '').length > 300) errors.purpose = ctx.t.form.tooLong(300, values.purpose!.length);
      if (Object.keys(errors).length) return { status: 400, body: meetingsPage(ctx, await listMeetings(ctx.deps, ctx.actor), { ...(await formOptions(ctx)), values, errors }) };
      const parsed = meetingInputSchema.safeParse({ startsAt, withWhom: values.withWhom, purpose: values.purpose ?? '', siteId: values.siteId || null, statementId: values.statementId || null, reminder: values.reminder });
      if (!parsed.success) throw new HttpError(400, 'badRequest');
      const id = await createMeeting(ctx.deps, ctx.actor, parsed.data);
      return redirect(`/meetings/${id}`);
    },
  },
  {
    method: 'GET',
    path: '/meetings/:id',
    permission: 'citizen',
    handler: async (ctx) => {
      const detail = await openMeeting(ctx.deps, ctx.actor, idParam(ctx));
      const info = ctx.url.searchParams.has('revoked') ? ctx.t.meetings.shareRevoked_ : ctx.url.searchParams.has('saved') ? ctx.t.meetings.followUpSaved : undefined;
      return { status: 200, body: meetingPage(ctx, detail, { views: await views(ctx, detail), ...(info ? { info } : {}) }) };
    },
  },
  {
    method: 'POST',
    path: '/meetings/:id/snapshot',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx);
      await refreshSnapshot(ctx.deps, ctx.actor, id);
      return redirect(`/meetings/${id}`);
    },
  },
  {
    method: 'GET',
    path: '/meetings/:id/pdf',
    permission: 'citizen',
    handler: async (ctx) => {
      const detail = await openMeeting(ctx.deps, ctx.actor, idParam(ctx));
      return { status: 200, headers: pdfHeaders, body: snapshotPdf(ctx, detail) };
    },
  },
  {
    method: 'POST',
    path: '/meetings/:id/shares',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx);
      const form = await ctx.form();
      const parsed = shareInputSchema.safeParse({ days: Number(form.string('days') || '7'), allowPlan: form.has('allowPlan'), recipientUsername: form.string('recipientUsername'), recipientLabel: form.string('recipientLabel') });
      if (!parsed.success) throw new HttpError(400, 'badRequest');
      const result = await createShare(ctx.deps, ctx.actor, id, parsed.data);
      const detail = await openMeeting(ctx.deps, ctx.actor, id);
      if (!result.ok) {
        const shareErrors: Errors = result.reason === 'unknownRecipient' ? { recipientUsername: ctx.t.meetings.shareUnknownRecipient } : { days: ctx.t.meetings.shareNoStatement };
        return { status: 400, body: meetingPage(ctx, detail, { views: await views(ctx, detail), shareErrors }) };
      }
      const url = `${publicOrigin(ctx)}/s/${result.token}`;
      return { status: 201, body: meetingPage(ctx, detail, { views: await views(ctx, detail), created: { token: result.token, shareId: result.shareId, url, qrSvg: await qrSvg(url, ctx.t.meetings.shareQr) } }) };
    },
  },
  {
    method: 'POST',
    path: '/meetings/:id/shares/:shareId/pdf',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx);
      const form = await ctx.form();
      const token = form.string('token');
      if (!/^[A-Za-z0-9_-]{43}$/.test(token) || !(await shareTokenMatches(ctx.deps, ctx.actor, id, idParam(ctx, 'shareId'), token))) throw new HttpError(400, 'badRequest');
      const detail = await openMeeting(ctx.deps, ctx.actor, id);
      const url = `${publicOrigin(ctx)}/s/${token}`;
      return { status: 200, headers: pdfHeaders, body: snapshotPdf(ctx, detail, { url, caption: ctx.t.meetings.shareQr }) };
    },
  },
  {
    method: 'POST',
    path: '/meetings/:id/shares/:shareId/revoke',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx);
      await revokeShare(ctx.deps, ctx.actor, id, idParam(ctx, 'shareId'));
      return redirect(`/meetings/${id}?revoked=1`);
    },
  },
  {
    method: 'POST',
    path: '/meetings/:id/follow-up',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx);
      const form = await ctx.form();
      const detail = await openMeeting(ctx.deps, ctx.actor, id);
      const counts = detail.snapshot ? helpAndRedLines(detail.snapshot) : { help: [], redLines: [] };
      const content = followUpFromForm(form, { help: counts.help.length, redLines: counts.redLines.length });
      const parsed = followUpSchema.safeParse(content);
      if (!parsed.success) {
        return { status: 400, body: meetingPage(ctx, detail, { views: await views(ctx, detail), followUpErrors: { agreed: ctx.t.form.tooLong(5000, Math.max(content.agreed.length, content.disagreement.length)) } }) };
      }
      const rev = form.get('revision');
      const baseRevision = rev && /^\d+$/.test(rev) ? Number(rev) : null;
      const result = await saveFollowUp(ctx.deps, ctx.actor, id, parsed.data, form.has('withPeer'), baseRevision);
      if (!result.ok) {
        const fresh = await openMeeting(ctx.deps, ctx.actor, id);
        return { status: 409, body: meetingPage(ctx, fresh, { views: await views(ctx, fresh), followUpConflict: true }) };
      }
      return redirect(`/meetings/${id}?saved=1#follow-up`);
    },
  },
  {
    method: 'GET',
    path: '/meetings/:id/fhir',
    permission: 'citizen',
    handler: async (ctx) => {
      const detail = await openMeeting(ctx.deps, ctx.actor, idParam(ctx));
      const pdf = detail.snapshot ? snapshotPdf(ctx, detail) : null;
      const bundle = meetingBundle(detail, pdf, ctx.deps.now(), publicOrigin(ctx));
      return { status: 200, headers: { 'content-type': 'application/fhir+json; charset=utf-8', 'content-disposition': 'attachment; filename="egne-ord-fhir.json"' }, body: JSON.stringify(bundle, null, 2) };
    },
  },
  {
    method: 'POST',
    path: '/meetings/:id/delete',
    permission: 'citizen',
    handler: async (ctx) => {
      await deleteMeeting(ctx.deps, ctx.actor, idParam(ctx));
      return redirect('/meetings?deleted=1');
    },
  },
];
