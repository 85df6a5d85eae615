import { z } from 'zod';
import { sql } from 'kysely';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { requireAssessmentTeam, requireOrganisationManager, requireSignedIn } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { NotFound } from '../errors.ts';
import { ITEMS_VERSION } from '../../domain/assessment/items.ts';
import { roundOutcome, storedAnswers, type AssessmentAnswers, type CombinedResult, type RoundOutcome } from '../../domain/assessment/scoring.ts';

// A team's recovery-orientation self-assessment. Answers are about the service, not about a
// citizen, so they are not sealed; but one person's answers are only ever shown to that person.
// Everyone else sees theme means, and only when at least k people answered.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));

export const assessmentRoundSchema = z.object({
  siteId: z.uuid(),
  title: z.string().trim().min(1).max(200),
  heldOn: isoDate,
});
export type AssessmentRoundInput = z.infer<typeof assessmentRoundSchema>;

export const actionSchema = z.string().trim().min(1).max(2000);

export interface AssessmentRound {
  id: string;
  organisationId: string;
  organisationName: string;
  siteId: string;
  siteName: string;
  title: string;
  heldOn: string;
  closed: boolean;
}

function roundQuery(deps: AppDeps) {
  return deps.db
    .selectFrom('assessment_rounds')
    .innerJoin('sites', 'sites.id', 'assessment_rounds.site_id')
    .innerJoin('organisations', 'organisations.id', 'assessment_rounds.organisation_id')
    .select([
      'assessment_rounds.id',
      'assessment_rounds.organisation_id',
      'assessment_rounds.site_id',
      'assessment_rounds.title',
      'assessment_rounds.closed_at',
      'assessment_rounds.created_at',
      sql<string>`assessment_rounds.held_on::text`.as('held_on'),
      'sites.name as site_name',
      'organisations.name as organisation_name',
    ]);
}

type RoundRow = { id: string; organisation_id: string; site_id: string; title: string; closed_at: Date | null; held_on: string; site_name: string; organisation_name: string };
function toRound(r: RoundRow): AssessmentRound {
  return { id: r.id, organisationId: r.organisation_id, organisationName: r.organisation_name, siteId: r.site_id, siteName: r.site_name, title: r.title, heldOn: r.held_on, closed: r.closed_at !== null };
}

async function loadRound(deps: AppDeps, id: string): Promise<AssessmentRound> {
  const row = await roundQuery(deps).where('assessment_rounds.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound();
  return toRound(row);
}

export interface AssessmentHome {
  rounds: (AssessmentRound & { answered: boolean })[];
  /** Organisations the person can open rounds for, with their sites. */
  manage: { id: string; name: string; sites: { id: string; name: string }[] }[];
}

/** The rounds of every organisation the person works in, and where they may open new ones. */
export async function assessmentHome(deps: AppDeps, actor: Actor): Promise<AssessmentHome> {
  requireSignedIn(actor);
  const orgIds = [...new Set(actor.memberships.map((m) => m.organisationId))];
  const rows = orgIds.length ? await roundQuery(deps).where('assessment_rounds.organisation_id', 'in', orgIds).orderBy('held_on', 'desc').orderBy('assessment_rounds.created_at', 'desc').execute() : [];
  const mine = rows.length
    ? new Set((await deps.db.selectFrom('assessment_responses').select('round_id').where('user_id', '=', actor.id).where('round_id', 'in', rows.map((r) => r.id)).execute()).map((r) => r.round_id))
    : new Set<string>();
  const managed = [...new Set(actor.memberships.filter((m) => m.role === 'coordinator').map((m) => m.organisationId))];
  const manage = [];
  for (const id of managed) {
    const org = await deps.db.selectFrom('organisations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    if (!org) continue;
    const sites = await deps.db.selectFrom('sites').select(['id', 'name']).where('organisation_id', '=', id).orderBy('name').execute();
    manage.push({ ...org, sites });
  }
  return { rounds: rows.map((r) => ({ ...toRound(r), answered: mine.has(r.id) })), manage };
}

/** A coordinator opens a round for one of the organisation's sites. */
export async function openAssessmentRound(deps: AppDeps, actor: Actor, organisationId: string, input: AssessmentRoundInput): Promise<string> {
  requireOrganisationManager(actor, organisationId);
  const site = await deps.db.selectFrom('sites').select('id').where('id', '=', input.siteId).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!site) throw new AccessDenied();
  const row = await deps.db
    .insertInto('assessment_rounds')
    .values({ organisation_id: organisationId, site_id: site.id, title: input.title, held_on: input.heldOn, items_version: ITEMS_VERSION, created_by: actor.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RoundView {
  round: AssessmentRound;
  previous: AssessmentRound | null;
  k: number;
  /** What the team may see: nothing while open, theme means once closed with k or more answers. */
  outcome: RoundOutcome;
  /** The latest earlier closed round of the same site with a shown result, for comparison. */
  previousResult: CombinedResult | null;
  /** True when this person has answered; their own answers are in `mine`. */
  answered: boolean;
  canAnswer: boolean;
  /** A member of the team: may answer while open and note actions. */
  isMember: boolean;
  canManage: boolean;
  actions: { id: string; text: string; at: Date; authorName: string | null }[];
}

async function answersOf(deps: AppDeps, roundId: string): Promise<AssessmentAnswers[]> {
  const rows = await deps.db.selectFrom('assessment_responses').select('answers').where('round_id', '=', roundId).execute();
  return rows.map((r) => storedAnswers(typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers));
}

/** The round as the team sees it: the combined result (suppressed below k), the previous round of the same site, actions. */
export async function assessmentRoundView(deps: AppDeps, actor: Actor, roundId: string): Promise<RoundView> {
  const round = await loadRound(deps, roundId);
  requireAssessmentTeam(actor, { organisation_id: round.organisationId }, 'view');
  const k = deps.config.SUPPRESSION_THRESHOLD;
  // The latest earlier closed round of the same site that has a result to show (k or more answers).
  const earlier = await roundQuery(deps)
    .where('assessment_rounds.site_id', '=', round.siteId)
    .where('assessment_rounds.id', '<>', round.id)
    .where('assessment_rounds.closed_at', 'is not', null)
    .where((eb) => eb.or([eb('assessment_rounds.held_on', '<', round.heldOn), eb.and([eb('assessment_rounds.held_on', '=', round.heldOn), eb('assessment_rounds.created_at', '<', eb.selectFrom('assessment_rounds as r2').select('r2.created_at').where('r2.id', '=', round.id))])]))
    .orderBy('held_on', 'desc')
    .orderBy('assessment_rounds.created_at', 'desc')
    .limit(12)
    .execute();
  let previous: AssessmentRound | null = null;
  let previousResult: CombinedResult | null = null;
  for (const row of earlier) {
    const outcome = roundOutcome(await answersOf(deps, row.id), k, true);
    if (outcome.kind !== 'shown') continue;
    previous = toRound(row);
    previousResult = outcome.result;
    break;
  }
  const isMember = actor.memberships.some((m) => m.organisationId === round.organisationId);
  const answered = !!(await deps.db.selectFrom('assessment_responses').select('id').where('round_id', '=', round.id).where('user_id', '=', actor.id).executeTakeFirst());
  const actions = await deps.db
    .selectFrom('assessment_actions')
    .leftJoin('users', 'users.id', 'assessment_actions.author_user_id')
    .select(['assessment_actions.id', 'assessment_actions.text', 'assessment_actions.created_at', 'users.chosen_name'])
    .where('round_id', '=', round.id)
    .orderBy('assessment_actions.created_at')
    .execute();
  return {
    round,
    previous,
    k,
    outcome: roundOutcome(await answersOf(deps, round.id), k, round.closed),
    previousResult,
    answered,
    canAnswer: !round.closed && isMember,
    isMember,
    canManage: actor.isAdmin || actor.memberships.some((m) => m.role === 'coordinator' && m.organisationId === round.organisationId),
    actions: actions.map((a) => ({ id: a.id, text: a.text, at: a.created_at, authorName: a.chosen_name })),
  };
}

/** The person's own answers (only ever shown to them), for the answer form. */
export async function myAssessmentAnswers(deps: AppDeps, actor: Actor, roundId: string): Promise<{ round: AssessmentRound; answers: AssessmentAnswers | null }> {
  const round = await loadRound(deps, roundId);
  requireAssessmentTeam(actor, { organisation_id: round.organisationId }, 'answer');
  const row = await deps.db.selectFrom('assessment_responses').select('answers').where('round_id', '=', round.id).where('user_id', '=', actor.id).executeTakeFirst();
  return { round, answers: row ? storedAnswers(typeof row.answers === 'string' ? JSON.parse(row.answers) : row.answers) : null };
}

/** Saves (or changes) the person's one response for the round; refused once the round is closed. */
export async function answerAssessment(deps: AppDeps, actor: Actor, roundId: string, answers: AssessmentAnswers): Promise<'saved' | 'closed'> {
  const round = await loadRound(deps, roundId);
  requireAssessmentTeam(actor, { organisation_id: round.organisationId }, 'answer');
  if (round.closed) return 'closed';
  const json = JSON.stringify(answers);
  await deps.db
    .insertInto('assessment_responses')
    .values({ round_id: round.id, user_id: actor.id, answers: json })
    .onConflict((oc) => oc.columns(['round_id', 'user_id']).doUpdateSet({ answers: json, updated_at: deps.now() }))
    .execute();
  return 'saved';
}

export async function addAssessmentAction(deps: AppDeps, actor: Actor, roundId: string, text: string): Promise<void> {
  const round = await loadRound(deps, roundId);
  requireAssessmentTeam(actor, { organisation_id: round.organisationId }, 'answer');
  await deps.db.insertInto('assessment_actions').values({ round_id: round.id, author_user_id: actor.id, text }).execute();
}

/**
 * Closing ends answering for good and shows the combined result (with k or more answers). There
 * is no reopening: a result that changed after it was shown would give away the answers that
 * changed it.
 */
export async function closeAssessmentRound(deps: AppDeps, actor: Actor, roundId: string): Promise<void> {
  const round = await loadRound(deps, roundId);
  requireOrganisationManager(actor, round.organisationId);
  await deps.db.updateTable('assessment_rounds').set({ closed_at: deps.now() }).where('id', '=', round.id).where('closed_at', 'is', null).execute();
}
