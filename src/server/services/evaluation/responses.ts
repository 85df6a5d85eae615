import crypto from 'node:crypto';
import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { authorize, peerMembershipIn } from '../../policy/policy.ts';
import type { Audience, Locale, ResponseMode } from '../../db/schema.ts';
import type { Tx } from '../../db/database.ts';
import { useCase, withoutAudit } from '../use-case.ts';
import { ZONE, todayIn } from '../../../domain/time/copenhagen.ts';
import { AccessDenied, BadInput, NotFound } from '../../errors.ts';
import { hashToken } from '../../crypto/tokens.ts';
import { consume } from '../rate-limit.ts';
import { evaluationDataKey, fingerprint } from './keys.ts';
import { defaultQuestionnaireId, loadQuestionnaire } from './questionnaires.ts';
import { AFTER_MEETING, PEER_PRACTICE } from '../../../domain/evaluation/defaults.ts';
import type { Answers, Questionnaire } from '../../../domain/evaluation/questionnaire.ts';
import { validateResponse, type ResponseError } from '../../../domain/evaluation/questionnaire-responses.ts';
import { findMeeting } from '../../repositories/meetings.ts';
import { markCheckInAnswered, markCheckInOffered } from '../meetings.ts';
import { organisationOfSite, roundAtSiteOn, roundHasSite, roundOfPeerOn } from '../../repositories/evaluation/rounds.ts';
import {
  addToTally,
  findDistributionByTokenHash,
  insertAnswers as insertAnswerRows,
  answersOfResponses,
  insertResponseOnce,
  responseWithKeyExists,
  responsesOfPerson,
  type AnswerRow,
} from '../../repositories/evaluation/responses.ts';
import { countQueuedAnswers, enqueueAnswer, takeQueuedAnswers } from '../../repositories/evaluation/answer-queue.ts';

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
  await consume(deps, 'survey-token', ip, deps.config.TOKEN_LIMIT_PER_ADDRESS * 10, 10);
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

/** The check-in page for a meeting: its questionnaire, and the meeting notes that it was offered. */
export async function offerCheckIn(deps: AppDeps, actor: Actor, meetingId: string): Promise<OpenQuestionnaire> {
  const open = await checkInForMeeting(deps, actor, meetingId);
  await markCheckInOffered(deps, actor, meetingId);
  return open;
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
 * nothing more. Anonymous answers keep only the month and wait in a queue to be written in a
 * batch (see flushAnswerQueue); pseudonymous ones keep a code the person chose; identified ones
 * the account. Citizens are asked for consent to use their answers in evaluation, and without
 * it nothing is stored.
 */
export async function submitResponse(
  deps: AppDeps,
  actor: Actor,
  open: OpenQuestionnaire,
  input: { raw: Record<string, unknown>; submissionKey: string; pseudonym?: string; consent: boolean },
): Promise<SubmitResult> {
  const prepared = await prepareResponse(deps, actor, open, input);
  if (!prepared.ok) return prepared;
  const { key, rows, pseudonym } = prepared;
  const q = open.questionnaire;
  if (open.mode === 'anonymous') return queueAnonymous(deps, open, key, rows);
  // Identified and pseudonymous answers are tied to someone by design: written at once and logged.
  return useCase(deps, actor, 'response.submit', async ({ tx, now, audit }) => {
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
      submitted_month: monthOf(now),
      submitted_at: now,
      meeting_id: null,
      submission_key: key,
    });
    if (inserted)
      await writeAnswers(tx, inserted, rows, { questionnaireId: open.questionnaireId, roundId: open.roundId, siteId: open.siteId, month: monthOf(now) });
    // A repeated submission stores nothing new but is logged as the attempt it is. A stored one
    // names the response: the signed-in person's own record of it, which their export reads and
    // their erasure follows (responsesOfPerson).
    await audit('response.submit', null, inserted ? { type: 'response', id: inserted } : { type: 'questionnaire', id: open.questionnaireId });
    return { ok: true, duplicate: !inserted };
  });
}

type Prepared = { ok: true; key: string; rows: NewAnswerRow[]; pseudonym: string } | Exclude<SubmitResult, { ok: true }>;

/** Consent, the respondent's code or account, and the answers themselves, checked; nothing stored yet. */
async function prepareResponse(
  deps: AppDeps,
  actor: Actor,
  open: OpenQuestionnaire,
  input: { raw: Record<string, unknown>; submissionKey: string; pseudonym?: string; consent: boolean },
): Promise<Prepared> {
  const q = open.questionnaire;
  if (q.audience === 'citizen' && !input.consent) return { ok: false, reason: 'noConsent' };
  const pseudonym = (input.pseudonym ?? '').trim().toUpperCase();
  if (open.mode === 'pseudonymous' && !/^[A-Z0-9-]{4,20}$/.test(pseudonym)) return { ok: false, reason: 'needsPseudonym' };
  if (open.mode === 'identified' && actor.kind !== 'user') return { ok: false, reason: 'needsSignIn' };
  const checked = validateResponse(q, input.raw);
  if (!checked.ok) return { ok: false, errors: checked.errors, answers: checked.answers };
  const key = fingerprint('response', open.questionnaireId, input.submissionKey);
  return { ok: true, key, rows: answerRows(deps, q, checked.answers, await evaluationDataKey(deps)), pseudonym };
}

/**
 * The after-meeting check-in answered on the meeting page: asked once, and counted once. The
 * meeting first notes that it was answered (in a transaction of its own, logged for the person);
 * only a meeting whose check-in was still open then sends the answer on, anonymously, the way
 * every anonymous answer goes (queueAnonymous): nothing in the answer row points back to the
 * person or the meeting. A second form, a double tap, or a meeting whose old separate
 * questionnaire was shown before count nothing more. If the process stops between the two steps
 * the answer is lost rather than counted twice.
 */
export async function answerCheckIn(
  deps: AppDeps,
  actor: Actor,
  meetingId: string,
  input: { raw: Record<string, unknown>; submissionKey: string; consent: boolean },
): Promise<SubmitResult> {
  const open = await checkInForMeeting(deps, actor, meetingId);
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  // The form is on the page only once the meeting has begun.
  if (meeting.starts_at > deps.now()) throw new BadInput();
  if (meeting.check_in !== 'open') return { ok: true, duplicate: true };
  const prepared = await prepareResponse(deps, actor, open, input);
  if (!prepared.ok) return prepared;
  if (!(await markCheckInAnswered(deps, actor, meetingId))) return { ok: true, duplicate: true };
  return queueAnonymous(deps, open, prepared.key, prepared.rows);
}

const monthOf = (now: Date) => `${todayIn(ZONE, now).slice(0, 7)}-01`;

/**
 * An anonymous answer goes into the queue in a transaction of its own, which writes nothing
 * else: not the meeting it is about, not a log row, not the time (only the month). Once the
 * queue holds a whole batch, the batch is written where reports count it.
 */
async function queueAnonymous(deps: AppDeps, open: OpenQuestionnaire, key: string, rows: NewAnswerRow[]): Promise<SubmitResult> {
  const queued = await withoutAudit(deps, 'anonymous answers, which belong to nobody', async ({ tx, now }) => {
    if (await responseWithKeyExists(tx, key)) return false;
    return enqueueAnswer(tx, {
      questionnaire_id: open.questionnaireId,
      distribution_id: open.distributionId,
      round_id: open.roundId,
      organisation_id: open.organisationId,
      site_id: open.siteId,
      audience: open.questionnaire.audience as Audience,
      month: monthOf(now),
      submission_key: key,
      answers: rows.map((r) => ({ ...r, value_text: r.value_text ? Buffer.from(r.value_text).toString('base64') : null })),
    });
  });
  if (queued) {
    // The answer is safe in the queue: a failed batch waits for the next one or the timer.
    await flushAnswerQueue(deps, { all: false }).catch((error: unknown) =>
      deps.logger.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'writing a batch of answers failed'),
    );
  }
  return { ok: true, duplicate: !queued };
}

class TooFew extends Error {}

/**
 * Writes waiting anonymous answers where reports count them (responses, answers, tallies): in
 * transactions of at least a batch (ANSWER_BATCH_SIZE; a remainder smaller than a batch goes
 * with the last one), picked and written in random order, so neither the transaction nor the
 * order of the rows tells which answer came when. Returns how many were written.
 *
 * `all: false` (after each new answer) writes only whole batches: a lone answer is never
 * written right after it was given. The price is that reports lag behind until a batch is full
 * (reports also release new figures only once enough new people have answered, so little is
 * lost). `all: true` (the hourly timer, a clean shutdown, `admin flush-answers`) also writes a
 * remainder, so no answer waits for ever; that write comes at a set time, not when someone
 * answered. What this cannot hide is someone watching the database live, who sees a queue
 * row appear; it protects what is stored, backed up and read afterwards.
 */
export async function flushAnswerQueue(deps: Pick<AppDeps, 'db' | 'now' | 'config'>, options: { all: boolean }): Promise<number> {
  const batch = deps.config.ANSWER_BATCH_SIZE;
  let written = 0;
  for (;;) {
    const waiting = await countQueuedAnswers(deps.db);
    if (waiting === 0 || (waiting < batch && !options.all)) return written;
    const take = waiting < 2 * batch ? waiting : batch;
    try {
      written += await withoutAudit(deps, 'anonymous answers, which belong to nobody', async ({ tx }) => {
        const queued = shuffled(await takeQueuedAnswers(tx, take));
        // Another writer took some of them at the same moment: leave them all for a whole batch.
        if (queued.length === 0 || (queued.length < batch && !options.all)) throw new TooFew();
        for (const a of queued) {
          const id = await insertResponseOnce(tx, {
            questionnaire_id: a.questionnaire_id,
            distribution_id: a.distribution_id,
            round_id: a.round_id,
            organisation_id: a.organisation_id,
            site_id: a.site_id,
            audience: a.audience,
            mode: 'anonymous',
            respondent_user_id: null,
            pseudonym: null,
            submitted_month: a.month,
            submitted_at: null,
            meeting_id: null,
            submission_key: a.submission_key,
          });
          // Already written (a repeat that came in after the first copy left the queue).
          if (!id) continue;
          const rows = a.answers.map((r) => ({ ...r, value_text: r.value_text === null ? null : new Uint8Array(Buffer.from(r.value_text, 'base64')) }));
          await writeAnswers(tx, id, rows, { questionnaireId: a.questionnaire_id, roundId: a.round_id, siteId: a.site_id, month: a.month });
        }
        return queued.length;
      });
    } catch (error) {
      if (error instanceof TooFew) return written;
      throw error;
    }
  }
}

/** Fisher–Yates with the system's random source. */
function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const ZERO = '00000000-0000-0000-0000-000000000000';

type NewAnswerRow = Omit<AnswerRow, 'response_id'>;

/** The rows one response's answers become; free text sealed with the evaluation key. */
function answerRows(deps: AppDeps, q: Questionnaire, answers: Answers, dataKey: Uint8Array): NewAnswerRow[] {
  const rows: NewAnswerRow[] = [];
  for (const item of q.items) {
    if (item.type === 'display') continue;
    const value = answers[item.key];
    if (value === undefined) continue;
    const base = { item_key: item.key, ordinal: 0, value_option: null, value_number: null, value_text: null };
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
  return rows;
}

async function writeAnswers(
  trx: Tx,
  responseId: string,
  answerRowsOfResponse: NewAnswerRow[],
  tally: { questionnaireId: string; roundId: string | null; siteId: string | null; month: string },
): Promise<void> {
  const rows: AnswerRow[] = answerRowsOfResponse.map((r) => ({ ...r, response_id: responseId }));
  if (rows.length) await insertAnswerRows(trx, rows);
  // The tallies move in the same transaction: a report never counts a half-stored response.
  const where = { questionnaire_id: tally.questionnaireId, round_key: tally.roundId ?? ZERO, site_key: tally.siteId ?? ZERO, month: tally.month };
  const increments = [
    { ...where, item_key: '', value_option: '', n: 1, respondents: 1, value_sum: 0, value_square_sum: 0, value_count: 0 },
    ...rows.map((r) => ({
      ...where,
      item_key: r.item_key,
      value_option: r.value_option ?? '',
      n: 1,
      respondents: r.ordinal === 0 ? 1 : 0,
      value_sum: r.value_number ?? 0,
      value_square_sum: (r.value_number ?? 0) ** 2,
      value_count: r.value_number === null ? 0 : 1,
    })),
  ];
  for (const inc of increments) await addToTally(trx, inc);
}

/** One of the person's own answers, in their language: the question, and the value with its option's wording. */
export interface MyAnswerItem {
  item: string;
  question: string;
  /** The option value(s), the number, yes/no, or the free text as written. */
  value: string | string[] | number | boolean;
  /** The wording of the chosen option(s). */
  label?: string;
}

export interface MyResponse {
  id: string;
  questionnaire: { key: string; version: number; title: string };
  mode: 'identified' | 'pseudonymous';
  pseudonym: string | null;
  submittedAt: Date | null;
  answers: MyAnswerItem[];
}

/**
 * The person's own identified answers, and the pseudonymous ones they gave while signed in.
 * Anonymous answers are not linked to anyone, so they are not here (see responsesOfPerson).
 */
export async function myAnswers(deps: AppDeps, actor: Actor, locale: Locale): Promise<MyResponse[]> {
  authorize(actor, 'account.use');
  const { responses, rows } = await useCase(deps, actor, 'response.list', async ({ tx, audit }) => {
    const responses = await responsesOfPerson(tx, actor.id);
    const rows = await answersOfResponses(
      tx,
      responses.map((r) => r.id),
    );
    await audit('response.list', actor.id);
    return { responses, rows };
  });
  const key = await evaluationDataKey(deps);
  const out: MyResponse[] = [];
  for (const r of responses) {
    const { questionnaire: q } = await loadQuestionnaire(deps.db, r.questionnaire_id);
    const answers: MyAnswerItem[] = [];
    for (const item of q.items) {
      if (item.type === 'display') continue;
      const given = rows.filter((a) => a.response_id === r.id && a.item_key === item.key);
      if (given.length === 0) continue;
      const base = { item: item.key, question: item.text[locale] };
      const optionLabel = (value: string | null) =>
        'options' in item ? (item.options as { value: string; label: Record<Locale, string> }[]).find((o) => o.value === value)?.label[locale] : undefined;
      switch (item.type) {
        case 'singleChoice': {
          const label = optionLabel(given[0]!.value_option);
          answers.push({ ...base, value: given[0]!.value_option ?? '', ...(label ? { label } : {}) });
          break;
        }
        case 'multipleChoice':
          answers.push({
            ...base,
            value: given.map((a) => a.value_option ?? ''),
            label: given.map((a) => optionLabel(a.value_option) ?? a.value_option ?? '').join(', '),
          });
          break;
        case 'yesNo':
          answers.push({ ...base, value: given[0]!.value_option === 'yes' });
          break;
        case 'number':
        case 'slider':
          answers.push({ ...base, value: given[0]!.value_number ?? 0 });
          break;
        case 'freeText':
          answers.push({ ...base, value: given[0]!.value_text ? deps.keyring.openText(key, given[0]!.value_text, 'evaluation.free_text') : '' });
          break;
      }
    }
    out.push({
      id: r.id,
      questionnaire: { key: q.key, version: q.version, title: q.title[locale] },
      mode: r.mode as 'identified' | 'pseudonymous',
      pseudonym: r.pseudonym,
      submittedAt: r.submitted_at,
      answers,
    });
  }
  return out;
}
