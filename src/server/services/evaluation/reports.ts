import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { useCase } from '../use-case.ts';
import { loadRound, roundForViewing, roundSummary, type RoundSummary } from './rounds.ts';
import { roundsAskingAt } from '../../repositories/evaluation/rounds.ts';
import { themeScores } from '../../../domain/evaluation/disclosure/theme-scores.ts';
import { evaluationDataKey } from './keys.ts';
import { currentReleases, releaseAt, releasedActivity, type RoundReleases } from './releases.ts';
import type { SuppressedCount, SuppressedMean } from '../../../domain/evaluation/disclosure/suppression.ts';
import { publish } from '../../../domain/evaluation/disclosure/releases.ts';
import { questionnaireFigures, type ItemFigures } from '../../../domain/evaluation/disclosure/questionnaire-tables.ts';
import { shownActivityMonth, type ShownActivityMonth } from '../../../domain/evaluation/disclosure/activity.ts';
import type { Questionnaire } from '../../../domain/evaluation/questionnaire.ts';
import { todayIn, ZONE } from '../../../domain/time/copenhagen.ts';
import { CHIME_THEMES, SESSION_KINDS } from '../../../domain/peer/practice.ts';

// A round's report, PDF, CSV and FHIR: every figure comes from a frozen release through the
// disclosure layer (src/domain/evaluation/disclosure/). Filters are predefined: a site (one row
// of the released tables) and a period from one release to another.

export interface ReportFilters {
  siteId: string | null;
  /** Release numbers: the period after release `from` (0: the start) up to release `to`. */
  from: number | null;
  to: number | null;
  /** A second period to compare with (before/after). */
  compareFrom?: number | null;
  compareTo?: number | null;
}

export interface ItemReport extends ItemFigures {
  /** Free text, sorted; null when none may be shown. */
  texts: string[] | null;
  /** Why no texts are shown: too few wrote yet, or a site is chosen (texts are for the whole round). */
  textsHidden: 'tooFew' | 'wholeRoundOnly' | null;
}

export interface QuestionnaireReport {
  id: string;
  questionnaire: Questionnaire;
  respondents: SuppressedCount;
  items: ItemReport[];
}

export interface ReleaseItem {
  number: number;
  /** The Danish date it was made. */
  madeOn: string;
}

export interface Period {
  from: number;
  to: number;
}

export interface RoundReport {
  k: number;
  releases: ReleaseItem[];
  /** null before the first release. */
  period: Period | null;
  siteId: string | null;
  activity: {
    months: ShownActivityMonth[];
    respondentsByAudience: { audience: string; count: SuppressedCount }[];
  };
  questionnaires: QuestionnaireReport[];
  /** The same questionnaires in the comparison period, when one was asked for. */
  comparison: { period: Period; questionnaires: QuestionnaireReport[] } | null;
}

function validPeriod(from: number | null | undefined, to: number | null | undefined, latest: number): Period | null {
  if (latest === 0) return null;
  const end = to !== null && to !== undefined && Number.isInteger(to) && to >= 1 && to <= latest ? to : latest;
  const start = from !== null && from !== undefined && Number.isInteger(from) && from >= 0 && from < end ? from : 0;
  return { from: start, to: end };
}

async function questionnaireReports(deps: AppDeps, r: RoundReleases, period: Period, siteId: string | null, k: number): Promise<QuestionnaireReport[]> {
  const out: QuestionnaireReport[] = [];
  let key: Uint8Array | null = null;
  for (const [id, q] of r.questionnaires) {
    const to = releaseAt(r, id, period.to);
    if (!to) continue;
    const figures = questionnaireFigures(q, publish(to, releaseAt(r, id, period.from), k), siteId, k);
    const items: ItemReport[] = [];
    for (const item of figures.items) {
      if (item.type !== 'freeText') {
        items.push({ ...item, texts: null, textsHidden: null });
        continue;
      }
      if (siteId) {
        items.push({ ...item, texts: null, textsHidden: 'wholeRoundOnly' });
        continue;
      }
      const sealed = r.texts.filter((t) => t.questionnaireId === id && t.itemKey === item.key && t.number > period.from && t.number <= period.to);
      if (sealed.length === 0) {
        items.push({ ...item, texts: null, textsHidden: 'tooFew' });
        continue;
      }
      key ??= await evaluationDataKey(deps);
      const dataKey = key;
      // Sorted, so the order says nothing about who wrote when.
      const texts = sealed.map((t) => deps.keyring.openText(dataKey, t.sealed, 'evaluation.free_text')).sort((a, b) => a.localeCompare(b, 'da'));
      items.push({ ...item, respondents: { kind: 'value', value: texts.length }, texts, textsHidden: null });
    }
    out.push({ id, questionnaire: q, respondents: figures.respondents, items });
  }
  return out;
}

/**
 * A round's report: released figures only. Nothing on it moves between two releases, whatever
 * filters are chosen or however often it is loaded.
 */
export async function roundReport(
  deps: AppDeps,
  actor: Actor,
  roundId: string,
  filters: ReportFilters,
): Promise<{ round: RoundSummary; sites: { id: string; name: string }[]; report: RoundReport }> {
  const loaded = await roundForViewing(deps, actor, roundId);
  const k = deps.config.SUPPRESSION_THRESHOLD;
  const releases = await currentReleases(deps, loaded);
  const activity = await releasedActivity(deps, loaded);
  const latest = releases.releases.at(-1)?.number ?? 0;
  const siteId = filters.siteId && loaded.sites.some((s) => s.id === filters.siteId) ? filters.siteId : null;
  const period = validPeriod(filters.from, filters.to, latest);
  const questionnaires = period ? await questionnaireReports(deps, releases, period, siteId, k) : [];

  let comparison: RoundReport['comparison'] = null;
  if (filters.compareTo !== null && filters.compareTo !== undefined && latest > 0) {
    const compared = validPeriod(filters.compareFrom, filters.compareTo, latest);
    if (compared) comparison = { period: compared, questionnaires: await questionnaireReports(deps, releases, compared, siteId, k) };
  }

  const byAudience = (audience: string): SuppressedCount => {
    const counts = questionnaires.filter((q) => q.questionnaire.audience === audience).map((q) => q.respondents);
    if (counts.some((c) => c.kind === 'suppressed')) return { kind: 'suppressed' };
    return { kind: 'value', value: counts.reduce((a, c) => a + (c.kind === 'value' ? c.value : 0), 0) };
  };

  // Released, suppressed figures name nobody; the log keeps who looked at them.
  await useCase(deps, actor, 'report.view', ({ audit }) => audit('report.view', null, { type: 'round', id: roundId }));
  return {
    round: roundSummary(loaded.round),
    sites: loaded.sites,
    report: {
      k,
      releases: releases.releases.map((r) => ({ number: r.number, madeOn: todayIn(ZONE, r.madeAt) })),
      period,
      siteId,
      activity: {
        months: activity.map((m) => shownActivityMonth(m.month, m.figures, SESSION_KINDS, CHIME_THEMES, k)),
        respondentsByAudience: ['citizen', 'colleague', 'peer'].map((audience) => ({ audience, count: byAudience(audience) })),
      },
      questionnaires,
      comparison,
    },
  };
}

/** One row of the aggregate export: a count at one release, for one site or all. */
export interface ReleasedCount {
  release: number;
  releasedOn: string;
  questionnaire: Questionnaire;
  /** null for all sites together. */
  siteId: string | null;
  siteName: string | null;
  item: ItemReport;
}

/**
 * What leaves the app of a round's anonymous answers: the released figures, per release and
 * per site and for all sites, exactly as the report shows them (free text is left out). Whoever
 * has two releases can subtract them; the releases were made so that this gives away nothing.
 */
export async function releasedCounts(deps: AppDeps, actor: Actor, roundId: string): Promise<{ k: number; rows: ReleasedCount[] }> {
  const loaded = await roundForViewing(deps, actor, roundId);
  const k = deps.config.SUPPRESSION_THRESHOLD;
  const releases = await currentReleases(deps, loaded);
  const rows: ReleasedCount[] = [];
  const sites: { id: string | null; name: string | null }[] = [{ id: null, name: null }, ...loaded.sites.map((s) => ({ id: s.id, name: s.name }))];
  for (const r of releases.releases) {
    for (const [id, q] of releases.questionnaires) {
      const release = releaseAt(releases, id, r.number);
      if (!release) continue;
      const published = publish(release, null, k);
      for (const site of sites) {
        for (const item of questionnaireFigures(q, published, site.id, k).items) {
          if (item.type === 'freeText') continue;
          rows.push({
            release: r.number,
            releasedOn: todayIn(ZONE, r.madeAt),
            questionnaire: q,
            siteId: site.id,
            siteName: site.name,
            item: { ...item, texts: null, textsHidden: null },
          });
        }
      }
    }
  }
  await useCase(deps, actor, 'report.export', ({ audit }) => audit('report.export', null, { type: 'round', id: roundId }));
  return { k, rows };
}

/** What the users of a site said, per theme, in the latest round that asked them. */
export interface ReleasedThemeScores {
  roundTitle: string;
  /** The Danish date of the release the scores come from; null when nothing is released yet. */
  releasedOn: string | null;
  /** Per theme; every theme hidden when fewer than k answered. */
  scores: Map<string, SuppressedMean>;
}

/**
 * The users' theme scores for a site, for a team's self-assessment page: from the latest round
 * of the organisation that includes the site and has a link to the built-in questionnaire `key`,
 * its latest release, through the disclosure layer like every report. The site's own row of the
 * released tables, or the round's totals when the site is the round's only one. Released figures
 * name nobody; null when no round asked the site's users.
 */
export async function releasedThemeScores(
  deps: AppDeps,
  at: { organisationId: string; siteId: string },
  questionnaire: { key: string; themeOf: Readonly<Record<string, string>>; themes: readonly string[] },
): Promise<ReleasedThemeScores | null> {
  const [roundId] = await roundsAskingAt(deps.db, at.organisationId, at.siteId, questionnaire.key);
  if (!roundId) return null;
  const k = deps.config.SUPPRESSION_THRESHOLD;
  const loaded = await loadRound(deps, roundId);
  const releases = await currentReleases(deps, loaded);
  const hidden = (): Map<string, SuppressedMean> => new Map(questionnaire.themes.map((t) => [t, { kind: 'suppressed', reason: 'tooFew' }]));
  const latest = releases.releases.at(-1);
  // The newest version of the questionnaire that has a release.
  let found: { q: Questionnaire; id: string; number: number } | null = null;
  for (const [id, q] of releases.questionnaires) {
    const list = releases.tables.get(id) ?? [];
    const last = list.at(-1);
    if (q.key !== questionnaire.key || !last || (found && found.q.version > q.version)) continue;
    found = { q, id, number: last.number };
  }
  if (!latest || !found) return { roundTitle: loaded.round.title, releasedOn: null, scores: hidden() };
  const row = loaded.sites.length === 1 && loaded.sites[0]!.id === at.siteId ? null : at.siteId;
  const ofQuestionnaire = (releases.tables.get(found.id) ?? []).map((t) => t.release);
  const madeAt = releases.releases.find((r) => r.number === found.number)!.madeAt;
  return {
    roundTitle: loaded.round.title,
    releasedOn: todayIn(ZONE, madeAt),
    scores: themeScores(found.q, ofQuestionnaire, row, questionnaire.themeOf, questionnaire.themes, k),
  };
}
