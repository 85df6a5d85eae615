// Live poll results as releases, not tallies.
//
// A presenter who reloads the results after each vote learns that vote from the difference. So
// the audience sees a release: the first once k people have voted, the next only once at least
// k more votes (new or changed) have come in since the last one, and nothing in between. Two
// consecutive releases then differ by the votes of at least k actions, never by one person's.
// Within a release, each option's count follows the small-cell rules of a one-row table.

import { suppressTable, type TableEntry } from './suppression.ts';

/** What the votes say now. `changes` counts every new or changed vote since the poll opened. */
export interface PollTally {
  counts: readonly number[];
  changes: number;
}

/** The result last shown, with the number of changes it was taken at. */
export interface PollRelease {
  counts: number[];
  total: number;
  changes: number;
}

/** The release to show after this tally: a new one when it is due, otherwise the last (or none). */
export function nextPollRelease(tally: PollTally, last: PollRelease | null, k: number): PollRelease | null {
  const total = tally.counts.reduce((sum, n) => sum + n, 0);
  const due = total >= k && tally.changes - (last?.changes ?? 0) >= k;
  return due ? { counts: [...tally.counts], total, changes: tally.changes } : last;
}

export type PollDisclosure =
  /** Fewer than k people have voted so far: nothing at all is shown. */
  { kind: 'notYet' } | { kind: 'released'; total: number; options: TableEntry[] };

/** What may be shown of a release: its total (at least k) and each option's count or a gap. */
export function disclosePoll(release: PollRelease | null, k: number): PollDisclosure {
  if (!release || release.total < k) return { kind: 'notYet' };
  const table = suppressTable([release.counts], k);
  return { kind: 'released', total: release.total, options: table.cells[0] ?? [] };
}
