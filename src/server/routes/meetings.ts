import { z } from 'zod';
import type { RequestContext, Route } from '../http/types.ts';
import { route } from '../http/types.ts';
import { idParam, publicOrigin } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { pdfDownloadHeaders } from '../http/download.ts';
import { NotFound } from '../errors.ts';
import { HttpError } from '../http/body.ts';
import { checkbox, formInput } from '../http/input.ts';
import { createMeeting, deleteMeeting, listMeetings, meetingFormOptions, openMeeting, refreshSnapshot, saveFollowUp } from '../services/meetings.ts';
import { createShare, revokeShare, shareTokenMatches } from '../services/shares.ts';
import { meetingBundle } from '../services/fhir.ts';
import { offerCheckIn } from '../services/evaluation/responses.ts';
import { submissionKey } from './evaluation.ts';
import { followUpFromForm, formatWhen, meetingPage, meetingsPage } from '../views/pages/meetings.ts';
import { meetingYearPlausible, parseLocalDateTime } from '../../domain/time/copenhagen.ts';
import { statementPdfView } from '../pdf/statement-view.ts';
import { qrSvg } from './accounts.ts';
import type { MeetingDetail } from '../services/meetings.ts';
import type { Errors } from '../views/components.ts';
import { saveCitizenDecisions } from '../services/decisions.ts';
import { citizenDecisionsPage, sheetParts } from '../views/pages/decisions.ts';
import { decisionForm, partyEdit } from './decision-form.ts';
import { applyEdit, type DecisionRecord } from '../../domain/decisions/record.ts';
import { pdfLayouts } from '../pdf-layouts.ts';

const text = (max: number) => z.preprocess((v) => v ?? '', z.string().trim().max(max));
const optionalId = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.uuid().nullable());

const meetingForm = z.object({
  when: z.preprocess(
    (v) => v ?? '',
    z.string().transform((v, c) => {
      const at = parseLocalDateTime(v);
      // The machine's clock, not the installation's: a window of years does not move with the
      // few days a test may set that clock off by.
      if (at && meetingYearPlausible(at, new Date())) return at;
      c.addIssue({ code: 'custom', message: at ? 'meetings.whenYear' : 'meetings.invalidWhen' });
      return z.NEVER;
    }),
  ),
  withWhom: z.string().trim().min(1, 'meetings.withWhomMissing').max(200),
  purpose: text(300),
  siteId: optionalId,
  statementId: optionalId,
  reminder: checkbox,
});

const shareForm = z.object({
  days: z.preprocess((v) => (v === undefined || v === '' ? 7 : Number(v)), z.number().int().min(1).max(90)),
  allowPlan: checkbox,
  recipientUsername: text(40),
  recipientLabel: text(100),
});

// The answers per item (help.N, red.N, checkIn.*) depend on what was brought: they pass through
// here and are read, only for the items that exist, by followUpFromForm.
const followUpForm = z.looseObject({
  agreed: text(5000),
  disagreement: text(5000),
  withPeer: checkbox,
  revision: z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null), z.number().nullable()),
});

const field = (values: Record<string, string | string[]>, name: string) => {
  const v = values[name];
  return typeof v === 'string' ? v : '';
};

export async function snapshotPdf(ctx: RequestContext, detail: MeetingDetail, qr?: { url: string; caption: string }): Promise<Buffer> {
  if (!detail.snapshot) throw new NotFound();
  const view = statementPdfView(detail.snapshot.template, detail.snapshot.answers, ctx.locale, {
    ownerName: detail.snapshot.ownerName,
    meetingLine: ctx.t.meetings.meetingLine(detail.meeting.withWhom, formatWhen(ctx, detail.meeting.startsAt)),
  });
  return (await pdfLayouts.statement()).renderStatementPdf({ ...view, ...(qr ? { qr } : {}) });
}

/** "Personligt statement til mødet 10.12.2026.pdf": the sheet's printed title and the meeting's day. */
function pdfHeaders(ctx: RequestContext, detail: MeetingDetail): Record<string, string> {
  const title = detail.snapshot ? detail.snapshot.template.title[ctx.locale] : '';
  return pdfDownloadHeaders(ctx.t.sheet.meetingFileName(title), detail.meeting.startsAt);
}

/** The citizen's draft on top of the saved record, to show again. */
function citizenDraft(detail: MeetingDetail, values: Record<string, unknown>): DecisionRecord {
  return applyEdit(detail.decisions.record, 'citizen', partyEdit(values, 'citizen'), () => '');
}

function decisionsPage(ctx: RequestContext, detail: MeetingDetail, extra: { draft?: DecisionRecord; errors?: Errors; conflict?: boolean; saved?: boolean }) {
  const names = { citizen: ctx.t.decisions.you, professional: detail.decisions.record.professionalName || ctx.t.decisions.professional };
  return citizenDecisionsPage(ctx, {
    meetingId: detail.meeting.id,
    when: formatWhen(ctx, detail.meeting.startsAt),
    view: detail.decisions,
    sheet: sheetParts(detail.snapshot),
    names,
    ...extra,
  });
}

export const meetingRoutes: Route[] = [
  {
    method: 'GET',
    path: '/meetings',
    permission: 'citizen',
    handler: async (ctx) => ({
      status: 200,
      body: meetingsPage(ctx, await listMeetings(ctx.deps, ctx.actor), {
        ...(await meetingFormOptions(ctx.deps, ctx.actor)),
        ...(ctx.url.searchParams.has('deleted') ? { info: ctx.t.meetings.deleted } : {}),
      }),
    }),
  },
  route({
    method: 'POST',
    path: '/meetings',
    permission: 'citizen',
    input: formInput(meetingForm),
    invalid: async (ctx, failure) => {
      const v = failure.values;
      const values = {
        when: field(v, 'when'),
        withWhom: field(v, 'withWhom'),
        purpose: field(v, 'purpose'),
        siteId: field(v, 'siteId'),
        statementId: field(v, 'statementId'),
        reminder: 'reminder' in v,
      };
      return {
        status: 400,
        body: meetingsPage(ctx, await listMeetings(ctx.deps, ctx.actor), {
          ...(await meetingFormOptions(ctx.deps, ctx.actor)),
          values,
          errors: failure.errors,
        }),
      };
    },
    handler: async (ctx) => {
      const { when, ...rest } = ctx.input;
      const id = await createMeeting(ctx.deps, ctx.actor, { startsAt: when, ...rest });
      return redirect(`/meetings/${id}`);
    },
  }),
  {
    method: 'GET',
    path: '/meetings/:id',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx);
      const detail = await openMeeting(ctx.deps, ctx.actor, id);
      // Once the meeting has been, its check-in is asked here, once.
      const checkIn =
        detail.meeting.past && detail.meeting.checkIn === 'open' ? { open: await offerCheckIn(ctx.deps, ctx.actor, id), submissionKey: submissionKey() } : null;
      const info = ctx.url.searchParams.has('revoked')
        ? ctx.t.meetings.shareRevoked_
        : ctx.url.searchParams.has('commentDeleted')
          ? ctx.t.support.commentDeleted
          : ctx.url.searchParams.has('marked')
            ? ctx.t.progress.saved
            : ctx.url.searchParams.has('reminded')
              ? ctx.t.progress.reminderSaved
              : ctx.url.searchParams.has('reminderRemoved')
                ? ctx.t.progress.reminderRemoved
                : undefined;
      const followUpSaved = ctx.url.searchParams.has('saved');
      return {
        status: 200,
        body: meetingPage(ctx, detail, { ...(info ? { info } : {}), ...(checkIn ? { checkIn } : {}), ...(followUpSaved ? { followUpSaved } : {}) }),
      };
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
      return { status: 200, headers: pdfHeaders(ctx, detail), body: await snapshotPdf(ctx, detail) };
    },
  },
  route({
    method: 'POST',
    path: '/meetings/:id/shares',
    permission: 'citizen',
    input: formInput(shareForm),
    handler: async (ctx) => {
      const id = idParam(ctx);
      const result = await createShare(ctx.deps, ctx.actor, id, ctx.input, ctx.ip);
      const detail = await openMeeting(ctx.deps, ctx.actor, id);
      if (!result.ok) {
        const shareErrors: Errors =
          result.reason === 'unknownRecipient' ? { recipientUsername: ctx.t.meetings.shareUnknownRecipient } : { days: ctx.t.meetings.shareNoStatement };
        return { status: 400, body: meetingPage(ctx, detail, { shareErrors }) };
      }
      const url = `${publicOrigin(ctx)}/s/${result.token}`;
      return {
        status: 201,
        body: meetingPage(ctx, detail, { created: { token: result.token, shareId: result.shareId, url, qrSvg: await qrSvg(url, ctx.t.meetings.shareQr) } }),
      };
    },
  }),
  {
    method: 'POST',
    path: '/meetings/:id/shares/:shareId/pdf',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx);
      const form = await ctx.form();
      const token = form.string('token');
      if (!/^[A-Za-z0-9_-]{43}$/.test(token) || !(await shareTokenMatches(ctx.deps, ctx.actor, id, idParam(ctx, 'shareId'), token)))
        throw new HttpError(400, 'badRequest');
      const detail = await openMeeting(ctx.deps, ctx.actor, id);
      const url = `${publicOrigin(ctx)}/s/${token}`;
      return { status: 200, headers: pdfHeaders(ctx, detail), body: await snapshotPdf(ctx, detail, { url, caption: ctx.t.meetings.shareQr }) };
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
  route({
    method: 'POST',
    path: '/meetings/:id/follow-up',
    permission: 'citizen',
    input: formInput(followUpForm),
    invalid: async (ctx, failure) => ({
      status: 400,
      body: meetingPage(ctx, await openMeeting(ctx.deps, ctx.actor, idParam(ctx)), { followUpErrors: failure.errors }),
    }),
    handler: async (ctx) => {
      const id = idParam(ctx);
      const detail = await openMeeting(ctx.deps, ctx.actor, id);
      const counts = sheetParts(detail.snapshot);
      // Check-in answers kept with the follow-up from before the check-in was asked once stay as they were.
      const content = {
        ...followUpFromForm(ctx.input, { help: counts.help.length, redLines: counts.redLines.length }),
        checkIn: detail.followUp?.content.checkIn ?? {},
      };
      const result = await saveFollowUp(ctx.deps, ctx.actor, id, content, ctx.input.withPeer, ctx.input.revision);
      if (!result.ok) {
        const fresh = await openMeeting(ctx.deps, ctx.actor, id);
        return { status: 409, body: meetingPage(ctx, fresh, { followUpConflict: true }) };
      }
      return redirect(`/meetings/${id}?saved=1#my-side`);
    },
  }),
  {
    method: 'GET',
    path: '/meetings/:id/decisions',
    permission: 'citizen',
    handler: async (ctx) => ({
      status: 200,
      body: decisionsPage(ctx, await openMeeting(ctx.deps, ctx.actor, idParam(ctx)), { saved: ctx.url.searchParams.has('saved') }),
    }),
  },
  route({
    method: 'POST',
    path: '/meetings/:id/decisions',
    permission: 'citizen',
    input: formInput(decisionForm),
    invalid: async (ctx, failure) => {
      const detail = await openMeeting(ctx.deps, ctx.actor, idParam(ctx));
      return { status: 400, body: decisionsPage(ctx, detail, { draft: citizenDraft(detail, failure.values), errors: failure.errors }) };
    },
    handler: async (ctx) => {
      const id = idParam(ctx);
      const result = await saveCitizenDecisions(ctx.deps, ctx.actor, id, partyEdit(ctx.input, 'citizen'), ctx.input.revision);
      if (!result.ok) {
        const fresh = await openMeeting(ctx.deps, ctx.actor, id);
        return { status: 409, body: decisionsPage(ctx, fresh, { draft: citizenDraft(fresh, ctx.input), conflict: true }) };
      }
      const anchor = ctx.input.action === 'addOption' ? '#options' : ctx.input.action === 'addDecision' ? '#decided' : '';
      return redirect(`/meetings/${id}/decisions?saved=1${anchor}`);
    },
  }),
  {
    method: 'GET',
    path: '/meetings/:id/fhir',
    permission: 'citizen',
    handler: async (ctx) => {
      const detail = await openMeeting(ctx.deps, ctx.actor, idParam(ctx));
      const pdf = detail.snapshot ? await snapshotPdf(ctx, detail) : null;
      const bundle = meetingBundle(detail, pdf, ctx.deps.now(), publicOrigin(ctx));
      return {
        status: 200,
        headers: { 'content-type': 'application/fhir+json; charset=utf-8', 'content-disposition': 'attachment; filename="egne-ord-fhir.json"' },
        body: JSON.stringify(bundle, null, 2),
      };
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
