import { ZONE, todayIn } from '../../domain/time/copenhagen.ts';

// The one way dates and times are written for people — on pages, in PDFs and in e-mails — as
// Danes write them ("2. september 2026", "2. september 2026 kl. 10.00"), in Danish time
// whatever zone the server runs in. Never an ISO date.

type Locale = 'da' | 'en';

function formatter(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', options);
}

/** A calendar day (YYYY-MM-DD): "3. december 2026" / "3 December 2026". */
export function formatDay(locale: Locale, isoDay: string): string {
  return formatter(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDay}T12:00:00Z`));
}

/** The day of an instant, in Danish time: "3. december 2026". */
export function formatDate(locale: Locale, at: Date | string): string {
  return formatter(locale, { dateStyle: 'long', timeZone: ZONE }).format(new Date(at));
}

/** An instant with its time: "3. december 2026 kl. 10.00" / "3 December 2026 at 10:00". */
export function formatDateTime(locale: Locale, at: Date | string): string {
  return formatter(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: ZONE }).format(new Date(at));
}

/** A meeting's time, with the weekday people plan by: "torsdag den 3. december 2026 kl. 10.00". */
export function formatMeetingTime(locale: Locale, at: Date | string): string {
  return formatter(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: ZONE }).format(new Date(at));
}

/** From one time to another, the day written once when both fall on the same Danish day:
 * "onsdag den 3. marts 2027 kl. 10.00–15.30"; across days, both in full. */
export function formatTimeSpan(locale: Locale, from: Date, to: Date): string {
  if (todayIn(ZONE, from) !== todayIn(ZONE, to)) return `${formatMeetingTime(locale, from)} – ${formatMeetingTime(locale, to)}`;
  const clock = formatter(locale, { timeStyle: 'short', timeZone: ZONE }).format(to);
  return `${formatMeetingTime(locale, from)}–${clock}`;
}

/** A calendar month (YYYY-MM): "december 2026" / "December 2026". */
export function formatMonth(locale: Locale, isoMonth: string): string {
  return formatter(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoMonth}-15T12:00:00Z`));
}
