// An iCalendar file (RFC 5545) for one event, so a person can put it in their own calendar.
//
// - Lines end with CRLF (3.1).
// - TEXT values escape backslash, semicolon, comma and line breaks (3.3.11).
// - Lines longer than 75 octets are folded: CRLF followed by one space (3.1). Octets, not
//   characters: æ, ø and å are two octets in UTF-8, and a fold never splits a character.
// - Times are written in UTC with a trailing Z, so no time-zone block is needed.
import type { EventInput } from './event-input.ts';

export interface CalendarEvent extends Omit<EventInput, 'organisationId' | 'capacity'> {
  uid: string;
  /** When the file was made (DTSTAMP). */
  stamp: Date;
}

/** A TEXT value: escaped, with control characters other than line breaks removed. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** 20261203T090000Z */
export function utcStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

const encoder = new TextEncoder();

/** Folds one content line into pieces of at most 75 octets, the continuation lines starting with a space. */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  // The first line holds 75 octets; continuation lines 74 plus the leading space.
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
      limit = 74;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

/** A URI value is not TEXT and is not escaped; anything but a plain http(s) address is left out. */
function safeUri(value: string | null): string | null {
  if (!value) return null;
  return /^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(value) ? value : null;
}

export function eventIcs(event: CalendarEvent, productId = '-//Egne ord//Netvaerk//DA'): string {
  const location = [event.place, event.onlineUrl].filter((v): v is string => !!v).join(' — ');
  const url = safeUri(event.onlineUrl);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${productId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    `DTSTART:${utcStamp(event.startsAt)}`,
    `DTEND:${utcStamp(event.endsAt)}`,
    `SUMMARY:${escapeText(event.title)}`,
    ...(event.description.trim() ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    ...(url ? [`URL:${url}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map((l) => `${foldLine(l)}\r\n`).join('');
}
