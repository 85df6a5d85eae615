import { z } from 'zod';
import { route, type Route } from '../http/types.ts';
import { idParam } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { formInput, isoDate, type InputFailure } from '../http/input.ts';
import {
  addAssessmentAction,
  answerAssessment,
  assessmentHome,
  assessmentHomeManaging,
  assessmentRoundView,
  myAssessmentAnswers,
  openAssessmentRound,
  closeAssessmentRound,
  roundToClose,
} from '../services/assessment.ts';
import { assessmentAnswerPage, assessmentHomePage, assessmentRoundPage } from '../views/pages/assessment.ts';
import { parseAnswers } from '../../domain/assessment/scoring.ts';

const roundSchema = z.object({
  siteId: z.uuid('assessment.siteRequired'),
  title: z.string().trim().min(1, 'assessment.titleRequired').max(200),
  heldOn: z.string('assessment.dateInvalid').refine((v) => isoDate.safeParse(v).success, 'assessment.dateInvalid'),
});

const actionSchema = z.object({
  text: z.string().trim().min(1, 'assessment.actionRequired').max(2000),
});

function texts(failure: InputFailure): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(failure.values)) out[k] = typeof v === 'string' ? v : (v[0] ?? '');
  return out;
}

export const assessmentRoutes: Route[] = [
  {
    method: 'GET',
    path: '/assessment',
    permission: 'staff',
    handler: async (ctx) => {
      return { status: 200, body: assessmentHomePage(ctx, await assessmentHome(ctx.deps, ctx.actor)) };
    },
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/assessments',
    permission: 'organisationManager',
    input: formInput(roundSchema),
    invalid: async (ctx, failure) => {
      const orgId = idParam(ctx, 'orgId');
      const values = texts(failure);
      return {
        status: 400,
        body: assessmentHomePage(ctx, { ...(await assessmentHomeManaging(ctx.deps, ctx.actor, orgId)), errors: failure.errors, values, errorOrg: orgId }),
      };
    },
    handler: async (ctx) => {
      const id = await openAssessmentRound(ctx.deps, ctx.actor, idParam(ctx, 'orgId'), ctx.input);
      return redirect(`/assessment/${id}?created=1`);
    },
  }),
  {
    method: 'GET',
    path: '/assessment/:roundId',
    permission: 'staff',
    handler: async (ctx) => {
      const q = ctx.url.searchParams;
      const t = ctx.t.assessment;
      const info = q.has('created')
        ? t.roundCreated
        : q.has('answered')
          ? t.answersSaved
          : q.has('action')
            ? t.actionSaved
            : q.has('closed')
              ? t.roundClosed
              : undefined;
      const view = await assessmentRoundView(ctx.deps, ctx.actor, idParam(ctx, 'roundId'));
      return { status: 200, body: assessmentRoundPage(ctx, { ...view, ...(info ? { info } : {}) }) };
    },
  },
  {
    method: 'GET',
    path: '/assessment/:roundId/answer',
    permission: 'staff',
    handler: async (ctx) => {
      const mine = await myAssessmentAnswers(ctx.deps, ctx.actor, idParam(ctx, 'roundId'));
      return {
        status: 200,
        body: assessmentAnswerPage(ctx, {
          ...mine,
          k: ctx.deps.config.SUPPRESSION_THRESHOLD,
          ...(mine.round.closed ? { error: ctx.t.assessment.closedNote } : {}),
        }),
      };
    },
  },
  {
    method: 'POST',
    path: '/assessment/:roundId/answer',
    permission: 'staff',
    handler: async (ctx) => {
      const roundId = idParam(ctx, 'roundId');
      const mine = await myAssessmentAnswers(ctx.deps, ctx.actor, roundId);
      const k = ctx.deps.config.SUPPRESSION_THRESHOLD;
      if (mine.round.closed)
        return { status: 409, body: assessmentAnswerPage(ctx, { round: mine.round, answers: mine.answers, k, error: ctx.t.assessment.closedRefused }) };
      const form = await ctx.form();
      const raw: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(form.toRecord())) raw[key] = typeof value === 'string' ? value : undefined;
      const parsed = parseAnswers(raw, mine.round.items);
      if (!parsed.ok)
        return { status: 400, body: assessmentAnswerPage(ctx, { round: mine.round, answers: mine.answers, given: parsed.given, missing: parsed.missing, k }) };
      const result = await answerAssessment(ctx.deps, ctx.actor, roundId, parsed.answers);
      if (result === 'closed')
        return { status: 409, body: assessmentAnswerPage(ctx, { round: mine.round, answers: mine.answers, k, error: ctx.t.assessment.closedRefused }) };
      return redirect(`/assessment/${roundId}?answered=1`);
    },
  },
  route({
    method: 'POST',
    path: '/assessment/:roundId/actions',
    permission: 'staff',
    input: formInput(actionSchema),
    invalid: async (ctx, failure) => {
      const view = await assessmentRoundView(ctx.deps, ctx.actor, idParam(ctx, 'roundId'));
      return {
        status: 400,
        body: assessmentRoundPage(ctx, {
          ...view,
          ...(failure.errors.text ? { actionError: failure.errors.text } : {}),
          actionValue: texts(failure).text ?? '',
        }),
      };
    },
    handler: async (ctx) => {
      const roundId = idParam(ctx, 'roundId');
      await addAssessmentAction(ctx.deps, ctx.actor, roundId, ctx.input.text);
      return redirect(`/assessment/${roundId}?action=1`);
    },
  }),
  {
    method: 'POST',
    path: '/assessment/:roundId/close',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const roundId = idParam(ctx, 'roundId');
      // Closing cannot be undone: the first press shows what it will mean and asks again.
      if ((await ctx.form()).get('confirm') !== 'yes') {
        const view = await roundToClose(ctx.deps, ctx.actor, roundId);
        if (view.round.closed) return redirect(`/assessment/${roundId}`);
        return { status: 200, body: assessmentRoundPage(ctx, { ...view, confirmClose: true }) };
      }
      await closeAssessmentRound(ctx.deps, ctx.actor, roundId);
      return redirect(`/assessment/${roundId}?closed=1`);
    },
  },
];
