// Meetings are entered and shown in Danish time, whatever zone the server runs in.
export const ZONE = 'Europe/Copenhagen';

// Building an Intl.DateTimeFormat costs far more than using one, and every request asks for
// "today": one formatter per zone, made on first use and kept (it holds no state between calls).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

// Since 1980 Denmark (and every zone with a rule today) changes its offset only on a quarter of an
// hour, so within one quarter the offset is known once asked: every request asks for "today",
// mostly in the same quarter as the one before. Older instants are measured each time.
const QUARTER_MS = 15 * 60_000;
const QUARTERS_FROM = Date.UTC(1980, 0, 1);
const lastOffsets = new Map<string, { quarter: number; minutes: number }>();

function offsetMinutes(at: Date, zone: string): number {
  if (at.getTime() < QUARTERS_FROM) return measuredOffsetMinutes(at, zone);
  const quarter = Math.floor(at.getTime() / QUARTER_MS);
  const last = lastOffsets.get(zone);
  if (last?.quarter === quarter) return last.minutes;
  const minutes = measuredOffsetMinutes(at, zone);
  lastOffsets.set(zone, { quarter, minutes });
  return minutes;
}

function measuredOffsetMinutes(at: Date, zone: string): number {
  const parts = formatterFor(zone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** "2026-12-03T10:00" (or with a space) as Danish wall-clock time → the instant; null if not a real time. */
export function parseLocalDateTime(value: string, zone = ZONE): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(guess);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  // Two passes settle the offset across a daylight-saving change.
  let instant = guess - offsetMinutes(new Date(guess), zone) * 60_000;
  instant = guess - offsetMinutes(new Date(instant), zone) * 60_000;
  return new Date(instant);
}

/** Meetings are planned at most this many years ahead and written down at most this many back:
 * a year outside them is a typing slip ("0202" for "2026"), not a meeting. */
export const MEETING_YEARS = { back: 10, ahead: 5 } as const;

/** Whether a meeting's time lies within MEETING_YEARS of now, counted in Danish calendar years. */
export function meetingYearPlausible(at: Date, now: Date, zone = ZONE): boolean {
  const year = (d: Date) => Number(todayIn(zone, d).slice(0, 4));
  const y = year(at);
  const thisYear = year(now);
  return y >= thisYear - MEETING_YEARS.back && y <= thisYear + MEETING_YEARS.ahead;
}

/** The instant as the value of a datetime-local input, in Danish time. */
export function toLocalInputValue(at: Date, zone = ZONE): string {
  const shifted = new Date(at.getTime() + offsetMinutes(at, zone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** The calendar date ("2026-12-03") in the zone at that instant: what "today" means to a person in Denmark. */
export function todayIn(zone: string, at: Date): string {
  const shifted = new Date(at.getTime() + offsetMinutes(at, zone) * 60_000);
  return shifted.toISOString().slice(0, 10);
}

/** The calendar date `days` before or after an ISO date, by the calendar, not by hours. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
