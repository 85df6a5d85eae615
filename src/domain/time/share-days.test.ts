import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SHARE_DAYS, SHARE_DAYS, closesBeforeMeeting, shareDaysFor } from './share-days.ts';

const now = new Date('2026-12-06T00:28:00Z');
const inDays = (days: number, hours = 0) => new Date(now.getTime() + (days * 24 + hours) * 3600_000);

describe('how long a link to a meeting works', () => {
  it('offers a week for a meeting within the week, and more for one further off', () => {
    expect(shareDaysFor(inDays(3, 10), now)).toBe(7);
    expect(shareDaysFor(inDays(-2), now)).toBe(7);
    // A week lasts until a day after a meeting in under six days; one later gets two weeks.
    expect(shareDaysFor(inDays(5, 23), now)).toBe(7);
    expect(shareDaysFor(inDays(6, 1), now)).toBe(14);
    expect(shareDaysFor(inDays(20), now)).toBe(30);
    expect(shareDaysFor(inDays(90), now)).toBe(30);
  });
  it('a link closing the night before the meeting, or during it, closes before the meeting is over', () => {
    // Chosen 3 days on 6 December at 00.28 for a meeting on 9 December at 10.00 (a citizen's review).
    expect(closesBeforeMeeting(inDays(3), inDays(3, 9))).toBe(true);
    expect(closesBeforeMeeting(inDays(3, 12), inDays(3, 9))).toBe(true);
    expect(closesBeforeMeeting(inDays(7), inDays(3, 9))).toBe(false);
  });
  it('property: the length offered lasts past the meeting whenever any choice does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30 * 24, max: 40 * 24 }), (hours) => {
        const meeting = inDays(0, hours);
        const days = shareDaysFor(meeting, now);
        expect(SHARE_DAYS).toContain(days);
        const lasts = (d: number) => !closesBeforeMeeting(inDays(d), meeting);
        if (SHARE_DAYS.some(lasts)) expect(lasts(days)).toBe(true);
        expect(days).toBeGreaterThanOrEqual(DEFAULT_SHARE_DAYS);
      }),
    );
  });
});
