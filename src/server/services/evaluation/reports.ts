import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { useCase } from '../use-case.ts';
import { roundForViewing, roundSummary, type RoundSummary } from './rounds.ts';
import { loadQuestionnaire } from './questionnaires.ts';
import { evaluationDataKey } from './keys.ts';
import {
  freeTextAllowed,
  safeFilteredCount,
  suppressCount,
  suppressTable,
  type SuppressedCount,
  type TableEntry,
} from '../../../domain/evaluation/suppression.ts';
import { isAnswerable, type AnswerableItem, type Questionnaire } from '../../../domain/evaluation/questionnaire.ts';
import type { LocalizedText } from '../../../domain/validation/issues.ts';
import { CHIME_THEMES, SESSION_KINDS } from '../../../domain/peer/practice.ts';
import {
  activityCounts,
  answersForExport,
  peerSessionsIn,
  questionnaireTallies,
  respondedQuestionnaireIds,
  respondentsPerAudience,
  sealedFreeTexts,
  talliedQuestionnaireIds,
  type RoundSlice,
} from '../../repositories/evaluation/reports.ts';

export interface ReportFilters {
  siteId: string | null;
  from: string | null;
  to: string | null;
  /** A second period to compare with (before/after). */
  compareFrom?: string | null;
  compareTo?: string | null;
}

export interface ItemReport {
  key: string;
  type: AnswerableItem['type'];
  text: LocalizedText;
  respondents: SuppressedCount;
  options: { value: string; label: LocalizedText; count: TableEntry | SuppressedCount; percent: number | null }[];
  mean: { kind: 'value'; value: number } | { kind: 'suppressed' } | null;
  texts: string[] | null;
}

export interface QuestionnaireReport {
  id: string;
  questionnaire: Questionnaire;
  respondents: SuppressedCount;
  items: ItemReport[];
}

export interface RoundReport {
  k: number;
  period: { from: string; to: string };
  activity: {
    statements: SuppressedCount;
    meetings: SuppressedCount;
    checkIns: SuppressedCount;
    sessions: SuppressedCount;
    sessionsByKind: { key: string; count: TableEntry }[];
    sessionsByTheme: { key: string; count: SuppressedCount }[];
    respondentsByAudience: { audience: string; count: SuppressedCount }[];
  };
  questionnaires: QuestionnaireReport[];
  /** The same questionnaires in the comparison period, when one was asked for. */
  comparison: { period: { from: string; to: string }; questionnaires: QuestionnaireReport[] } | null;
}

const clampDate = (v: string | null, lo: string, hi: string) => (v && v >= lo && v <= hi ? v : null);

/**
 * A round's report: what happened in its period at its sites and with its peers, and what
 * people answered. Every count from 1 to k−1 is hidden, a hidden cell cannot be worked back
 * from totals, a filtered count is also hidden when what it leaves out of the unfiltered one
 * is small, means need k respondents, and free text needs k respondents.
 */
export async function roundReport(
  deps: AppDeps,
  actor: Actor,
  roundId: string,
  filters: ReportFilters,
): Promise<{ round: RoundSummary; sites: { id: string; name: string }[]; report: RoundReport }> {
  const loaded = await roundForViewing(deps, actor, roundId);
  const k = deps.config.SUPPRESSION_THRESHOLD;
  const { round } = loaded;
  const from = clampDate(filters.from, round.starts_on, round.ends_on) ?? round.starts_on;
  const to = clampDate(filters.to, round.starts_on, round.ends_on) ?? round.ends_on;
  const siteIds = filters.siteId && loaded.sites.some((s) => s.id === filters.siteId) ? [filters.siteId] : loaded.sites.map((s) => s.id);
  const filtered = siteIds.length !== loaded.sites.length || from !== round.starts_on || to !== round.ends_on;
  const peerIds = loaded.peers.map((p) => p.id);
  const fromTs = new Date(`${from}T00:00:00Z`);
  const toTs = new Date(new Date(`${to}T00:00:00Z`).getTime() + 24 * 3600_000);

  // Activity that counts toward the round: at its sites, or with its peers, in its period.
  const counts = async (siteSet: string[], start: Date, end: Date) => {
    const none = siteSet.length === 0 && peerIds.length === 0;
    if (none) return { statements: 0, meetings: 0, checkIns: 0 };
    return activityCounts(deps.db, siteSet, peerIds, start, end);
  };

  const sessionRows = async (siteSet: string[]) => {
    if (siteSet.length === 0 && peerIds.length === 0) return [];
    return peerSessionsIn(deps.db, roundId, siteSet, peerIds, from, to);
  };

  const here = await counts(siteIds, fromTs, toTs);
  const all = filtered
    ? await counts(
        loaded.sites.map((s) => s.id),
        new Date(`${round.starts_on}T00:00:00Z`),
        new Date(new Date(`${round.ends_on}T00:00:00Z`).getTime() + 24 * 3600_000),
      )
    : here;
  const guard = (n: number, parent: number): SuppressedCount => (filtered ? safeFilteredCount(n, parent, k) : suppressCount(n, k));

  const sessions = await sessionRows(siteIds);
  const allSessions = filtered ? await sessionRows(loaded.sites.map((s) => s.id)) : sessions;
  const kindCounts = SESSION_KINDS.map((kind) => sessions.filter((s) => s.kind === kind).length);
  const kindTable = suppressTable([kindCounts], k);
  const slice = (siteSet: string[], start: string, end: string): RoundSlice => ({
    roundId,
    siteIds: siteSet,
    allSites: loaded.sites.length,
    from: start,
    to: end,
  });
  const respondentRows = await respondentsPerAudience(deps.db, slice(siteIds, from, to));

  const questionnaireIds = await talliedQuestionnaireIds(deps.db, slice(siteIds, from, to));
  const questionnaires: QuestionnaireReport[] = [];
  // A filtered view is compared with the whole round, so that two views cannot be subtracted
  // to single out a few people. The whole-round figures are worked out once and shared.
  const wholeRound = new Map<string, Awaited<ReturnType<typeof questionnaireReport>>>();
  const parentOf = async (qid: string) => {
    let parent = wholeRound.get(qid);
    if (!parent) {
      parent = await questionnaireReport(
        deps,
        qid,
        slice(
          loaded.sites.map((s) => s.id),
          round.starts_on,
          round.ends_on,
        ),
        k,
        null,
      );
      wholeRound.set(qid, parent);
    }
    return parent;
  };
  for (const qid of questionnaireIds) {
    questionnaires.push(await questionnaireReport(deps, qid, slice(siteIds, from, to), k, filtered ? await parentOf(qid) : null));
  }

  let comparison: RoundReport['comparison'] = null;
  const cFrom = clampDate(filters.compareFrom ?? null, round.starts_on, round.ends_on);
  const cTo = clampDate(filters.compareTo ?? null, round.starts_on, round.ends_on);
  if (cFrom && cTo && cFrom <= cTo) {
    const compared: QuestionnaireReport[] = [];
    for (const qid of questionnaireIds) compared.push(await questionnaireReport(deps, qid, slice(siteIds, cFrom, cTo), k, await parentOf(qid)));
    comparison = { period: { from: cFrom, to: cTo }, questionnaires: compared };
  }

  // Aggregated, suppressed figures name nobody; the log keeps who looked at them.
  await useCase(deps, actor, 'report.view', ({ audit }) => audit('report.view', null, { type: 'round', id: roundId }));
  return {
    round: roundSummary(loaded.round),
    sites: loaded.sites,
    report: {
      k,
      period: { from, to },
      activity: {
        statements: guard(here.statements, all.statements),
        meetings: guard(here.meetings, all.meetings),
        checkIns: guard(here.checkIns, all.checkIns),
        sessions: guard(sessions.length, allSessions.length),
        sessionsByKind: SESSION_KINDS.map((kind, i) => ({ key: kind, count: kindTable.cells[0]![i]! })),
        sessionsByTheme: CHIME_THEMES.map((theme) => ({
          key: theme,
          count: suppressCount(sessions.filter((s) => (s.themes as string[]).includes(theme)).length, k),
        })),
        respondentsByAudience: ['citizen', 'colleague', 'peer'].map((audience) => ({
          audience,
          count: suppressCount(Number(respondentRows.find((r) => r.audience === audience)?.n ?? 0), k),
        })),
      },
      questionnaires,
      comparison,
    },
  };
}

interface RawCounts {
  total: number;
  respondents: Map<string, number>;
  options: Map<string, number>;
}

async function questionnaireReport(
  deps: AppDeps,
  questionnaireId: string,
  slice: RoundSlice,
  k: number,
  parent: (QuestionnaireReport & { raw: RawCounts }) | null,
): Promise<QuestionnaireReport & { raw: RawCounts }> {
  const { questionnaire } = await loadQuestionnaire(deps.db, questionnaireId);
  // Counted from the running tallies: a few rows per option and month, whatever the volume.
  const tallies = await questionnaireTallies(deps.db, slice, questionnaireId);
  const total = Number(tallies.find((r) => r.item_key === '')?.n ?? 0);
  const optionCounts = tallies.filter((r) => r.item_key !== '').map((r) => ({ ...r, value_option: r.value_option === '' ? null : r.value_option }));
  const respondentsPerItem = [...new Set(optionCounts.map((r) => r.item_key))].map((item_key) => ({
    item_key,
    n: String(optionCounts.filter((r) => r.item_key === item_key).reduce((a, r) => a + Number(r.respondents), 0)),
  }));
  const raw: RawCounts = {
    total,
    respondents: new Map(respondentsPerItem.map((r) => [r.item_key, Number(r.n)])),
    options: new Map(optionCounts.map((r) => [`${r.item_key}\u0000${r.value_option ?? ''}`, Number(r.n)])),
  };
  const guard = (n: number, parentN: number | undefined): SuppressedCount => (parent ? safeFilteredCount(n, parentN ?? n, k) : suppressCount(n, k));
  const items: ItemReport[] = [];
  for (const item of questionnaire.items) {
    if (!isAnswerable(item)) continue;
    const rows = optionCounts.filter((r) => r.item_key === item.key);
    const respondents = Number(respondentsPerItem.find((r) => r.item_key === item.key)?.n ?? 0);
    const shownRespondents = guard(respondents, parent?.raw.respondents.get(item.key));
    const report: ItemReport = { key: item.key, type: item.type, text: item.text, respondents: shownRespondents, options: [], mean: null, texts: null };
    if (item.type === 'singleChoice' || item.type === 'multipleChoice' || item.type === 'yesNo') {
      const options =
        item.type === 'yesNo'
          ? [
              { value: 'yes', label: { da: 'Ja', en: 'Yes' } },
              { value: 'no', label: { da: 'Nej', en: 'No' } },
            ]
          : item.options;
      const counts = options.map((o) => Number(rows.find((r) => r.value_option === o.value)?.n ?? 0));
      // Cells that a comparison with the unfiltered round would give away are hidden first.
      const alsoHide = parent
        ? counts.flatMap((n, i) => {
            const parentN = parent.raw.options.get(`${item.key}\u0000${options[i]!.value}`) ?? n;
            return safeFilteredCount(n, parentN, k).kind === 'suppressed' && n > 0 ? [{ row: 0, col: i }] : [];
          })
        : [];
      const table = suppressTable([counts], k, { alsoHide });
      const anyHidden = table.cells[0]!.some((c) => c.kind === 'suppressed') || shownRespondents.kind === 'suppressed';
      report.options = options.map((o, i) => {
        const count = table.cells[0]![i]!;
        return {
          value: o.value,
          label: o.label,
          count,
          percent: count.kind === 'value' && shownRespondents.kind === 'value' && respondents > 0 ? (count.value / respondents) * 100 : null,
        };
      });
      if (item.type === 'singleChoice' && item.options.some((o) => o.score !== undefined)) {
        const scored = rows.reduce((acc, r) => ({ n: acc.n + Number(r.numbers), sum: acc.sum + Number(r.sum ?? 0) }), { n: 0, sum: 0 });
        // A mean beside hidden counts would let a reader solve for them: hide it then too.
        report.mean = scored.n >= k && !anyHidden ? { kind: 'value', value: scored.sum / scored.n } : { kind: 'suppressed' };
      }
    } else if (item.type === 'number' || item.type === 'slider') {
      const scored = rows.reduce((acc, r) => ({ n: acc.n + Number(r.numbers), sum: acc.sum + Number(r.sum ?? 0) }), { n: 0, sum: 0 });
      report.mean = scored.n >= k && shownRespondents.kind === 'value' ? { kind: 'value', value: scored.sum / scored.n } : { kind: 'suppressed' };
    } else if (item.type === 'freeText') {
      if (freeTextAllowed(respondents, k) && shownRespondents.kind === 'value') {
        const key = await evaluationDataKey(deps);
        const texts = await sealedFreeTexts(deps.db, slice, questionnaireId, item.key);
        // Sorted, so the order says nothing about who answered when.
        report.texts = texts.map((t) => deps.keyring.openText(key, t, 'evaluation.free_text')).sort((a, b) => a.localeCompare(b, 'da'));
      }
    }
    items.push(report);
  }
  return { id: questionnaireId, questionnaire, respondents: guard(total, parent?.raw.total), items, raw };
}

/** Long-form rows for CSV export: one row per answer, never for a group smaller than k. */
export async function exportRows(deps: AppDeps, actor: Actor, roundId: string) {
  await roundForViewing(deps, actor, roundId);
  const k = deps.config.SUPPRESSION_THRESHOLD;
  const qids = await respondedQuestionnaireIds(deps.db, roundId);
  const out: { questionnaire: Questionnaire; responses: { id: string; answers: Record<string, string | number | boolean | string[]> }[] }[] = [];
  const key = await evaluationDataKey(deps);
  for (const qid of qids) {
    const { questionnaire } = await loadQuestionnaire(deps.db, qid);
    const rows = await answersForExport(deps.db, roundId, qid);
    const byResponse = new Map<string, Record<string, string | number | boolean | string[]>>();
    for (const r of rows) {
      const answers = byResponse.get(r.id) ?? {};
      const item = questionnaire.items.find((i) => i.key === r.item_key);
      if (!item || !isAnswerable(item)) continue;
      if (item.type === 'multipleChoice') answers[r.item_key] = [...((answers[r.item_key] as string[] | undefined) ?? []), r.value_option ?? ''];
      else if (item.type === 'yesNo') answers[r.item_key] = r.value_option === 'yes';
      else if (item.type === 'singleChoice') answers[r.item_key] = r.value_option ?? '';
      else if (item.type === 'freeText') answers[r.item_key] = r.value_text ? deps.keyring.openText(key, r.value_text, 'evaluation.free_text') : '';
      else answers[r.item_key] = Number(r.value_number);
      byResponse.set(r.id, answers);
    }
    // A questionnaire answered by fewer than k people is left out of a row-level export.
    if (byResponse.size < k) continue;
    // Response ids are replaced by sequence numbers in random order: an export links nothing.
    const shuffled = [...byResponse.values()].map((answers) => ({ sort: Math.random(), answers })).sort((a, b) => a.sort - b.sort);
    out.push({ questionnaire, responses: shuffled.map((s, i) => ({ id: `r${i + 1}`, answers: s.answers })) });
  }
  await useCase(deps, actor, 'report.export', ({ audit }) => audit('report.export', null, { type: 'round', id: roundId }));
  return out;
}
