import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AnswerableItem, Answers } from './questionnaire.ts';
import { AFTER_MEETING, COLLEAGUE, PEER_PRACTICE } from './defaults.ts';
import { beforeAfter, distribution } from './report.ts';

function item(q: typeof AFTER_MEETING, key: string): AnswerableItem {
  const it = q.items.find((i) => i.key === key);
  if (!it || it.type === 'display') throw new Error(key);
  return it;
}

/** Responses with the given number of each answer to one item, e.g. { '4': 8, '5': 10 }. */
function many(key: string, counts: Record<string, number>, parse: (v: string) => Answers[string] = (v) => v): Answers[] {
  return Object.entries(counts).flatMap(([v, n]) => Array.from({ length: n }, () => ({ [key]: parse(v) })));
}

const heard = item(AFTER_MEETING, 'heard');
const shown = (c: { kind: string; value?: number }) => (c.kind === 'value' ? c.value : 'H');

describe('distribution of a 1–5 scale', () => {
  const cases: {
    name: string;
    counts: Record<string, number>;
    prefer?: 'counts' | 'mean';
    table: (number | string)[];
    respondents: number | string;
    mean: number | string;
  }[] = [
    {
      name: 'a site of 30 with enough in every answer: all shown, with the mean',
      counts: { '1': 5, '2': 5, '3': 5, '4': 5, '5': 10 },
      table: [5, 5, 5, 5, 10],
      respondents: 30,
      mean: 100 / 30,
    },
    {
      name: 'two people said "neither": that and the next smallest are hidden, and the mean with them',
      counts: { '3': 2, '4': 8, '5': 10 },
      table: [0, 0, 'H', 'H', 10],
      respondents: 20,
      mean: 'H',
    },
    {
      name: 'the same, when the coordinator prefers the mean: only total and mean',
      counts: { '3': 2, '4': 8, '5': 10 },
      prefer: 'mean',
      table: ['H', 'H', 'H', 'H', 'H'],
      respondents: 20,
      mean: 4.4,
    },
    {
      name: 'four answers in all: nothing but zeros',
      counts: { '4': 1, '5': 3 },
      table: [0, 0, 0, 'H', 'H'],
      respondents: 'H',
      mean: 'H',
    },
    { name: 'no answers', counts: {}, table: [0, 0, 0, 0, 0], respondents: 0, mean: 'H' },
  ];
  it.each(cases)('$name', ({ counts, prefer, table, respondents, mean }) => {
    const d = distribution(heard, many('heard', counts), 5, { prefer });
    expect(d.options.map((o) => shown(o.count))).toEqual(table);
    expect(shown(d.respondents)).toBe(respondents);
    expect(d.mean?.kind === 'value' ? d.mean.value : 'H').toBe(mean);
  });

  it('gives percentages of those who answered, only for shown counts', () => {
    const d = distribution(heard, many('heard', { '3': 2, '4': 8, '5': 10 }));
    expect(d.options.map((o) => o.percent)).toEqual([0, 0, null, null, 50]);
    expect(d.options[4]!.label).toEqual({ da: 'Helt enig', en: 'Completely agree' });
  });

  it('never shows a mean next to hidden counts, nor a count a reader could work out (property)', () => {
    const counts = fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 30 })), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(counts, fc.integer({ min: 2, max: 7 }), fc.constantFrom('counts' as const, 'mean' as const), (c, k, prefer) => {
        const d = distribution(heard, many('heard', Object.fromEntries(c.map((n, i) => [String(i + 1), n]))), k, { prefer });
        const hidden = d.options.filter((o) => o.count.kind === 'suppressed');
        if (d.mean?.kind === 'value') expect(hidden.length === 0 || hidden.length === 5).toBe(true);
        if (d.respondents.kind === 'value') expect(hidden.length).not.toBe(1);
        for (const o of d.options) if (o.count.kind === 'value') expect(o.count.value === 0 || o.count.value >= k).toBe(true);
      }),
    );
  });
});

describe('distribution of other item types', () => {
  it('yes/no: a lone "no" hides the "yes" too, but not the total', () => {
    const d = distribution(
      item(COLLEAGUE, 'metWithStatement'),
      many('metWithStatement', { yes: 12, no: 1 }, (v) => v === 'yes'),
    );
    expect(d.options.map((o) => [o.value, shown(o.count)])).toEqual([
      ['yes', 'H'],
      ['no', 'H'],
    ]);
    expect(shown(d.respondents)).toBe(13);
    expect(d.mean).toBeNull();
  });

  it('"don\'t know" is left out of the mean, and its size is not given away by the mean\'s n', () => {
    const peerItem = item(COLLEAGUE, 'collaborationWithPeer');
    const all = distribution(peerItem, many('collaborationWithPeer', { same: 5, better: 10, 'dont-know': 6 }));
    expect(all.mean).toEqual({ kind: 'value', value: (5 * 3 + 10 * 4) / 15, n: 15 });
    const few = distribution(peerItem, many('collaborationWithPeer', { same: 5, better: 10, 'dont-know': 2 }), 5, { prefer: 'mean' });
    expect(few.mean).toEqual({ kind: 'value', value: (5 * 3 + 10 * 4) / 15 });
    expect(shown(few.respondents)).toBe(17);
  });

  it('multiple choice: each option is hidden when it or the rest is small', () => {
    const responses: Answers[] = [
      ...Array.from({ length: 5 }, () => ({ supportFrom: ['manager', 'colleagues'] })),
      ...Array.from({ length: 4 }, () => ({ supportFrom: ['manager'] })),
      { supportFrom: ['other-peers'] },
    ];
    const d = distribution(item(PEER_PRACTICE, 'supportFrom'), responses);
    expect(Object.fromEntries(d.options.map((o) => [o.value, shown(o.count)]))).toEqual({
      manager: 'H', // 9 of 10: the one who did not would stand out
      colleagues: 5,
      'other-peers': 'H',
      supervisor: 0,
      private: 0,
      none: 0,
    });
    expect(d.options[1]!.percent).toBe(50);
  });

  it.each([
    { n: 4, respondents: 'H', mean: 'H' },
    { n: 6, respondents: 6, mean: 3.5 },
  ])('a number item with $n answers: mean $mean, never a minimum or maximum', ({ n, respondents, mean }) => {
    const d = distribution(
      item(PEER_PRACTICE, 'meetingsLastMonth'),
      Array.from({ length: n }, (_, i) => ({ meetingsLastMonth: i + 1 })),
    );
    expect(shown(d.respondents)).toBe(respondents);
    expect(d.mean?.kind === 'value' ? d.mean.value : 'H').toBe(mean);
    expect(Object.keys(d)).toEqual(['item', 'respondents', 'options', 'mean', 'textsAllowed']);
  });

  it.each([
    { n: 4, allowed: false },
    { n: 5, allowed: true },
  ])('free text from $n people may be shown: $allowed', ({ n, allowed }) => {
    const d = distribution(
      item(PEER_PRACTICE, 'wish'),
      Array.from({ length: n }, () => ({ wish: 'Mere tid' })),
    );
    expect(d.textsAllowed).toBe(allowed);
  });
});

describe('beforeAfter', () => {
  it('gives changes only where both periods are shown', () => {
    const before = many('heard', { '2': 5, '3': 10, '4': 5 });
    const after = many('heard', { '3': 5, '4': 10, '5': 5 });
    const r = beforeAfter(heard, before, after);
    expect(r.meanChange).toBe(1);
    expect(r.optionChanges.map((c) => c.percentPoints)).toEqual([0, -25, -25, 25, 25]);
  });

  it('a small first period hides the change in the mean and in the options', () => {
    const r = beforeAfter(heard, many('heard', { '3': 2, '4': 2 }), many('heard', { '4': 10, '5': 10 }));
    expect(r.before.respondents).toEqual({ kind: 'suppressed', reason: 'primary' });
    expect(r.after.mean).toEqual({ kind: 'value', value: 4.5, n: 20 });
    expect(r.meanChange).toBeNull();
    // A share needs its total, and the first period's total of four is hidden.
    expect(r.optionChanges.map((c) => c.percentPoints)).toEqual([null, null, null, null, null]);
  });
});
