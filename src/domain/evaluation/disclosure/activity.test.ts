import { describe, expect, it } from 'vitest';
import { closedMonths, shownActivityMonth } from './activity.ts';

describe('activity per closed month', () => {
  it('counts only months that have ended, never the running one', () => {
    expect(closedMonths('2026-01-15', '2026-12-31', '2026-04-01')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(closedMonths('2026-01-15', '2026-02-10', '2026-04-01')).toEqual(['2026-01', '2026-02']);
    expect(closedMonths('2026-03-01', '2026-12-31', '2026-03-31')).toEqual([]);
    expect(closedMonths('2025-11-20', '2026-06-30', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01']);
  });

  it('hides small counts; sessions by kind are one table with the month’s sessions', () => {
    const m = shownActivityMonth(
      '2026-02',
      { statements: 3, meetings: 12, checkIns: 0, sessionsByKind: { conversation: 8, companionship: 2 }, sessionsByTheme: { hope: 9, identity: 1 } },
      ['conversation', 'companionship', 'other'],
      ['hope', 'identity', 'meaning'],
      5,
    );
    expect(m.statements).toEqual({ kind: 'suppressed' });
    expect(m.meetings).toEqual({ kind: 'value', value: 12 });
    expect(m.checkIns).toEqual({ kind: 'value', value: 0 });
    expect(m.sessions).toEqual({ kind: 'value', value: 10 });
    // 2 is small, and 8 would give it away as 10 − 8.
    expect(m.sessionsByKind.map((x) => x.count.kind)).toEqual(['suppressed', 'suppressed', 'value']);
    // 9 of 10 says that one session had no hope theme.
    expect(m.sessionsByTheme.map((x) => x.count.kind)).toEqual(['suppressed', 'suppressed', 'value']);
  });
});
