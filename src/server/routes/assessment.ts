import type { RequestContext, Route } from '../http/types.ts';
import { idParam } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { NotFound } from '../errors.ts';
import type { Errors } from '../views/components.ts';
import { actionSchema, addAssessmentAction, answerAssessment, assessmentHome, assessmentRoundSchema, assessmentRoundView, myAssessmentAnswers, openAssessmentRound, closeAssessmentRound } from '../services/assessment.ts';
import { assessmentAnswerPage, assessmentHomePage, assessmentRoundPage } from '../views/pages/assessment.ts';
import { parseAnswers } from '../../domain/assessment/scoring.ts';
import { requireOrganisationManager } from '../policy/legacy.ts';

export const assessmentRoutes: Route[] = [
  {
    method: 'GET',
    path: '/assessment',
    permission: 'staff',
    handler: async (ctx) => {
      return { status: 200, body: assessmentHomePage(ctx, await assessmentHome(ctx.deps, ctx.actor)) };
    },
  },
  {
    method: 'POST',
    path: '/organisation/:orgId/assessments',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      requireOrganisationManager(ctx.actor, orgId);
      const form = await ctx.form();
      const values = { siteId: form.string('siteId'), title: form.string('title'), heldOn: form.string('heldOn') };
      const parsed = assessmentRoundSchema.safeParse(values);
      if (!parsed.success) {
        const t = ctx.t.assessment;
        const errors: Errors = {};
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0]);
          errors[key] = key === 'title' ? t.titleRequired : key === 'heldOn' ? t.dateInvalid : t.siteRequired;
        }
        return { status: 400, body: assessmentHomePage(ctx, { ...(await assessmentHome(ctx.deps, ctx.actor)), errors, values, errorOrg: orgId }) };
      }
      const id = await openAssessmentRound(ctx.deps, ctx.actor, orgId, parsed.data);
      return redirect(`/assessment/${id}?created=1`);
    },
  },
  {
    method: 'GET',
    path: '/assessment/:roundId',
    permission: 'staff',
    handler: async (ctx) => {
      const q = ctx.url.searchParams;
      const t = ctx.t.assessment;
      const info = q.has('created') ? t.roundCreated : q.has('answered') ? t.answersSaved : q.has('action') ? t.actionSaved : q.has('closed') ? t.roundClosed : undefined;
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
      return { status: 200, body: assessmentAnswerPage(ctx, { ...mine, k: ctx.deps.config.SUPPRESSION_THRESHOLD, ...(mine.round.closed ? { error: ctx.t.assessment.closedNote } : {}) }) };
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
      if (mine.round.closed) return { status: 409, body: assessmentAnswerPage(ctx, { round: mine.round, answers: mine.answers, k, error: ctx.t.assessment.closedRefused }) };
      const form = await ctx.form();
      const raw: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(form.toRecord())) raw[key] = typeof value === 'string' ? value : undefined;
      const parsed = parseAnswers(raw);
      if (!parsed.ok) return { status: 400, body: assessmentAnswerPage(ctx, { round: mine.round, answers: mine.answers, given: parsed.given, missing: parsed.missing, k }) };
      const result = await answerAssessment(ctx.deps, ctx.actor, roundId, parsed.answers);
      if (result === 'closed') return { status: 409, body: assessmentAnswerPage(ctx, { round: mine.round, answers: mine.answers, k, error: ctx.t.assessment.closedRefused }) };
      return redirect(`/assessment/${roundId}?answered=1`);
    },
  },
  {
    method: 'POST',
    path: '/assessment/:roundId/actions',
    permission: 'staff',
    handler: async (ctx) => {
      const roundId = idParam(ctx, 'roundId');
      const text = (await ctx.form()).string('text');
      const parsed = actionSchema.safeParse(text);
      if (!parsed.success) {
        const view = await assessmentRoundView(ctx.deps, ctx.actor, roundId);
        return { status: 400, body: assessmentRoundPage(ctx, { ...view, actionError: ctx.t.assessment.actionRequired, actionValue: text }) };
      }
      await addAssessmentAction(ctx.deps, ctx.actor, roundId, parsed.data);
      return redirect(`/assessment/${roundId}?action=1`);
    },
  },
  {
    method: 'POST',
    path: '/assessment/:roundId/close',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const roundId = idParam(ctx, 'roundId');
      await closeAssessmentRound(ctx.deps, ctx.actor, roundId);
      return redirect(`/assessment/${roundId}?closed=1`);
    },
  },
];
