import { describe, expect, it } from 'vitest';
import { RECOVERY_USERS } from '../defaults.ts';
import { USER_ITEM_THEMES } from '../../assessment/citizens.ts';
import { CURRENT } from '../../assessment/items.ts';
import { countTables, questionnaireFigures, type TallyRow } from './questionnaire-tables.ts';
import { makeRelease, publish } from './releases.ts';
import { themeScores } from './theme-scores.ts';

const SITE = 'site';

/** Tallies of people who each gave one answer to every item (a value, or "not-for-me"). */
function tallies(people: Record<string, string>[]): TallyRow[] {
  const counts = new Map<string, number>();
  for (const p of people) for (const [item, option] of Object.entries(p)) counts.set(`${item}|${option}`, (counts.get(`${item}|${option}`) ?? 0) + 1);
  const rows: TallyRow[] = [{ site: SITE, item: '', option: '', n: people.length, respondents: 0, valueCount: 0, valueSum: 0 }];
  for (const [key, n] of counts) {
    const [item, option] = key.split('|') as [string, string];
    rows.push({ site: SITE, item, option, n, respondents: n, valueCount: 0, valueSum: 0 });
  }
  return rows;
}

function scoresOf(people: Record<string, string>[]) {
  const release = makeRelease(countTables(RECOVERY_USERS, [SITE], tallies(people)), [], 5);
  const figures = questionnaireFigures(RECOVERY_USERS, publish(release, null, 5), null, 5);
  return themeScores(RECOVERY_USERS, figures.items, USER_ITEM_THEMES, CURRENT.themes, 5);
}

const everyItem = (value: string, overrides: Record<string, string> = {}) => ({
  ...Object.fromEntries(RECOVERY_USERS.items.map((i) => [i.key, value])),
  ...overrides,
});

describe('theme scores from a release', () => {
  it('pools the items of a theme into one mean on the 1–5 scale', () => {
    const five = <T>(x: T) => [x, x, x, x, x];
    const s = scoresOf([...five(everyItem('2')), ...five(everyItem('4', { 'my-plan': '5' }))]);
    expect(s.get('participation')).toEqual({ kind: 'value', value: 3 });
    // recoveryPlans: what-matters five 2s and five 4s, my-plan five 2s and five 5s, pooled.
    expect(s.get('recoveryPlans')).toEqual({ kind: 'value', value: 3.25 });
    expect(s.size).toBe(13);
  });

  it('shows nothing per theme when fewer than k answered', () => {
    const s = scoresOf([everyItem('1'), everyItem('2'), everyItem('3'), everyItem('4')]);
    expect([...s.values()].every((m) => m.kind === 'suppressed')).toBe(true);
    expect([...scoresOf([everyItem('3'), everyItem('3'), everyItem('3'), everyItem('3')]).values()].every((m) => m.kind === 'suppressed')).toBe(true);
  });

  it('a theme is hidden where a small group gave an answer: its mean would give their answers away', () => {
    // Five people, each a different score: every count is 1, hidden, and so is every mean.
    const s = scoresOf([everyItem('1'), everyItem('2'), everyItem('3'), everyItem('4'), everyItem('5')]);
    expect([...s.values()].every((m) => m.kind === 'suppressed')).toBe(true);
  });

  it('"ved ikke / passer ikke på mig" leaves the mean alone, and a theme too few scored stays hidden', () => {
    const people = [1, 2, 3, 4, 5].map((n) => everyItem('4', { 'no-pressure': n < 3 ? 'not-for-me' : '2', 'after-force': 'not-for-me' }));
    const s = scoresOf(people);
    expect(s.get('coercion')).toEqual({ kind: 'suppressed', reason: 'tooFew' });
    expect(s.get('choice')).toEqual({ kind: 'value', value: 4 });
  });
});
