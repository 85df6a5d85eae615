import { describe, expect, it } from 'vitest';
import { CURRENT, ITEM_SETS, ITEMS, ITEMS_VERSION, itemSet, itemsOf } from './items.ts';
import { changeBetween, combine, parseAnswers, personThemeMeans, roundOutcome, storedAnswers, type AssessmentAnswers } from './scoring.ts';
import { radarGeometry } from './radar.ts';

const all = (value: number | null): AssessmentAnswers => Object.fromEntries(ITEMS.map((i) => [i.key, value]));

describe('assessment items', () => {
  it('has 2–3 items for each of the thirteen themes, with unique keys', () => {
    expect(CURRENT.themes).toHaveLength(13);
    for (const t of CURRENT.themes) expect([2, 3]).toContain(itemsOf(t).length);
    expect(new Set(ITEMS.map((i) => i.key)).size).toBe(ITEMS.length);
  });

  it('version 2 adds basic needs, access to treatment and staff skills; version 1 stays as it was', () => {
    expect(ITEMS_VERSION).toBe('egne-ord-recovery-v2');
    const v1 = itemSet('egne-ord-recovery-v1');
    expect(v1.themes).toHaveLength(10);
    expect(v1.items).toHaveLength(25);
    expect(CURRENT.themes.filter((t) => !v1.themes.includes(t))).toEqual(['basicNeeds', 'treatmentAccess', 'staffSkills']);
    // The old items keep their keys and words, so a theme compares across versions.
    expect(CURRENT.items.slice(0, v1.items.length)).toEqual(v1.items);
    expect(ITEMS.find((i) => i.key === 'treatmentAccess.2')!.text.da).toMatch(/indlæggelse/);
    expect(itemSet('unknown')).toBe(ITEM_SETS[0]);
  });

  it('a round of version 1 is read, checked and scored with its own items', () => {
    const v1 = itemSet('egne-ord-recovery-v1');
    const raw = Object.fromEntries(v1.items.map((i) => [i.key, '2']));
    expect(parseAnswers(raw, v1).ok).toBe(true);
    // The same answers would miss the new items in a version 2 round.
    const v2 = parseAnswers(raw);
    expect(!v2.ok && v2.missing).toEqual(['basicNeeds.1', 'basicNeeds.2', 'treatmentAccess.1', 'treatmentAccess.2', 'staffSkills.1', 'staffSkills.2']);
    const stored = storedAnswers({ ...Object.fromEntries(v1.items.map((i) => [i.key, 2])), 'basicNeeds.1': 5 }, v1);
    expect(Object.keys(stored)).toHaveLength(25);
    const result = combine([stored, stored, stored, stored, stored], 5, v1);
    expect(result.themes.map((t) => t.theme)).toEqual(v1.themes);
    expect(result.themes.every((t) => t.mean.kind === 'value' && t.mean.value === 2)).toBe(true);
    // Compared with a version 2 round, the new themes have no change (nothing to compare with).
    const now = combine(
      Array.from({ length: 5 }, () => all(3)),
      5,
    );
    const change = changeBetween(now, result);
    expect(change.participation).toBe(1);
    expect(change.basicNeeds).toBeNull();
  });

  it('says "peer", never "peer-medarbejder" (the glossary)', () => {
    for (const item of ITEMS) expect(item.text.da).not.toMatch(/peer-medarbejder/i);
  });
});

describe('scoring', () => {
  it('needs every item answered; "don\'t know" counts as answered but not scored', () => {
    const raw = Object.fromEntries(ITEMS.map((i) => [i.key, '4']));
    raw['coercion.1'] = 'dk';
    const parsed = parseAnswers(raw);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.answers['coercion.1']).toBeNull();
      expect(personThemeMeans(parsed.answers).coercion).toBe(4);
    }
    delete raw['choice.2'];
    raw['choice.1'] = '6';
    const bad = parseAnswers(raw);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.missing).toEqual(['choice.1', 'choice.2']);
    expect(storedAnswers({ 'choice.1': 9, 'choice.2': null, junk: 1 })).toEqual({ 'choice.2': null });
  });

  it('hides everything below k, shows theme means at k, and a theme everyone "doesn\'t know" stays hidden', () => {
    const four = [all(2), all(3), all(4), all(5)];
    const below = combine(four, 5);
    expect(below.shown).toBe(false);
    expect(below.needed).toBe(1);
    expect(below.respondents).toEqual({ kind: 'suppressed' });
    expect(below.themes.every((t) => t.mean.kind === 'suppressed')).toBe(true);
    const fifth = all(1);
    for (const i of itemsOf('coercion')) fifth[i.key] = null;
    const at = combine([...four, fifth], 5);
    expect(at.shown).toBe(true);
    expect(at.needed).toBe(0);
    expect(at.themes.find((t) => t.theme === 'participation')!.mean).toEqual({ kind: 'value', value: 3, n: 5 });
    expect(at.themes.find((t) => t.theme === 'coercion')!.mean).toEqual({ kind: 'suppressed', reason: 'tooFew' });
  });

  it('computes change between rounds where both are shown', () => {
    const before = combine([all(2), all(2), all(3), all(3), all(2)], 5);
    const now = combine([all(4), all(4), all(3), all(3), all(4)], 5);
    const change = changeBetween(now, before);
    expect(change.participation).toBe(1.2);
    expect(changeBetween(now, null).participation).toBeNull();
  });
});

describe('radar geometry', () => {
  it('puts the first axis straight up and the rim at max', () => {
    const g = radarGeometry({
      axes: 4,
      max: 5,
      center: { x: 100, y: 100 },
      radius: 50,
      series: [
        [5, 5, 5, 5],
        [1, null, 5, 2.5],
      ],
    });
    expect(g.axes.map((a) => a.end)).toEqual([
      { x: 100, y: 50 },
      { x: 150, y: 100 },
      { x: 100, y: 150 },
      { x: 50, y: 100 },
    ]);
    expect(g.axes.map((a) => a.anchor)).toEqual(['middle', 'start', 'middle', 'end']);
    expect(g.rings).toHaveLength(5);
    expect(g.rings[0]!.points).toBe('100,90 110,100 100,110 90,100');
    expect(g.series[0]!.shapes).toEqual([{ points: '100,50 150,100 100,150 50,100', closed: true }]);
    // A hidden value is a gap, never a point at the centre.
    expect(g.series[1]!.vertices[1]).toBeNull();
    expect(g.series[1]!.shapes).toEqual([{ points: '100,150 75,100 100,90', closed: false }]);
  });

  it('refuses nonsense', () => {
    expect(() => radarGeometry({ axes: 2, max: 5, center: { x: 0, y: 0 }, radius: 1, series: [] })).toThrow(RangeError);
    expect(() => radarGeometry({ axes: 3, max: 5, center: { x: 0, y: 0 }, radius: 1, series: [[1, 2]] })).toThrow(RangeError);
  });
});

describe('round outcome', () => {
  const five = [all(2), all(3), all(4), all(5), all(1)];
  it('never shows means while the round is open, so answers cannot be worked out one by one', () => {
    expect(roundOutcome(five.slice(0, 3), 5, false)).toEqual({ kind: 'tooFew', needed: 2, closed: false });
    expect(roundOutcome(five, 5, false)).toEqual({ kind: 'waitingForClose', respondents: 5 });
    const shown = roundOutcome(five, 5, true);
    expect(shown.kind).toBe('shown');
    if (shown.kind === 'shown') expect(shown.result.themes[0]!.mean).toEqual({ kind: 'value', value: 3, n: 5 });
    expect(roundOutcome(five.slice(0, 4), 5, true)).toEqual({ kind: 'tooFew', needed: 1, closed: true });
  });
});
