import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { latestMarks, newMarks, PROGRESS_STATUSES, startingPoint, type ProgressMark } from './progress.ts';

const at = (day: number) => new Date(Date.UTC(2026, 8, day, 10));
const mark = (decisionId: string, status: ProgressMark['status'], day: number, note = ''): ProgressMark => ({ decisionId, status, note, at: at(day) });

describe('latestMarks', () => {
  it('keeps the newest mark of each decision, whatever the order', () => {
    const marks = [mark('a', 'done', 5), mark('a', 'notYet', 2), mark('b', 'underway', 3)];
    const latest = latestMarks(marks);
    expect(latest.get('a')?.status).toBe('done');
    expect(latest.get('b')?.status).toBe('underway');
  });

  it('is the maximum by time for any list of marks', () => {
    const arb = fc.array(
      fc.record({ decisionId: fc.constantFrom('a', 'b', 'c'), status: fc.constantFrom(...PROGRESS_STATUSES), day: fc.integer({ min: 1, max: 28 }) }),
    );
    fc.assert(
      fc.property(arb, (raw) => {
        const marks = raw.map((r) => mark(r.decisionId, r.status, r.day));
        const latest = latestMarks(marks);
        for (const [id, m] of latest) {
          expect(marks.filter((x) => x.decisionId === id).every((x) => x.at.getTime() <= m.at.getTime())).toBe(true);
        }
        expect(latest.size).toBe(new Set(marks.map((m) => m.decisionId)).size);
      }),
      { numRuns: 100 },
    );
  });
});

describe('startingPoint', () => {
  const items = [
    { id: 'a', what: 'Ring til jobcentret' },
    { id: 'b', what: 'Gå en tur hver dag' },
    { id: 'c', what: 'Ny tid om en måned' },
  ];

  it('puts what is not done first, in order with its status, and what is done after', () => {
    const start = startingPoint(items, [mark('a', 'done', 1), mark('b', 'done', 1), mark('b', 'underway', 4)]);
    expect(start.open).toEqual([
      { id: 'b', what: 'Gå en tur hver dag', status: 'underway' },
      { id: 'c', what: 'Ny tid om en måned', status: null },
    ]);
    expect(start.done).toEqual([{ id: 'a', what: 'Ring til jobcentret', status: 'done' }]);
  });

  it('brings a decision back when it is marked not done after done', () => {
    expect(startingPoint(items.slice(0, 1), [mark('a', 'done', 1), mark('a', 'notYet', 2)])).toEqual({
      open: [{ id: 'a', what: 'Ring til jobcentret', status: 'notYet' }],
      done: [],
    });
  });
});

describe('newMarks', () => {
  it('keeps a changed status or a note, and drops an unchanged status without a note', () => {
    const current = new Map([
      ['a', { status: 'underway' as const }],
      ['b', { status: 'done' as const }],
    ]);
    expect(
      newMarks(
        [
          { decisionId: 'a', status: 'underway', note: '  ' },
          { decisionId: 'b', status: 'done', note: ' Det gik fint ' },
          { decisionId: 'c', status: 'notYet', note: '' },
        ],
        current,
      ),
    ).toEqual([
      { decisionId: 'b', status: 'done', note: 'Det gik fint' },
      { decisionId: 'c', status: 'notYet', note: '' },
    ]);
  });
});
