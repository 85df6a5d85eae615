import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { Client } from '../support/client.ts';
import { createWorld, signedIn, type Person, type World } from '../support/fixtures.ts';

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app);
});
afterAll(() => app?.close());

const nextYear = new Date().getFullYear() + 1;

function eventForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    organisationId: world.orgA.id,
    title: 'Landsmøde for peers',
    description: 'Vi mødes og deler erfaringer.',
    startsAt: `${nextYear}-12-03T10:00`,
    endsAt: `${nextYear}-12-03T15:30`,
    place: 'Odense Kongrescenter',
    onlineUrl: '',
    capacity: '1',
    ...overrides,
  };
}

async function createEvent(overrides: Record<string, string> = {}, by: Person = world.coordinatorA): Promise<string> {
  const res = await by.client.post('/events', eventForm(overrides));
  expect(res.status).toBe(303);
  const id = res.location!.match(/^\/events\/([0-9a-f-]{36})\?info=created$/)?.[1];
  expect(id).toBeTruthy();
  return id!;
}

async function statuses(eventId: string) {
  const rows = await app.deps.db.selectFrom('event_signups').select(['user_id', 'status']).where('event_id', '=', eventId).execute();
  return { seats: rows.filter((r) => r.status === 'seat').map((r) => r.user_id), waiting: rows.filter((r) => r.status === 'waiting').map((r) => r.user_id) };
}

async function peer(name: string, org: 'A' | 'B' = 'A'): Promise<Person> {
  const o = org === 'A' ? world.orgA : world.orgB;
  return signedIn(app, { kind: 'staff', role: 'peer', organisationId: o.id, siteId: o.siteId, chosenName: name });
}

describe(`network events on ${testDbKind()}`, () => {
  it('a coordinator publishes an event; times are Danish time; bad input is refused with nothing stored', async () => {
    const before = await app.deps.db
      .selectFrom('network_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = await world.coordinatorA.client.post(
      '/events',
      eventForm({ title: '', onlineUrl: 'javascript:alert(1)', place: '', capacity: '0', endsAt: `${nextYear}-12-03T09:00` }),
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('error-summary');
    expect(bad.text).toContain('Skriv en titel');
    expect(bad.text).toContain('begynder med https://');
    expect(bad.text).toContain('Sluttiden skal ligge efter starttiden');
    expect(bad.text).toContain('helt tal fra 1 til 10000');
    const past = await world.coordinatorA.client.post('/events', eventForm({ startsAt: '2020-01-01T10:00', endsAt: '2020-01-01T12:00' }));
    expect(past.status).toBe(400);
    expect(past.text).toContain('Starttiden er allerede passeret');
    const nowhere = await world.coordinatorA.client.post('/events', eventForm({ place: '', onlineUrl: '' }));
    expect(nowhere.status).toBe(400);
    expect(nowhere.text).toContain('Skriv et sted eller et link');
    // Another organisation's coordinator cannot publish in orgA's name.
    expect((await world.coordinatorB.client.post('/events', eventForm())).status).toBe(403);
    const after = await app.deps.db
      .selectFrom('network_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const id = await createEvent({ onlineUrl: 'https://møde.example.dk/rum?id=1' });
    const row = await app.deps.db.selectFrom('network_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // 10:00 in December in Denmark is 09:00 UTC.
    expect(row.starts_at.toISOString()).toBe(`${nextYear}-12-03T09:00:00.000Z`);
    const page = await world.peerB.client.get(`/events/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Landsmøde for peers');
    expect(page.text).toContain('10.00');
    // A peer from another organisation sees it too: the network is national.
    expect((await world.peerB.client.get('/events')).text).toContain('Landsmøde for peers');
  });

  it('a form with fields missing, doubled or malformed is 400 with the form and its messages, never 403 or 500', async () => {
    const count = async () =>
      (
        await app.deps.db
          .selectFrom('network_events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const c = world.coordinatorA.client;
    const empty = await c.post('/events', {});
    expect(empty.status).toBe(400);
    for (const text of [
      'Vælg hvilken organisation',
      'Skriv en titel',
      'Skriv hvornår arrangementet starter',
      'Skriv hvornår arrangementet slutter',
      'Skriv et sted eller et link',
      'helt tal fra 1 til 10000',
    ])
      expect(empty.text).toContain(text);
    const doubled = await c.post('/events', { ...eventForm(), title: ['Et', 'To'] });
    expect(doubled.status).toBe(400);
    expect(doubled.text).toContain('Skriv en titel');
    const notAnId = await c.post('/events', eventForm({ organisationId: 'orgA' }));
    expect(notAnId.status).toBe(400);
    expect(notAnId.text).toContain('Vælg hvilken organisation');
    const odd = await c.post('/events', eventForm({ capacity: '1.5', startsAt: 'tomorrow', description: 'x'.repeat(5001) }));
    expect(odd.status).toBe(400);
    expect(odd.text).toContain('helt tal fra 1 til 10000');
    expect(odd.text).toContain('Skriv hvornår arrangementet starter');
    expect(odd.text).toContain('Beskrivelsen må højst være 5000 tegn');
    // What was typed comes back in the form.
    expect(odd.text).toContain('value="tomorrow"');
    const past = await c.post('/events', eventForm({ title: 'Sidste år', startsAt: '2020-01-01T10:00', endsAt: '2020-01-01T12:00' }));
    expect(past.status).toBe(400);
    expect(past.text).toContain('value="Sidste år"');
    expect(await count()).toBe(before);
  });

  it('reads the times as Danish time across the change to summer time', async () => {
    // Clocks go from 02:00 to 03:00 on the last Sunday of March.
    const lastSunday = 31 - new Date(Date.UTC(nextYear, 2, 31)).getUTCDay();
    const day = `${nextYear}-03-${lastSunday}`;
    const id = await createEvent({ startsAt: `${day}T01:30`, endsAt: `${day}T03:30` });
    const row = await app.deps.db.selectFrom('network_events').select(['starts_at', 'ends_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.starts_at.toISOString()).toBe(`${day}T00:30:00.000Z`);
    expect(row.ends_at.toISOString()).toBe(`${day}T01:30:00.000Z`);
  });

  it('capacity 1: the second goes on the waiting list and moves up when the first cancels', async () => {
    const id = await createEvent({ title: 'Webinar om recovery' });
    const first = await peer('Karen');
    const second = await peer('Ib', 'B');
    expect((await first.client.post(`/events/${id}/signup`, {})).location).toBe(`/events/${id}?info=seat`);
    const waitingRes = await second.client.post(`/events/${id}/signup`, {});
    expect(waitingRes.location).toBe(`/events/${id}?info=waiting`);
    expect((await second.client.get(`/events/${id}`)).text).toContain('Du står på ventelisten som nummer 1');
    // Signing up twice changes nothing.
    expect((await first.client.post(`/events/${id}/signup`, {})).location).toBe(`/events/${id}?info=seat`);
    expect(await statuses(id)).toEqual({ seats: [first.id], waiting: [second.id] });

    // Citizens are not part of the peer network.
    expect((await world.citizenA.client.post(`/events/${id}/signup`, {})).status).toBe(403);
    expect((await world.citizenA.client.get(`/events/${id}`)).status).toBe(403);
    expect((await new Client(app.url).get(`/events/${id}`)).status).not.toBe(200);

    expect((await first.client.post(`/events/${id}/cancel`, {})).status).toBe(303);
    expect(await statuses(id)).toEqual({ seats: [second.id], waiting: [] });
    const mine = await second.client.get('/events');
    expect(mine.text).toContain('Der er blevet en plads fri til »Webinar om recovery«');
    expect((await second.client.get(`/events/${id}`)).text).toContain('Du har en plads.');
    // The notice can be removed; someone else's notice cannot.
    const noticeId = mine.text.match(/\/events\/notices\/([0-9a-f-]{36})\/dismiss/)![1]!;
    expect((await first.client.post(`/events/notices/${noticeId}/dismiss`, {})).status).toBe(404);
    expect((await second.client.post(`/events/notices/${noticeId}/dismiss`, {})).status).toBe(303);
    expect((await second.client.get('/events')).text).not.toContain('Der er blevet en plads fri');
  });

  it('two people at the same moment for the last seat: exactly one gets it, every time', async () => {
    const people = await Promise.all(['Ane', 'Bo', 'Cia', 'Dan', 'Eva', 'Finn'].map((n, i) => peer(n, i % 2 ? 'B' : 'A')));
    for (let round = 0; round < 15; round++) {
      const id = await createEvent({ title: `Kursus ${round}` });
      const a = people[round % people.length]!;
      const b = people[(round + 1) % people.length]!;
      const results = await Promise.all([a.client.post(`/events/${id}/signup`, {}), b.client.post(`/events/${id}/signup`, {})]);
      expect(results.map((r) => r.location!.split('info=')[1]).sort()).toEqual(['seat', 'waiting']);
      const s = await statuses(id);
      expect(s.seats).toHaveLength(1);
      expect(s.waiting).toHaveLength(1);
    }
    // A crowd for three seats, and cancellations racing new sign-ups: never more than three seats.
    const id = await createEvent({ title: 'Stort landsmøde', capacity: '3' });
    await Promise.all(people.map((p) => p.client.post(`/events/${id}/signup`, {})));
    expect((await statuses(id)).seats).toHaveLength(3);
    const holders = (await statuses(id)).seats;
    const cancellers = people.filter((p) => holders.includes(p.id)).slice(0, 2);
    const newcomers = await Promise.all(['Gry', 'Hans'].map((n) => peer(n)));
    await Promise.all([
      ...cancellers.map((p) => p.client.post(`/events/${id}/cancel`, {})),
      ...newcomers.map((p) => p.client.post(`/events/${id}/signup`, {})),
    ]);
    const s = await statuses(id);
    expect(s.seats).toHaveLength(3);
    expect(s.waiting).toHaveLength(people.length + newcomers.length - cancellers.length - 3);
  });

  it('the calendar file is RFC 5545: CRLF, escaping, folding at 75 octets, UTC times', async () => {
    const title = 'Kursus: samtaler, grænser; og håb — en lang titel med æøå der skal foldes over flere linjer i kalenderfilen';
    const id = await createEvent({ title, description: 'Linje et\nLinje to, med komma', place: 'Vejle; sal 2', onlineUrl: 'https://example.dk/webinar' });
    const res = await world.peerA.client.get(`/events/${id}/event.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const raw = res.text;
    expect(raw.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(raw.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = raw.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    const unfolded = raw.replace(/\r\n /g, '');
    expect(unfolded).toContain('SUMMARY:Kursus: samtaler\\, grænser\\; og håb — en lang titel med æøå der skal foldes over flere linjer i kalenderfilen\r\n');
    expect(unfolded).toContain('DESCRIPTION:Linje et\\nLinje to\\, med komma\r\n');
    expect(unfolded).toContain('LOCATION:Vejle\\; sal 2 — https://example.dk/webinar\r\n');
    expect(unfolded).toMatch(new RegExp(`UID:${id}@[^\\r]+\\r\\n`));
    expect(unfolded).toMatch(/DTSTAMP:\d{8}T\d{6}Z\r\n/);
    expect(unfolded).toContain(`DTSTART:${nextYear}1203T090000Z\r\n`);
    expect(unfolded).toContain(`DTEND:${nextYear}1203T143000Z\r\n`);
    // Folding never splits a character.
    expect(Buffer.from(raw, 'utf8').toString('utf8')).toBe(raw);
    expect(raw).not.toContain('\ufffd');
  });

  it('the organiser sees the attendee list and gets it as formula-safe CSV; others do not', async () => {
    const id = await createEvent({ title: 'Temadag', capacity: '1' });
    const sly = await peer("=cmd|' /C calc'!A0");
    const calm = await peer('Søren');
    await sly.client.post(`/events/${id}/signup`, {});
    await calm.client.post(`/events/${id}/signup`, {});
    const page = await world.coordinatorA.client.get(`/events/${id}`);
    expect(page.text).toContain('Deltagere');
    expect(page.text).toContain('Søren');
    expect(page.text).toContain('Venteliste nr. 1');
    // A peer sees no attendee list.
    expect((await world.peerA.client.get(`/events/${id}`)).text).not.toContain('Deltagere');
    const csv = await world.coordinatorA.client.get(`/events/${id}/attendees.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = csv.text.replace(/^\ufeff/, '').split('\r\n');
    // Semicolons, as Excel set to Danish splits a line.
    expect(lines[0]).toBe('navn;status;venteliste_nr;tilmeldt');
    expect(lines[1]).toMatch(/^'=cmd\|' \/C calc'!A0;plads;;/);
    expect(lines[2]).toMatch(/^Søren;venteliste;1;/);
    expect(csv.text).not.toMatch(/(^|\r\n)=cmd/);
    expect((await world.coordinatorB.client.get(`/events/${id}/attendees.csv`)).status).toBe(403);
    expect((await world.peerA.client.get(`/events/${id}/attendees.csv`)).status).toBe(403);
  });

  it('an event deleted with people signed up: each of them is told on their events page', async () => {
    const id = await createEvent({ title: 'Sommertræf', capacity: '1' });
    const seated = await peer('Mette');
    const waiting = await peer('Ole', 'B');
    await seated.client.post(`/events/${id}/signup`, {});
    await waiting.client.post(`/events/${id}/signup`, {});
    expect((await world.peerA.client.post(`/events/${id}/delete`, {})).status).toBe(403);
    expect((await world.coordinatorB.client.post(`/events/${id}/delete`, {})).status).toBe(403);
    expect(await statuses(id)).toEqual({ seats: [seated.id], waiting: [waiting.id] });
    const res = await world.coordinatorA.client.post(`/events/${id}/delete`, {});
    expect(res.location).toBe('/events?info=deleted&told=2');
    expect((await world.coordinatorA.client.get(res.location!)).text).toContain('2 personer har fået besked');
    for (const p of [seated, waiting]) {
      const page = await p.client.get('/events');
      expect(page.text).toContain('»Sommertræf«');
      expect(page.text).toContain('er aflyst af arrangøren');
    }
    expect((await world.peerA.client.get('/events')).text).not.toContain('Sommertræf');
    expect((await seated.client.get(`/events/${id}`)).status).toBe(404);
    expect((await seated.client.get(`/events/${id}/event.ics`)).status).toBe(404);
  });
});
