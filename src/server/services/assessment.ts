import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize, can, organisationsWhere } from '../policy/policy.ts';
import { AccessDenied, NotFound } from '../errors.ts';
import { findOrganisation, sitesOf } from '../repositories/organisations.ts';
import {
  actionsOf,
  answeredRoundIds,
  closeRound,
  earlierClosedRounds,
  findRound,
  findSiteOf,
  hasAnswered,
  insertAction,
  insertRound,
  roundsOfOrganisations,
  storedAnswersBy,
  storedAnswersOf,
  teamOfSite,
  upsertResponse,
  type RoundRow,
} from '../repositories/assessment.ts';
import { withoutAudit } from './use-case.ts';
import { insertNoticeForEach } from '../repositories/notices.ts';
import { itemSet, ITEMS_VERSION, type ItemSet, type Theme } from '../../domain/assessment/items.ts';
import { roundOutcome, storedAnswers, type AssessmentAnswers, type CombinedResult, type RoundOutcome } from '../../domain/assessment/scoring.ts';
import { USER_ITEM_THEMES, USERS_QUESTIONNAIRE_KEY } from '../../domain/assessment/citizens.ts';
import type { SuppressedMean } from '../../domain/evaluation/disclosure/suppression.ts';
import { releasedThemeScores } from './evaluation/reports.ts';

// A team's recovery-orientation self-assessment. Answers are about the service, not about a
// citizen, so they are not sealed; but one person's answers are only ever shown to that person.
// Everyone else sees theme means, and only when at least k people answered.

interface AssessmentRoundInput {
  siteId: string;
  title: string;
  /** YYYY-MM-DD */
  heldOn: string;
}

export interface AssessmentRound {
  id: string;
  organisationId: string;
  organisationName: string;
  siteId: string;
  siteName: string;
  title: string;
  heldOn: string;
  closed: boolean;
  /** The item set the round was opened with: its answers are read and scored with it. */
  items: ItemSet;
}

function toRound(r: RoundRow): AssessmentRound {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    siteId: r.site_id,
    siteName: r.site_name,
    title: r.title,
    heldOn: r.held_on,
    closed: r.closed_at !== null,
    items: itemSet(r.items_version),
  };
}

async function loadRound(deps: AppDeps, id: string): Promise<AssessmentRound> {
  const row = await findRound(deps.db, id);
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
  authorize(actor, 'account.use');
  const orgIds = organisationsWhere(actor, 'assessment.answer');
  const rows = orgIds.length ? await roundsOfOrganisations(deps.db, orgIds) : [];
  const mine = rows.length
    ? new Set(
        await answeredRoundIds(
          deps.db,
          actor.id,
          rows.map((r) => r.id),
        ),
      )
    : new Set<string>();
  const manage = [];
  for (const id of organisationsWhere(actor, 'organisation.manage')) {
    const org = await findOrganisation(deps.db, id);
    if (!org) continue;
    const sites = await sitesOf(deps.db, id);
    manage.push({ id: org.id, name: org.name, sites: sites.map((site) => ({ id: site.id, name: site.name })) });
  }
  return { rounds: rows.map((r) => ({ ...toRound(r), answered: mine.has(r.id) })), manage };
}

/** The assessment page again, for a coordinator who tried to open a round for `organisationId`. */
export async function assessmentHomeManaging(deps: AppDeps, actor: Actor, organisationId: string): Promise<AssessmentHome> {
  authorize(actor, 'organisation.manage', { organisationId });
  return assessmentHome(deps, actor);
}

/** A coordinator opens a round for one of the organisation's sites. */
export async function openAssessmentRound(deps: AppDeps, actor: Actor, organisationId: string, input: AssessmentRoundInput): Promise<string> {
  authorize(actor, 'organisation.manage', { organisationId });
  // A site of another organisation is someone else's object, not a typing error.
  const site = await findSiteOf(deps.db, organisationId, input.siteId);
  if (!site) throw new AccessDenied();
  return withoutAudit(deps, "a round of the team's self-assessment", async ({ tx, now }) => {
    const roundId = await insertRound(tx, {
      organisationId,
      siteId: site.id,
      title: input.title,
      heldOn: input.heldOn,
      itemsVersion: ITEMS_VERSION,
      createdBy: actor.id,
    });
    // A round reaches five answers only if the team knows it is open: each of them is told.
    const others = (await teamOfSite(tx, organisationId, site.id)).filter((member) => member !== actor.id);
    await insertNoticeForEach(tx, others, { actorId: actor.id, kind: 'assessment_round', subjectId: roundId, now });
    return roundId;
  });
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
  /**
   * What the site's users said in the latest evaluation round that asked them the citizens'
   * recovery questionnaire, per theme (hidden below k); null when no round asked them.
   */
  users: { roundTitle: string; releasedOn: string | null; themes: Map<Theme, SuppressedMean> } | null;
}

function parsedAnswers(stored: unknown, set: ItemSet): AssessmentAnswers {
  return storedAnswers(typeof stored === 'string' ? JSON.parse(stored) : stored, set);
}

async function answersOf(deps: AppDeps, round: { id: string; items: ItemSet }): Promise<AssessmentAnswers[]> {
  return (await storedAnswersOf(deps.db, round.id)).map((a) => parsedAnswers(a, round.items));
}

/** The round as the team sees it: the combined result (suppressed below k), the previous round of the same site, actions. */
export async function assessmentRoundView(deps: AppDeps, actor: Actor, roundId: string): Promise<RoundView> {
  const round = await loadRound(deps, roundId);
  authorize(actor, 'assessment.view', { organisationId: round.organisationId });
  const k = deps.config.SUPPRESSION_THRESHOLD;
  // The latest earlier closed round of the same site that has a result to show (k or more answers).
  const earlier = await earlierClosedRounds(deps.db, round);
  let previous: AssessmentRound | null = null;
  let previousResult: CombinedResult | null = null;
  for (const row of earlier) {
    const candidate = toRound(row);
    const outcome = roundOutcome(await answersOf(deps, candidate), k, true, candidate.items);
    if (outcome.kind !== 'shown') continue;
    previous = candidate;
    previousResult = outcome.result;
    break;
  }
  const isMember = can(actor, 'assessment.answer', { organisationId: round.organisationId });
  const answered = await hasAnswered(deps.db, round.id, actor.id);
  const actions = await actionsOf(deps.db, round.id);
  const outcome = roundOutcome(await answersOf(deps, round), k, round.closed, round.items);
  // The users' side is asked for only where the team's own result is shown beside it.
  const users =
    outcome.kind === 'shown'
      ? await releasedThemeScores(
          deps,
          { organisationId: round.organisationId, siteId: round.siteId },
          { key: USERS_QUESTIONNAIRE_KEY, themeOf: USER_ITEM_THEMES, themes: round.items.themes },
        )
      : null;
  return {
    round,
    previous,
    k,
    outcome,
    users: users && { roundTitle: users.roundTitle, releasedOn: users.releasedOn, themes: users.scores as Map<Theme, SuppressedMean> },
    previousResult,
    answered,
    canAnswer: !round.closed && isMember,
    isMember,
    canManage: can(actor, 'organisation.manage', { organisationId: round.organisationId }),
    actions: actions.map((a) => ({ id: a.id, text: a.text, at: a.created_at, authorName: a.chosen_name })),
  };
}

/** The person's own answers (only ever shown to them), for the answer form. */
export async function myAssessmentAnswers(
  deps: AppDeps,
  actor: Actor,
  roundId: string,
): Promise<{ round: AssessmentRound; answers: AssessmentAnswers | null }> {
  const round = await loadRound(deps, roundId);
  authorize(actor, 'assessment.answer', { organisationId: round.organisationId });
  const stored = await storedAnswersBy(deps.db, round.id, actor.id);
  return { round, answers: stored === undefined ? null : parsedAnswers(stored, round.items) };
}

/** Saves (or changes) the person's one response for the round; refused once the round is closed. */
export async function answerAssessment(deps: AppDeps, actor: Actor, roundId: string, answers: AssessmentAnswers): Promise<'saved' | 'closed'> {
  const round = await loadRound(deps, roundId);
  authorize(actor, 'assessment.answer', { organisationId: round.organisationId });
  if (round.closed) return 'closed';
  const json = JSON.stringify(answers);
  await withoutAudit(deps, 'answers about the service, not about a citizen', ({ tx, now }) => upsertResponse(tx, round.id, actor.id, json, now));
  return 'saved';
}

export async function addAssessmentAction(deps: AppDeps, actor: Actor, roundId: string, text: string): Promise<void> {
  const round = await loadRound(deps, roundId);
  authorize(actor, 'assessment.answer', { organisationId: round.organisationId });
  await withoutAudit(deps, "the team's own actions", ({ tx }) => insertAction(tx, round.id, actor.id, text));
}

/**
 * Closing ends answering for good and shows the combined result (with k or more answers). There
 * is no reopening: a result that changed after it was shown would give away the answers that
 * changed it.
 */
/** The round as its manager sees it before closing it: closing cannot be undone, so they are asked first. */
export async function roundToClose(deps: AppDeps, actor: Actor, roundId: string): Promise<RoundView> {
  const view = await assessmentRoundView(deps, actor, roundId);
  authorize(actor, 'organisation.manage', { organisationId: view.round.organisationId });
  return view;
}

export async function closeAssessmentRound(deps: AppDeps, actor: Actor, roundId: string): Promise<void> {
  const round = await loadRound(deps, roundId);
  authorize(actor, 'organisation.manage', { organisationId: round.organisationId });
  await withoutAudit(deps, "a round of the team's self-assessment", ({ tx, now }) => closeRound(tx, round.id, now));
}
