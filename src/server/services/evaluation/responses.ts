import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { authorize, peerMembershipIn } from '../../policy/policy.ts';
import type { ResponseMode, Audience } from '../../db/schema.ts';
import type { Tx } from '../../db/database.ts';
import { useCase, withoutAudit } from '../use-case.ts';
import { ZONE, todayIn } from '../../../domain/time/copenhagen.ts';
import { AccessDenied } from '../../errors.ts';
import { NotFound } from '../../errors.ts';
import { hashToken } from '../../crypto/tokens.ts';
import { consume } from '../rate-limit.ts';
import { evaluationDataKey, fingerprint } from './keys.ts';
import { defaultQuestionnaireId, loadQuestionnaire } from './questionnaires.ts';
import { AFTER_MEETING, PEER_PRACTICE } from '../../../domain/evaluation/defaults.ts';
import type { Answers, Questionnaire } from '../../../domain/evaluation/questionnaire.ts';
import { validateResponse, type ResponseError } from '../../../domain/evaluation/questionnaire-responses.ts';
import { findMeeting } from '../../repositories/meetings.ts';
import { organisationOfSite, roundAtSiteOn, roundHasSite, roundOfPeerOn } from '../../repositories/evaluation/rounds.ts';
import {
  addToTally,
  findDistributionByTokenHash,
  insertAnswers as insertAnswerRows,
  insertResponseOnce,
  type AnswerRow,
} from '../../repositories/evaluation/responses.ts';

export interface OpenQuestionnaire {
  questionnaireId: string;
  questionnaire: Questionnaire;
  mode: ResponseMode;
  distributionId: string | null;
  roundId: string | null;
  organisationId: string | null;
  siteId: string | null;
}

/** Opens a round's questionnaire by its link; unknown and closed links answer alike. */
export async function openByLink(deps: AppDeps, token: string, ip: string): Promise<OpenQuestionnaire | null> {
  await consume(deps.db, 'survey-token', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS * 10, 10, deps.now());
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const d = await findDistributionByTokenHash(deps.db, hashToken(token));
  if (!d) return null;
  // A link works through the whole of its last day in Denmark.
  if (d.closes_on && d.closes_on < todayIn(ZONE, deps.now())) return null;
  // A link for a site whose organisation left the round takes no more answers for it.
  if (d.round_id && d.site_id && !(await roundHasSite(deps.db, d.round_id, d.site_id))) return null;
  const q = await loadQuestionnaire(deps.db, d.questionnaire_id);
  return {
    questionnaireId: q.id,
    questionnaire: q.questionnaire,
    mode: d.mode,
    distributionId: d.id,
    roundId: d.round_id,
    organisationId: d.organisation_id,
    siteId: d.site_id,
  };
}

/** The after-meeting check-in, in the app: anonymous, and counted in a round if the
 * meeting's site takes part in one at that time (which one: see `roundAtSiteOn`). */
export async function checkInForMeeting(deps: AppDeps, actor: Actor, meetingId: string): Promise<OpenQuestionnaire> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  const id = await defaultQuestionnaireId(deps, AFTER_MEETING.key);
  const q = await loadQuestionnaire(deps.db, id);
  let roundId: string | null = null;
  let organisationId: string | null = null;
  if (meeting.site_id) {
    // The answer is the site's organisation's, and counts only in a round that organisation takes part in.
    organisationId = await organisationOfSite(deps.db, meeting.site_id);
    if (organisationId) roundId = await roundAtSiteOn(deps.db, meeting.site_id, organisationId, todayIn(ZONE, meeting.starts_at));
  }
  return { questionnaireId: q.id, questionnaire: q.questionnaire, mode: 'anonymous', distributionId: null, roundId, organisationId, siteId: meeting.site_id };
}

/** The peer questionnaire, offered in the app after a logged session: anonymous, and counted
 * in a round of the peer's organisation when the peer or their site takes part in one today
 * (which one: see `roundOfPeerOn`). */
export async function peerQuestionnaireFor(deps: AppDeps, actor: Actor): Promise<OpenQuestionnaire> {
  authorize(actor, 'peer.practise', {});
  const membership = peerMembershipIn(actor);
  if (!membership) throw new AccessDenied();
  const id = await defaultQuestionnaireId(deps, PEER_PRACTICE.key);
  const q = await loadQuestionnaire(deps.db, id);
  const today = todayIn(ZONE, deps.now());
  const roundId = await roundOfPeerOn(deps.db, today, membership.organisationId, actor.id, membership.siteId);
  return {
    questionnaireId: q.id,
    questionnaire: q.questionnaire,
    mode: 'anonymous',
    distributionId: null,
    roundId,
    organisationId: membership.organisationId,
    siteId: membership.siteId,
  };
}

export type SubmitResult =
  | { ok: true; duplicate: boolean }
  | { ok: false; errors: ResponseError[]; answers: Answers }
  | { ok: false; reason: 'noConsent' | 'needsPseudonym' | 'needsSignIn' };

/**
 * Stores one response. The form carries a one-time key, so a double submission stores
 * nothing more. Anonymous answers keep only the month; pseudonymous ones a code the person
 * chose; identified ones the account. Citizens are asked for consent to use their answers in
 * evaluation, and without it nothing is stored.
 */
export async function submitResponse(
  deps: AppDeps,
  actor: Actor,
  open: OpenQuestionnaire,
  input: { raw: Record<string, unknown>; submissionKey: string; pseudonym?: string; consent: boolean },
): Promise<SubmitResult> {
  const q = open.questionnaire;
  if (q.audience === 'citizen' && !input.consent) return { ok: false, reason: 'noConsent' };
  const pseudonym = (input.pseudonym ?? '').trim().toUpperCase();
  if (open.mode === 'pseudonymous' && !/^[A-Z0-9-]{4,20}$/.test(pseudonym)) return { ok: false, reason: 'needsPseudonym' };
  if (open.mode === 'identified' && actor.kind !== 'user') return { ok: false, reason: 'needsSignIn' };
  const checked = validateResponse(q, input.raw);
  if (!checked.ok) return { ok: false, errors: checked.errors, answers: checked.answers };
  const key = fingerprint('response', open.questionnaireId, input.submissionKey);
  const dataKey = await evaluationDataKey(deps);
  const store = async (tx: Tx, now: Date): Promise<SubmitResult> => {
    const month = `${todayIn(ZONE, now).slice(0, 7)}-01`;
    const inserted = await insertResponseOnce(tx, {
      questionnaire_id: open.questionnaireId,
      distribution_id: open.distributionId,
      round_id: open.roundId,
      organisation_id: open.organisationId,
      site_id: open.siteId,
      audience: q.audience as Audience,
      mode: open.mode,
      respondent_user_id: open.mode === 'identified' && actor.kind === 'user' ? actor.id : null,
      pseudonym: open.mode === 'pseudonymous' ? pseudonym : null,
      submitted_month: month,
      submitted_at: open.mode === 'anonymous' ? null : now,
      meeting_id: null,
      submission_key: key,
    });
    if (!inserted) return { ok: true, duplicate: true };
    await insertAnswers(deps, tx, inserted, q, checked.answers, dataKey, {
      questionnaireId: open.questionnaireId,
      roundId: open.roundId,
      siteId: open.siteId,
      month,
    });
    return { ok: true, duplicate: false };
  };
  // Anonymous answers are not tied to anyone in the log either.
  if (open.mode === 'anonymous') return withoutAudit(deps, 'anonymous answers, which belong to nobody', ({ tx, now }) => store(tx, now));
  return useCase(deps, actor, 'response.submit', async ({ tx, now, audit }) => {
    const stored = await store(tx, now);
    // A repeated submission stores nothing new but is logged as the attempt it is.
    await audit('response.submit', null, { type: 'questionnaire', id: open.questionnaireId });
    return stored;
  });
}

const ZERO = '00000000-0000-0000-0000-000000000000';

async function insertAnswers(
  deps: AppDeps,
  trx: Tx,
  responseId: string,
  q: Questionnaire,
  answers: Answers,
  dataKey: Uint8Array,
  tally: { questionnaireId: string; roundId: string | null; siteId: string | null; month: string },
): Promise<void> {
  const rows: AnswerRow[] = [];
  for (const item of q.items) {
    if (item.type === 'display') continue;
    const value = answers[item.key];
    if (value === undefined) continue;
    const base = { response_id: responseId, item_key: item.key, ordinal: 0, value_option: null, value_number: null, value_text: null };
    switch (item.type) {
      case 'singleChoice': {
        const option = item.options.find((o) => o.value === value);
        rows.push({ ...base, value_option: String(value), value_number: option?.score ?? null });
        break;
      }
      case 'multipleChoice':
        (value as string[]).forEach((v, i) => rows.push({ ...base, ordinal: i, value_option: v }));
        break;
      case 'yesNo':
        rows.push({ ...base, value_option: value ? 'yes' : 'no' });
        break;
      case 'number':
      case 'slider':
        rows.push({ ...base, value_number: Number(value) });
        break;
      case 'freeText':
        rows.push({ ...base, value_text: deps.keyring.sealText(dataKey, String(value), 'evaluation.free_text') });
        break;
    }
  }
  if (rows.length) await insertAnswerRows(trx, rows);
  // The tallies move in the same transaction: a report never counts a half-stored response.
  const where = { questionnaire_id: tally.questionnaireId, round_key: tally.roundId ?? ZERO, site_key: tally.siteId ?? ZERO, month: tally.month };
  const increments = [
    { ...where, item_key: '', value_option: '', n: 1, respondents: 1, value_sum: 0, value_count: 0 },
    ...rows.map((r) => ({
      ...where,
      item_key: r.item_key,
      value_option: r.value_option ?? '',
      n: 1,
      respondents: r.ordinal === 0 ? 1 : 0,
      value_sum: r.value_number ?? 0,
      value_count: r.value_number === null ? 0 : 1,
    })),
  ];
  for (const inc of increments) await addToTally(trx, inc);
}
