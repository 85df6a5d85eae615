// How long a link to a meeting's sheet should work: the professional opens it before the
// meeting, reads it during it and writes the plan afterwards, so a link that closes before the
// meeting is over fails the person exactly when it matters.

/** The lengths a person can choose for a link to a meeting, in days. */
export const SHARE_DAYS = [1, 3, 7, 14, 30] as const;
/** A relative or a support person may follow along for longer. */
export const SUPPORT_SHARE_DAYS = [...SHARE_DAYS, 90] as const;
/** The length offered first when the meeting is near, or past. */
export const DEFAULT_SHARE_DAYS = 7;
/** A link should still work this long after the meeting has begun: to write down the plan. */
const AFTER_MEETING_MS = 24 * 3600_000;

/** Whether a link closing at `expiresAt` closes before the meeting is over. */
export function closesBeforeMeeting(expiresAt: Date, meetingStartsAt: Date): boolean {
  return expiresAt.getTime() < meetingStartsAt.getTime() + AFTER_MEETING_MS;
}

/** The length to offer first: the default, or the shortest of `choices` that lasts until a day
 * after the meeting begins; the longest if none does. */
export function shareDaysFor(meetingStartsAt: Date, now: Date, choices: readonly number[] = SHARE_DAYS): number {
  const lasting = (days: number) => !closesBeforeMeeting(new Date(now.getTime() + days * 24 * 3600_000), meetingStartsAt);
  if (lasting(DEFAULT_SHARE_DAYS)) return DEFAULT_SHARE_DAYS;
  return choices.find((days) => days > DEFAULT_SHARE_DAYS && lasting(days)) ?? Math.max(...choices);
}
