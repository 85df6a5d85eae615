import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZONE, addDays, meetingYearPlausible, parseLocalDateTime, toLocalInputValue, todayIn } from './copenhagen.ts';

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

describe('the remembered offset', () => {
  // Instants near the daylight-saving changes of 2026 (29 March and 25 October, 01:00 UTC), asked in
  // any order: what is remembered from the last question must never answer for the wrong side.
  const changes = [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1)];
  const wallClock = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  it('gives the same wall-clock time as asking the calendar afresh, within an hour either side of a change', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -3_600_000, max: 3_600_000 })), { minLength: 1, maxLength: 20 }),
        (instants) => {
          for (const [change, delta] of instants) {
            const at = new Date(change + delta);
            expect(toLocalInputValue(at)).toBe(wallClock.format(at).replace(' ', 'T'));
          }
        },
      ),
    );
    for (const change of changes) {
      for (const at of [new Date(change - 1000), new Date(change), new Date(change - 1000)]) {
        expect(toLocalInputValue(at)).toBe(wallClock.format(at).replace(' ', 'T'));
      }
    }
  });
});

describe('meetingYearPlausible', () => {
  const now = new Date('2026-12-06T10:00:00Z');
  const at = (value: string) => parseLocalDateTime(value)!;
  it('takes meetings from ten years back to five ahead, and refuses a year typed wrong', () => {
    expect(meetingYearPlausible(at('2026-12-07T10:00'), now)).toBe(true);
    expect(meetingYearPlausible(at('2016-01-01T00:00'), now)).toBe(true);
    expect(meetingYearPlausible(at('2031-12-31T23:59'), now)).toBe(true);
    expect(meetingYearPlausible(at('2015-12-31T23:59'), now)).toBe(false);
    expect(meetingYearPlausible(at('2032-01-01T00:00'), now)).toBe(false);
    expect(meetingYearPlausible(at('0202-12-07T10:00'), now)).toBe(false);
    expect(meetingYearPlausible(at('9999-12-07T10:00'), now)).toBe(false);
  });
  it('counts the year in Danish time: new year in Copenhagen comes an hour before UTC', () => {
    // 31 December 2031 23:30 UTC is already 2032 in Copenhagen.
    expect(meetingYearPlausible(new Date('2031-12-31T23:30:00Z'), now)).toBe(false);
    expect(meetingYearPlausible(new Date('2031-12-31T22:30:00Z'), now)).toBe(true);
  });
});
