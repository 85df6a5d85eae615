import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZONE, addDays, parseLocalDateTime, toLocalInputValue, todayIn } from './copenhagen.ts';

describe('Danish wall-clock time', () => {
  const cases: [string, string | null][] = [
    ['2026-12-03T10:00', '2026-12-03T09:00:00.000Z'], // winter: UTC+1
    ['2026-07-01 10:00', '2026-07-01T08:00:00.000Z'], // summer: UTC+2
    ['2026-02-30T10:00', null],
    ['2026-13-01T10:00', null],
    ['3. december kl. 10', null],
    ['', null],
  ];
  for (const [input, expected] of cases) {
    it(`reads "${input}"`, () => {
      expect(parseLocalDateTime(input)?.toISOString() ?? null).toBe(expected);
    });
  }

  it('round-trips every minute outside the daylight-saving jump', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1) / 60_000, max: Date.UTC(2030, 0, 1) / 60_000 }), (minute) => {
        const at = new Date(minute * 60_000);
        const back = parseLocalDateTime(toLocalInputValue(at));
        // In the autumn hour that happens twice, either instant is a fair reading.
        expect(back).not.toBeNull();
        expect(Math.abs(back!.getTime() - at.getTime()) % 3_600_000).toBe(0);
        expect(toLocalInputValue(back!)).toBe(toLocalInputValue(at));
      }),
    );
  });
});

describe('todayIn', () => {
  it('is already tomorrow in Copenhagen at 23:30 UTC in winter and at 22:30 UTC in summer', () => {
    expect(todayIn(ZONE, new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-02');
    expect(todayIn(ZONE, new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02');
  });
  it('is still today just before midnight Danish time', () => {
    expect(todayIn(ZONE, new Date('2026-12-01T22:59:00Z'))).toBe('2026-12-01');
    expect(todayIn(ZONE, new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });
  it('counts days by the calendar across a daylight-saving change', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', -90)).toBe('2025-12-29');
  });
});
