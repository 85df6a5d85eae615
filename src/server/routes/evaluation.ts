import crypto from 'node:crypto';
import { idParam, isUuid, publicOrigin } from '../http/params.ts';
import { BadInput } from '../errors.ts';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { formInput, isoDate, many, uuid, wholeNumber } from '../http/input.ts';
import { z } from 'zod';
import { redirect } from '../http/app.ts';
import { HttpError } from '../http/body.ts';
import { createDistribution, createRound, distributedQuestionnaires } from '../services/evaluation/rounds.ts';
import { evaluationHome, roundOverview } from '../services/evaluation/overview.ts';
import {
  answerCheckIn,
  checkInForMeeting,
  openByLink,
  peerQuestionnaireFor,
  submitResponse,
  type OpenQuestionnaire,
} from '../services/evaluation/responses.ts';
import { releasedCounts, roundReport } from '../services/evaluation/reports.ts';
import { closePoll, createPoll, pollByCode, pollForPresenter, pollForVoter, vote, type PollResults } from '../services/evaluation/polls.ts';
import {
  evaluationHomePage,
  pollCodePage,
  pollVotePage,
  presenterPage,
  reportPage,
  roundPage,
  simpleMessagePage,
  surveyPage,
} from '../views/pages/evaluation.ts';
import { qrSvg } from './accounts.ts';
import { markCheckInOffered, openMeeting } from '../services/meetings.ts';
import { meetingPage } from '../views/pages/meetings.ts';
import { CODEBOOK_COLUMNS, RELEASED_COLUMNS, codebook, releasedRows, spreadsheetCsv, toCsv } from '../../domain/evaluation/csv.ts';
import { toFhirMeasureBundle } from '../../domain/evaluation/fhir.ts';
import { pdfLayouts } from '../pdf-layouts.ts';
import { pdfDownloadHeaders } from '../http/download.ts';

// A new round: the period must be real dates, the end not before the start.
const periodDay = z.string().refine((v) => isoDate.safeParse(v).success, 'evaluation.periodInvalid');
const roundForm = z
  .object({
    title: z.string().trim().min(1, 'evaluation.roundTitleMissing').max(200),
    method: z.string().trim().max(2000),
    startsOn: periodDay,
    endsOn: periodDay,
    siteIds: many(uuid).pipe(z.array(z.string()).max(500)),
    peerIds: many(uuid).pipe(z.array(z.string()).max(5000)),
    joinedOrganisationIds: many(uuid).pipe(z.array(z.string()).max(200)),
  })
  .refine((r) => r.endsOn >= r.startsOn, { path: ['endsOn'], message: 'evaluation.periodInvalid' });

const distributionForm = z.object({
  questionnaireId: uuid,
  mode: z.enum(['anonymous', 'pseudonymous', 'identified']),
  siteId: z.preprocess((v) => (v === '' || v === undefined ? null : v), uuid.nullable()),
});

// Options are typed one a line; a round is chosen from a list, and anything else means none.
const pollForm = z.object({
  text: z.string().trim().min(1, 'evaluation.pollInvalid').max(300, 'evaluation.pollInvalid'),
  options: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean)
        : v,
    z.array(z.string().max(100, 'evaluation.pollInvalid')).min(2, 'evaluation.pollInvalid').max(8, 'evaluation.pollInvalid'),
  ),
  roundId: z.preprocess((v) => (typeof v === 'string' && isUuid(v) ? v : null), z.string().nullable()),
});

/** A release number from the query; anything else means "not chosen". */
/** A release number from the report's filter; anything else in the field is a 400, not a quietly different report. */
function releaseNumber(v: string | null): number | null {
  if (v === null || v === '') return null;
  if (!/^\d{1,6}$/.test(v)) throw new BadInput({ period: 'evaluation.periodChoose' });
  return Number(v);
}

function siteFilter(v: string | null): string | null {
  if (v === null || v === '') return null;
  if (!isUuid(v)) throw new BadInput({ site: 'evaluation.periodChoose' });
  return v;
}

// A vote: one of the options, by its place in the list.
const voteForm = z.object({ option: wholeNumber('survey.pollChoose') });
const VOTER_COOKIE = 'eo_voter';

function shownResult(poll: PollResults): { counts: (number | null)[] | null; total: number | null } {
  if (poll.result.kind === 'notYet') return { counts: null, total: null };
  return { counts: poll.result.options.map((e) => (e.kind === 'value' ? e.value : null)), total: poll.result.total };
}

export function submissionKey(): string {
  return crypto.randomBytes(18).toString('base64url');
}

async function handleSurveyPost(ctx: RequestContext, open: OpenQuestionnaire, action: string, done: string) {
  const form = await ctx.form();
  const key = form.string('submissionKey');
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(key)) throw new HttpError(400, 'badRequest');
  const raw = form.toRecord();
  for (const k of ['_csrf', 'submissionKey', 'consent', 'pseudonym']) delete raw[k];
  const result = await submitResponse(ctx.deps, ctx.actor, open, {
    raw,
    submissionKey: key,
    pseudonym: form.string('pseudonym'),
    consent: form.get('consent') === 'yes',
  });
  if (result.ok) return redirect(done);
  if ('reason' in result) {
    if (result.reason === 'needsSignIn') return redirect(`/sign-in?returnTo=${encodeURIComponent(action)}`);
    return {
      status: 400,
      body: surveyPage(ctx, {
        open,
        action,
        submissionKey: key,
        consentMissing: result.reason === 'noConsent',
        pseudonymInvalid: result.reason === 'needsPseudonym',
        pseudonym: form.string('pseudonym'),
      }),
    };
  }
  return {
    status: 400,
    body: surveyPage(ctx, { open, action, submissionKey: key, answers: result.answers, errors: result.errors, pseudonym: form.string('pseudonym') }),
  };
}

export const evaluationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/organisation/:orgId/evaluation',
    permission: 'organisationManager',
    handler: async (ctx) => ({ status: 200, body: evaluationHomePage(ctx, await evaluationHome(ctx.deps, ctx.actor, idParam(ctx, 'orgId'))) }),
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/rounds',
    permission: 'organisationManager',
    input: formInput(roundForm),
    invalid: async (ctx, failure) => {
      const values = Object.fromEntries(
        ['title', 'method', 'startsOn', 'endsOn'].map((k) => [k, typeof failure.values[k] === 'string' ? failure.values[k] : '']),
      );
      return {
        status: 400,
        body: evaluationHomePage(ctx, { ...(await evaluationHome(ctx.deps, ctx.actor, idParam(ctx, 'orgId'))), roundErrors: failure.errors, values }),
      };
    },
    handler: async (ctx) => {
      const id = await createRound(ctx.deps, ctx.actor, idParam(ctx, 'orgId'), ctx.input);
      return redirect(`/rounds/${id}`);
    },
  }),
  {
    method: 'GET',
    path: '/rounds/:roundId',
    permission: 'organisationManager',
    handler: async (ctx) => ({ status: 200, body: await roundView(ctx, idParam(ctx, 'roundId')) }),
  },
  route({
    method: 'POST',
    path: '/rounds/:roundId/distributions',
    permission: 'organisationManager',
    input: formInput(distributionForm),
    handler: async (ctx) => {
      const roundId = idParam(ctx, 'roundId');
      const token = await createDistribution(ctx.deps, ctx.actor, roundId, ctx.input);
      const url = `${publicOrigin(ctx)}/q/${token}`;
      return { status: 201, body: await roundView(ctx, roundId, { url, qrSvg: await qrSvg(url, ctx.t.evaluation.createLink) }) };
    },
  }),
  {
    method: 'GET',
    path: '/rounds/:roundId/report',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const q = ctx.url.searchParams;
      const site = q.get('site');
      const { round, sites, report } = await roundReport(ctx.deps, ctx.actor, idParam(ctx, 'roundId'), {
        siteId: siteFilter(site),
        from: releaseNumber(q.get('from')),
        to: releaseNumber(q.get('to')),
        compareFrom: releaseNumber(q.get('compareFrom')),
        compareTo: releaseNumber(q.get('compareTo')),
      });
      return { status: 200, body: reportPage(ctx, { round, sites, report }) };
    },
  },
  {
    method: 'GET',
    path: '/rounds/:roundId/report.pdf',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const { round, report } = await roundReport(ctx.deps, ctx.actor, idParam(ctx, 'roundId'), { siteId: null, from: null, to: null });
      return {
        status: 200,
        // "Rapport Efteråret 2026 04.12.2026.pdf": the round's name and the day it was made.
        headers: pdfDownloadHeaders(`${ctx.t.evaluation.report} ${round.title}`, ctx.now),
        body: (await pdfLayouts.report()).renderReportPdf(ctx, round.title, report),
      };
    },
  },
  {
    method: 'GET',
    path: '/rounds/:roundId/export.csv',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const { rows } = await releasedCounts(ctx.deps, ctx.actor, idParam(ctx, 'roundId'));
      return {
        status: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="egne-ord-tal.csv"' },
        // Semicolons and a byte order mark: Excel set to Danish opens it as columns, with æ, ø and å.
        body: toCsv(releasedRows(rows), [...RELEASED_COLUMNS], spreadsheetCsv(ctx.locale)),
      };
    },
  },
  {
    method: 'GET',
    path: '/rounds/:roundId/codebook.csv',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const rows = (await distributedQuestionnaires(ctx.deps, ctx.actor, idParam(ctx, 'roundId'))).flatMap(codebook);
      return {
        status: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="egne-ord-kodebog.csv"' },
        body: toCsv(rows, [...CODEBOOK_COLUMNS], spreadsheetCsv(ctx.locale)),
      };
    },
  },
  {
    method: 'GET',
    path: '/rounds/:roundId/fhir.json',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const { rows } = await releasedCounts(ctx.deps, ctx.actor, idParam(ctx, 'roundId'));
      const base = publicOrigin(ctx);
      const bundle = toFhirMeasureBundle(rows, { baseUrl: base, timestamp: ctx.deps.now().toISOString() });
      return {
        status: 200,
        headers: { 'content-type': 'application/fhir+json; charset=utf-8', 'content-disposition': 'attachment; filename="egne-ord-fhir.json"' },
        body: JSON.stringify(bundle, null, 2),
      };
    },
  },
  // Answering.
  {
    method: 'GET',
    path: '/q/:token',
    permission: 'public',
    handler: async (ctx) => {
      const open = await openByLink(ctx.deps, ctx.params.token!, ctx.ip);
      if (!open) return { status: 404, body: simpleMessagePage(ctx, ctx.t.survey.unavailableTitle, ctx.t.survey.unavailable) };
      if (ctx.url.searchParams.has('thanks')) return { status: 200, body: simpleMessagePage(ctx, ctx.t.survey.thanks, ctx.t.survey.thanksText) };
      return { status: 200, body: surveyPage(ctx, { open, action: `/q/${ctx.params.token}`, submissionKey: submissionKey() }) };
    },
  },
  {
    method: 'POST',
    path: '/q/:token',
    permission: 'public',
    handler: async (ctx) => {
      const token = ctx.params.token!;
      const open = await openByLink(ctx.deps, token, ctx.ip);
      if (!open) return { status: 404, body: simpleMessagePage(ctx, ctx.t.survey.unavailableTitle, ctx.t.survey.unavailable) };
      return handleSurveyPost(ctx, open, `/q/${token}`, `/q/${token}?thanks=1`);
    },
  },
  // The check-in after a meeting is asked once, on the meeting page. Its old address (in reminders
  // and bookmarks) leads there.
  {
    method: 'GET',
    path: '/meetings/:id/check-in',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      await markCheckInOffered(ctx.deps, ctx.actor, id);
      return redirect(`/meetings/${id}#check-in`);
    },
  },
  {
    method: 'POST',
    path: '/meetings/:id/check-in',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      const form = await ctx.form();
      const key = form.string('submissionKey');
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(key)) throw new HttpError(400, 'badRequest');
      const raw = form.toRecord();
      for (const k of ['_csrf', 'submissionKey', 'consent']) delete raw[k];
      const result = await answerCheckIn(ctx.deps, ctx.actor, id, { raw, submissionKey: key, consent: form.get('consent') === 'yes' });
      if (result.ok) return redirect(`/meetings/${id}#check-in`);
      const open = await checkInForMeeting(ctx.deps, ctx.actor, id);
      const checkIn =
        'reason' in result
          ? { open, submissionKey: key, consentMissing: result.reason === 'noConsent' }
          : { open, submissionKey: key, answers: result.answers, errors: result.errors, consentMissing: form.get('consent') !== 'yes' };
      return { status: 400, body: meetingPage(ctx, await openMeeting(ctx.deps, ctx.actor, id), { checkIn }) };
    },
  },
  {
    method: 'GET',
    path: '/peer/questionnaire',
    permission: 'peer',
    handler: async (ctx) => {
      if (ctx.url.searchParams.has('thanks')) return { status: 200, body: simpleMessagePage(ctx, ctx.t.survey.thanks, ctx.t.survey.thanksText) };
      const open = await peerQuestionnaireFor(ctx.deps, ctx.actor);
      return { status: 200, body: surveyPage(ctx, { open, action: '/peer/questionnaire', submissionKey: submissionKey() }) };
    },
  },
  {
    method: 'POST',
    path: '/peer/questionnaire',
    permission: 'peer',
    handler: async (ctx) => handleSurveyPost(ctx, await peerQuestionnaireFor(ctx.deps, ctx.actor), '/peer/questionnaire', '/peer/questionnaire?thanks=1'),
  },
  // Live polls.
  route({
    method: 'POST',
    path: '/organisation/:orgId/polls',
    permission: 'organisationManager',
    input: formInput(pollForm),
    // The form has one message for the whole question, shown at its first field.
    invalid: async (ctx, failure) => ({
      status: 400,
      body: evaluationHomePage(ctx, {
        ...(await evaluationHome(ctx.deps, ctx.actor, idParam(ctx, 'orgId'))),
        pollErrors: { text: failure.errors.text ?? failure.errors.options ?? ctx.t.evaluation.pollInvalid },
      }),
    }),
    handler: async (ctx) => {
      const { roundId, ...question } = ctx.input;
      const poll = await createPoll(ctx.deps, ctx.actor, idParam(ctx, 'orgId'), question, roundId);
      return redirect(`/polls/${poll.id}`);
    },
  }),
  {
    method: 'GET',
    path: '/polls/:pollId',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const poll = await pollForPresenter(ctx.deps, ctx.actor, idParam(ctx, 'pollId'));
      const origin = publicOrigin(ctx);
      // The room reads the address off a wall: without the scheme, and a QR code straight to the vote.
      const host = origin.replace(/^https?:\/\//, '');
      const join = {
        address: `${host}/p`,
        fullAddress: `${host}/p/${poll.code}`,
        qrSvg: await qrSvg(`${origin}/p/${poll.code}`, ctx.t.evaluation.presenterQr),
      };
      return { status: 200, body: presenterPage(ctx, poll, join, ctx.url.searchParams.has('projector')) };
    },
  },
  {
    method: 'GET',
    path: '/polls/:pollId/results.json',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const poll = await pollForPresenter(ctx.deps, ctx.actor, idParam(ctx, 'pollId'));
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        // Hidden counts are null; before the first release counts and total are null.
        body: JSON.stringify({ options: poll.question.options, ...shownResult(poll), open: poll.open }),
      };
    },
  },
  {
    method: 'POST',
    path: '/polls/:pollId/close',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const id = idParam(ctx, 'pollId');
      await closePoll(ctx.deps, ctx.actor, id);
      return redirect(`/polls/${id}`);
    },
  },
  {
    method: 'GET',
    path: '/p',
    permission: 'public',
    handler: async (ctx) => {
      const code = ctx.url.searchParams.get('code');
      if (!code) return { status: 200, body: pollCodePage(ctx) };
      const poll = await pollByCode(ctx.deps, code);
      if (!poll?.open) return { status: 404, body: pollCodePage(ctx, true) };
      return redirect(`/p/${poll.code}`);
    },
  },
  {
    method: 'GET',
    path: '/p/:code',
    permission: 'public',
    handler: async (ctx) => {
      const found = await pollForVoter(ctx.deps, ctx.actor, ctx.params.code!, ctx.cookies[VOTER_COOKIE]);
      if (!found) return { status: 404, body: pollCodePage(ctx, true) };
      return { status: 200, body: pollVotePage(ctx, found, { voted: ctx.url.searchParams.has('voted') }) };
    },
  },
  route({
    method: 'POST',
    path: '/p/:code',
    permission: 'public',
    input: formInput(voteForm),
    invalid: async (ctx, failure) => {
      const found = await pollForVoter(ctx.deps, ctx.actor, ctx.params.code!, ctx.cookies[VOTER_COOKIE]);
      if (!found) return { status: 404, body: pollCodePage(ctx, true) };
      return { status: 400, body: pollVotePage(ctx, found, { errors: failure.errors }) };
    },
    handler: async (ctx) => {
      let voter = ctx.cookies[VOTER_COOKIE];
      if (!voter || !/^[A-Za-z0-9_-]{20,40}$/.test(voter)) {
        voter = crypto.randomBytes(18).toString('base64url');
        ctx.setCookie(VOTER_COOKIE, voter, { maxAgeSeconds: 12 * 3600, sameSite: 'Lax' });
      }
      const result = await vote(ctx.deps, ctx.actor, ctx.params.code!, voter, ctx.input.option, ctx.ip);
      if (result === 'tooMany')
        return { status: 429, headers: { 'retry-after': '600' }, body: simpleMessagePage(ctx, ctx.t.survey.pollTitle, ctx.t.survey.pollTooMany) };
      if (result !== 'ok') return { status: result === 'closed' ? 409 : 400, body: pollCodePage(ctx, true) };
      return redirect(`/p/${ctx.params.code}?voted=1`);
    },
  }),
];

async function roundView(ctx: RequestContext, roundId: string, created?: { url: string; qrSvg: Awaited<ReturnType<typeof qrSvg>> }) {
  const overview = await roundOverview(ctx.deps, ctx.actor, roundId);
  const questionnaires = overview.questionnaires.map((q) => ({ id: q.id, title: q.questionnaire.title[ctx.locale], audience: q.questionnaire.audience }));
  return roundPage(ctx, { ...overview, questionnaires, ...(created ? { created } : {}) });
}
