import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDay, formatMeetingTime, formatMonth, formatTimeSpan } from './dates.ts';

describe('dates as people write them', () => {
  it.each([
    ['da', '2026-09-02', '2. september 2026'],
    ['en', '2026-09-02', '2 September 2026'],
    ['da', '2026-01-01', '1. januar 2026'],
  ] as const)('a day in %s: %s', (locale, day, shown) => {
    expect(formatDay(locale, day)).toBe(shown);
  });

  it('an instant is shown in Danish time, whatever the server zone', () => {
    // 23:30 UTC on 2 September is already 3 September in Copenhagen.
    const late = new Date('2026-09-02T23:30:00Z');
    expect(formatDate('da', late)).toBe('3. september 2026');
    expect(formatDateTime('da', late)).toBe('3. september 2026 kl. 01.30');
    expect(formatDateTime('en', late)).toBe('3 September 2026 at 01:30');
    expect(formatDateTime('da', '2026-12-02T09:00:00.000Z')).toBe('2. december 2026 kl. 10.00');
  });

  it('a meeting has its weekday', () => {
    expect(formatMeetingTime('da', new Date('2026-09-02T08:00:00Z'))).toBe('onsdag den 2. september 2026 kl. 10.00');
    expect(formatMeetingTime('en', new Date('2026-09-02T08:00:00Z'))).toBe('Wednesday, 2 September 2026 at 10:00');
  });

  it('a span within one day writes the day once; across days, twice', () => {
    const at = (iso: string) => new Date(iso);
    expect(formatTimeSpan('da', at('2027-03-03T09:00:00Z'), at('2027-03-03T14:30:00Z'))).toBe('onsdag den 3. marts 2027 kl. 10.00–15.30');
    expect(formatTimeSpan('en', at('2027-03-03T09:00:00Z'), at('2027-03-03T14:30:00Z'))).toBe('Wednesday, 3 March 2027 at 10:00–15:30');
    expect(formatTimeSpan('da', at('2027-03-03T09:00:00Z'), at('2027-03-04T14:30:00Z'))).toBe(
      'onsdag den 3. marts 2027 kl. 10.00 – torsdag den 4. marts 2027 kl. 15.30',
    );
    // 23.30 UTC is already the next day in Copenhagen.
    expect(formatTimeSpan('da', at('2027-03-03T20:00:00Z'), at('2027-03-03T23:30:00Z'))).toBe(
      'onsdag den 3. marts 2027 kl. 21.00 – torsdag den 4. marts 2027 kl. 00.30',
    );
  });

  it('a month', () => {
    expect(formatMonth('da', '2026-12')).toBe('december 2026');
    expect(formatMonth('en', '2026-12')).toBe('December 2026');
  });

  it('never writes an ISO date', () => {
    for (const shown of [formatDay('da', '2026-03-15'), formatDate('en', new Date()), formatDateTime('da', new Date()), formatMonth('da', '2026-03')])
      expect(shown).not.toMatch(/\d{4}-\d{2}/);
  });
});
