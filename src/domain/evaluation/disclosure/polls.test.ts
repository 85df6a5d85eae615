import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { disclosePoll, nextPollRelease, type PollRelease } from './polls.ts';

const K = 5;
const shown = (release: PollRelease | null) => {
  const d = disclosePoll(release, K);
  return d.kind === 'notYet' ? null : { total: d.total, options: d.options.map((e) => (e.kind === 'value' ? e.value : 'H')) };
};

describe('poll releases', () => {
  it('shows nothing until k have voted, then the result of that moment', () => {
    expect(nextPollRelease({ counts: [3, 1], changes: 4 }, null, K)).toBeNull();
    // Five changes but four voters (one changed their mind): still too few people.
    expect(nextPollRelease({ counts: [3, 1], changes: 5 }, null, K)).toBeNull();
    expect(nextPollRelease({ counts: [5, 0], changes: 5 }, null, K)).toEqual({ counts: [5, 0], total: 5, changes: 5 });
    expect(shown(null)).toBeNull();
  });

  it('keeps the last release until k more changes have come in', () => {
    const first = nextPollRelease({ counts: [5, 0], changes: 5 }, null, K)!;
    expect(nextPollRelease({ counts: [5, 4], changes: 9 }, first, K)).toBe(first);
    expect(nextPollRelease({ counts: [5, 5], changes: 10 }, first, K)).toEqual({ counts: [5, 5], total: 10, changes: 10 });
  });

  it('hides small options and whatever would give them away', () => {
    expect(shown({ counts: [4, 1, 0], total: 5, changes: 5 })).toEqual({ total: 5, options: ['H', 'H', 0] });
    // One small option next to a shown total would be the total minus the rest: a second one goes too.
    expect(shown({ counts: [7, 2, 6], total: 15, changes: 15 })).toEqual({ total: 15, options: [7, 'H', 'H'] });
    expect(shown({ counts: [5, 0, 5], total: 10, changes: 12 })).toEqual({ total: 10, options: [5, 0, 5] });
  });

  it('a watcher who sees the result after every vote never learns one vote', () => {
    // Votes as (voter, option): a voter voting again replaces their vote.
    const action = fc.record({ voter: fc.nat({ max: 14 }), option: fc.nat({ max: 2 }) });
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (actions) => {
        const votes = new Map<number, number>();
        let changes = 0;
        let release: PollRelease | null = null;
        for (const { voter, option } of actions) {
          if (votes.get(voter) === option) continue;
          votes.set(voter, option);
          changes += 1;
          const counts = [0, 0, 0];
          for (const o of votes.values()) counts[o]! += 1;
          const next = nextPollRelease({ counts, changes }, release, K);
          if (next !== release) {
            // A new release: at least k people behind it, and at least k changes since the last.
            expect(next!.total).toBeGreaterThanOrEqual(K);
            expect(next!.changes - (release?.changes ?? 0)).toBeGreaterThanOrEqual(K);
            const d = disclosePoll(next, K);
            if (d.kind !== 'released') throw new Error('a release must be shown');
            // Every shown option is 0 or at least k, and the hidden ones together are at least k.
            const hidden = d.options.map((e, i) => (e.kind === 'suppressed' ? next!.counts[i]! : 0)).reduce((a, b) => a + b, 0);
            for (const e of d.options) if (e.kind === 'value') expect(e.value === 0 || e.value >= K).toBe(true);
            if (d.options.some((e) => e.kind === 'suppressed')) expect(hidden).toBeGreaterThanOrEqual(K);
          }
          release = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});
