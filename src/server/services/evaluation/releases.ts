import type { AppDeps } from '../../deps.ts';
import { withoutAudit } from '../use-case.ts';
import type { loadRound } from './rounds.ts';
import { loadQuestionnaire } from './questionnaires.ts';
import { activityCounts, peerSessionsIn, roundTallies, roundTotals, sealedFreeTextsOfRound } from '../../repositories/evaluation/reports.ts';
import {
  activityMonthsOfRound,
  insertActivityMonth,
  insertRelease,
  insertReleaseTable,
  insertReleaseTexts,
  releaseTablesOfRound,
  releaseTextsOfRound,
  releasesOfRound,
} from '../../repositories/evaluation/releases.ts';
import { makeRelease, releaseDateDue, releaseDue, respondentsOf, textBatchDue, type Release } from '../../../domain/evaluation/disclosure/releases.ts';
import { countTables, writersPerItem, type TallyRow } from '../../../domain/evaluation/disclosure/questionnaire-tables.ts';
import { closedMonths, nextMonth, type ActivityFigures } from '../../../domain/evaluation/disclosure/activity.ts';
import type { Questionnaire } from '../../../domain/evaluation/questionnaire.ts';
import { addDays, parseLocalDateTime, todayIn, ZONE } from '../../../domain/time/copenhagen.ts';
import { CHIME_THEMES, SESSION_KINDS } from '../../../domain/peer/practice.ts';

// The one place that reads a round's answers and activity for display. It does not show them:
// it makes releases (src/domain/evaluation/disclosure/) when they are due, stores them frozen,
// and hands out only what was released. Reports, PDF, CSV and FHIR all start here.

type LoadedRound = Awaited<ReturnType<typeof loadRound>>;

export interface RoundReleases {
  /** Every release of the round, oldest first. */
  releases: { number: number; madeAt: Date }[];
  /** Per questionnaire, its tables at each release where they changed, oldest first. */
  tables: Map<string, { number: number; release: Release }[]>;
  questionnaires: Map<string, Questionnaire>;
  /** Free-text answers, still sealed, with the release that let them out. */
  texts: { number: number; questionnaireId: string; itemKey: string; sealed: Uint8Array }[];
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function readReleases(deps: AppDeps, roundId: string): Promise<RoundReleases> {
  const releases = (await releasesOfRound(deps.db, roundId)).map((r) => ({ number: r.number, madeAt: r.made_at }));
  const tables = new Map<string, { number: number; release: Release }[]>();
  for (const row of await releaseTablesOfRound(deps.db, roundId)) {
    tables.set(row.questionnaire_id, [...(tables.get(row.questionnaire_id) ?? []), { number: row.number, release: row.content as Release }]);
  }
  const texts = (await releaseTextsOfRound(deps.db, roundId)).map((t) => ({
    number: t.number,
    questionnaireId: t.questionnaire_id,
    itemKey: t.item_key,
    sealed: t.sealed_text,
  }));
  return { releases, tables, questionnaires: new Map(), texts };
}

/**
 * The round's releases, after making the next one if it is due: a week after the last (or at
 * once, for the first and after the round has ended), for a questionnaire once at least k more
 * people have answered it since its last release, for a free-text item once at least k more
 * have written. Checked whenever a report or export is asked for; answers that
 * arrive after that wait for the next release, and a last remainder under k is never shown.
 */
export async function currentReleases(deps: AppDeps, loaded: LoadedRound): Promise<RoundReleases> {
  const k = deps.config.SUPPRESSION_THRESHOLD;
  const roundId = loaded.round.id;
  const stored = await readReleases(deps, roundId);
  const last = stored.releases.at(-1);
  if (!releaseDateDue(last ? todayIn(ZONE, last.madeAt) : null, todayIn(ZONE, deps.now()), loaded.round.ends_on)) {
    return { ...stored, questionnaires: await questionnairesOf(deps, [...stored.tables.keys()]) };
  }
  const totals = new Map<string, TallyRow[]>();
  for (const t of await roundTotals(deps.db, roundId)) {
    const row: TallyRow = { site: '', item: t.item_key, option: '', n: Number(t.n), respondents: 0, valueCount: 0, valueSum: 0, valueSquareSum: 0 };
    totals.set(t.questionnaire_id, [...(totals.get(t.questionnaire_id) ?? []), row]);
  }
  const questionnaires = await questionnairesOf(deps, [...new Set([...totals.keys(), ...stored.tables.keys()])]);

  const newTables: { questionnaireId: string; release: Release }[] = [];
  const newTexts: { questionnaireId: string; itemKey: string; sealed: Uint8Array }[] = [];
  for (const [questionnaireId, sums] of totals) {
    const q = questionnaires.get(questionnaireId)!;
    const earlier = (stored.tables.get(questionnaireId) ?? []).map((t) => t.release);
    const respondents = sums.find((r) => r.item === '')?.n ?? 0;
    if (releaseDue(respondents, earlier.length ? respondentsOf(earlier.at(-1)!) : 0, k)) {
      const rows: TallyRow[] = (await roundTallies(deps.db, roundId, questionnaireId)).map((t) => ({
        site: t.site_key,
        item: t.item_key,
        option: t.value_option,
        n: Number(t.n),
        respondents: Number(t.respondents),
        valueCount: Number(t.value_count),
        valueSum: Number(t.value_sum),
        valueSquareSum: Number(t.value_square_sum),
      }));
      // Rows never go away: every site of the round, every site answers came from, and every
      // row of an earlier release, in one fixed order.
      const siteKeys = new Set([...loaded.sites.map((s) => s.id), ...rows.map((r) => r.site), ...earlier.flatMap((e) => e.rows)]);
      newTables.push({ questionnaireId, release: makeRelease(countTables(q, [...siteKeys].sort(), rows), earlier, k) });
    }
    for (const [itemKey, writers] of writersPerItem(q, sums)) {
      const released = stored.texts.filter((t) => t.questionnaireId === questionnaireId && t.itemKey === itemKey);
      if (!textBatchDue(writers - released.length, k)) continue;
      const known = new Set(released.map((t) => hex(t.sealed)));
      const fresh = (await sealedFreeTextsOfRound(deps.db, roundId, questionnaireId, itemKey)).filter((s) => !known.has(hex(s)));
      // Stored in the order of their sealed bytes, which says nothing about when they came.
      fresh.sort((a, b) => hex(a).localeCompare(hex(b)));
      if (textBatchDue(fresh.length, k)) newTexts.push(...fresh.map((sealed) => ({ questionnaireId, itemKey, sealed })));
    }
  }
  if (newTables.length === 0 && newTexts.length === 0) return { ...stored, questionnaires };

  const number = (stored.releases.at(-1)?.number ?? 0) + 1;
  await withoutAudit(deps, 'a release holds counts of at least k people and names nobody', async ({ tx, now }) => {
    // Two reports opened at once: the first makes the release, the second reads it.
    if (!(await insertRelease(tx, roundId, number, now))) return;
    for (const t of newTables) {
      await insertReleaseTable(tx, { roundId, number, questionnaireId: t.questionnaireId, respondents: respondentsOf(t.release), content: t.release });
    }
    await insertReleaseTexts(
      tx,
      newTexts.map((t) => ({ roundId, number, questionnaireId: t.questionnaireId, itemKey: t.itemKey, sealedText: t.sealed })),
    );
  });
  return { ...(await readReleases(deps, roundId)), questionnaires };
}

async function questionnairesOf(deps: AppDeps, ids: readonly string[]): Promise<Map<string, Questionnaire>> {
  const out = new Map<string, Questionnaire>();
  for (const id of ids) out.set(id, (await loadQuestionnaire(deps.db, id)).questionnaire);
  return out;
}

/** A questionnaire's release as it stood at round release `number` (0: before any). */
export function releaseAt(r: RoundReleases, questionnaireId: string, number: number): Release | null {
  const list = r.tables.get(questionnaireId) ?? [];
  let out: Release | null = null;
  for (const t of list) if (t.number <= number) out = t.release;
  return out;
}

/**
 * The round's activity per closed calendar month, counting and storing any closed month not
 * yet counted. The running month is never counted.
 */
export async function releasedActivity(deps: AppDeps, loaded: LoadedRound): Promise<{ month: string; figures: ActivityFigures }[]> {
  const { round } = loaded;
  const stored = await activityMonthsOfRound(deps.db, round.id);
  const have = new Set(stored.map((m) => m.month));
  const missing = closedMonths(round.starts_on, round.ends_on, todayIn(ZONE, deps.now())).filter((m) => !have.has(m));
  if (missing.length === 0) return stored.map((m) => ({ month: m.month, figures: m.figures as ActivityFigures }));
  const siteIds = loaded.sites.map((s) => s.id);
  const peerIds = loaded.peers.map((p) => p.id);
  const counted: { month: string; figures: ActivityFigures }[] = [];
  for (const month of missing) {
    // The part of the month inside the round, from Danish midnight to Danish midnight.
    const firstDay = `${month}-01` < round.starts_on ? round.starts_on : `${month}-01`;
    const dayAfter = `${nextMonth(month)}-01`;
    const lastDay = round.ends_on < dayAfter ? round.ends_on : null;
    const start = parseLocalDateTime(`${firstDay}T00:00`)!;
    const end = lastDay ? new Date(parseLocalDateTime(`${lastDay}T00:00`)!.getTime() + 24 * 3600_000) : parseLocalDateTime(`${dayAfter}T00:00`)!;
    const none = siteIds.length === 0 && peerIds.length === 0;
    const counts = none ? { statements: 0, meetings: 0, checkIns: 0 } : await activityCounts(deps.db, siteIds, peerIds, start, end);
    const sessions = none ? [] : await peerSessionsIn(deps.db, round.id, siteIds, peerIds, firstDay, lastDay ?? addDays(dayAfter, -1));
    counted.push({
      month,
      figures: {
        ...counts,
        sessionsByKind: Object.fromEntries(SESSION_KINDS.map((kind) => [kind, sessions.filter((s) => s.kind === kind).length])),
        sessionsByTheme: Object.fromEntries(CHIME_THEMES.map((theme) => [theme, sessions.filter((s) => (s.themes as string[]).includes(theme)).length])),
      },
    });
  }
  await withoutAudit(deps, 'monthly activity counts of a round name nobody', async ({ tx }) => {
    for (const m of counted) await insertActivityMonth(tx, round.id, `${m.month}-01`, m.figures);
  });
  return (await activityMonthsOfRound(deps.db, round.id)).map((m) => ({ month: m.month, figures: m.figures as ActivityFigures }));
}
