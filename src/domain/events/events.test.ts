import { describe, expect, it } from 'vitest';
import { escapeText, eventIcs, foldLine } from './ics.ts';
import { promotions, statusForNewSignup, waitingPosition, type Signup } from './waiting-list.ts';
import { isWebAddress } from './event-input.ts';
import { foldForSearch, matchesQuery } from './directory-search.ts';

const at = (s: number) => new Date(Date.UTC(2027, 0, 1, 0, 0, s));

describe('waiting list', () => {
  it('gives seats while there are any, then the waiting list', () => {
    expect(statusForNewSignup(2, 0)).toBe('seat');
    expect(statusForNewSignup(2, 1)).toBe('seat');
    expect(statusForNewSignup(2, 2)).toBe('waiting');
  });

  it('moves up the first on the list, by time of sign-up, only into free seats', () => {
    const signups: Signup[] = [
      { userId: 'c', status: 'waiting', signedUpAt: at(3) },
      { userId: 'a', status: 'seat', signedUpAt: at(1) },
      { userId: 'b', status: 'waiting', signedUpAt: at(2) },
      { userId: 'd', status: 'waiting', signedUpAt: at(3) },
    ];
    expect(promotions(1, signups)).toEqual([]);
    expect(promotions(2, signups)).toEqual(['b']);
    expect(promotions(3, signups)).toEqual(['b', 'c']);
    expect(waitingPosition(signups, 'd')).toBe(3);
    expect(waitingPosition(signups, 'a')).toBeNull();
  });
});

describe('calendar file', () => {
  it('escapes text values', () => {
    expect(escapeText('a,b;c\\d\r\ne\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
  });

  it('folds at 75 octets without splitting a character', () => {
    const line = `SUMMARY:${'æ'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldLine('short')).toBe('short');
  });

  it('writes UTC times, a UID and CRLF line ends, and leaves out a non-web URL', () => {
    const ics = eventIcs({
      uid: 'x@egne-ord',
      title: 'T',
      description: '',
      startsAt: new Date('2027-06-01T08:00:00Z'),
      endsAt: new Date('2027-06-01T10:30:00Z'),
      place: null,
      onlineUrl: 'javascript:alert(1)',
      stamp: new Date('2027-01-01T00:00:00.123Z'),
    });
    expect(ics).toContain('DTSTART:20270601T080000Z\r\n');
    expect(ics).toContain('DTEND:20270601T103000Z\r\n');
    expect(ics).toContain('DTSTAMP:20270101T000000Z\r\n');
    expect(ics).toContain('UID:x@egne-ord\r\n');
    expect(ics).not.toContain('URL:');
    expect(ics).not.toContain('DESCRIPTION');
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('event input', () => {
  it('accepts only http and https addresses', () => {
    expect(isWebAddress('https://example.dk/møde')).toBe(true);
    expect(isWebAddress('http://example.dk')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'ftp://example.dk', 'example.dk', 'https://user:pw@example.dk', 'https://exa mple.dk', 'data:text/html,x'])
      expect(isWebAddress(bad)).toBe(false);
  });
});

describe('directory search', () => {
  it('ignores case, knows Danish letters and the old aa spelling', () => {
    expect(foldForSearch('ÆBLE Ørsted Århus')).toBe('æble ørsted aarhus');
    expect(matchesQuery(['Åse Møller', 'Aabenraa Kommune', 'Hørestemmer'], 'åbenrå MØLLER')).toBe(true);
    expect(matchesQuery(['Åse Møller'], 'møller hansen')).toBe(false);
    expect(matchesQuery(['Åse'], '')).toBe(true);
    expect(matchesQuery(['Åse'], '%')).toBe(false);
  });
});
