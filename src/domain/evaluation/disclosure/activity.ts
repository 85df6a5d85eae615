import { DEFAULT_K, safeFilteredCount, suppressCount, suppressTable, type SuppressedCount } from './suppression.ts';

// Activity in a round (statements, meetings, check-ins, peer sessions by kind and theme) is
// released once per closed calendar month and never for the running month: a figure that moves
// while the month runs tells whoever watches it who just did what. Months are shown side by
// side, with no total over months, so that no two shown figures differ by one month's small count.

export interface ActivityFigures {
  statements: number;
  meetings: number;
  checkIns: number;
  sessionsByKind: Record<string, number>;
  sessionsByTheme: Record<string, number>;
}

export interface ShownActivityMonth {
  /** "2026-03" */
  month: string;
  statements: SuppressedCount;
  meetings: SuppressedCount;
  checkIns: SuppressedCount;
  sessions: SuppressedCount;
  sessionsByKind: { key: string; count: SuppressedCount }[];
  sessionsByTheme: { key: string; count: SuppressedCount }[];
}

/** The months of a round that have ended by `today` (Danish dates, "YYYY-MM-DD"), as "YYYY-MM". */
export function closedMonths(startsOn: string, endsOn: string, today: string): string[] {
  const out: string[] = [];
  const last = endsOn.slice(0, 7) < today.slice(0, 7) ? endsOn.slice(0, 7) : previousMonth(today.slice(0, 7));
  for (let m = startsOn.slice(0, 7); m <= last; m = nextMonth(m)) out.push(m);
  return out;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * One month as shown. Sessions by kind are a partition of the month's sessions and are
 * suppressed as one table with it; a theme count is hidden when it or the sessions without
 * that theme are a small group.
 */
export function shownActivityMonth(
  month: string,
  f: ActivityFigures,
  kinds: readonly string[],
  themes: readonly string[],
  k: number = DEFAULT_K,
): ShownActivityMonth {
  const kindTable = suppressTable([kinds.map((kind) => f.sessionsByKind[kind] ?? 0)], k);
  const sessions: SuppressedCount = kindTable.total.kind === 'value' ? kindTable.total : { kind: 'suppressed' };
  const total = kinds.reduce((a, kind) => a + (f.sessionsByKind[kind] ?? 0), 0);
  return {
    month,
    statements: suppressCount(f.statements, k),
    meetings: suppressCount(f.meetings, k),
    checkIns: suppressCount(f.checkIns, k),
    sessions,
    sessionsByKind: kinds.map((key, i) => {
      const e = kindTable.cells[0]![i]!;
      return { key, count: e.kind === 'value' ? e : { kind: 'suppressed' } };
    }),
    sessionsByTheme: themes.map((key) => ({
      key,
      count: sessions.kind === 'value' ? safeFilteredCount(Math.min(f.sessionsByTheme[key] ?? 0, total), total, k) : { kind: 'suppressed' },
    })),
  };
}
