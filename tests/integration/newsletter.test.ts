import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import { startSmtp, type ReceivedMail } from '../support/smtp.ts';
import { Client } from '../support/client.ts';

let app: TestApp;
let world: World;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ env: { SMTP_URL: smtp.url } });
  world = await createWorld(app);
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

/** The readable text of a received mail: headers unfolded, body decoded (quoted-printable or base64). */
function decodeMail(raw: string): { headers: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = raw.slice(split + 4);
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    body = Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  } else if (/content-transfer-encoding:\s*base64/i.test(headers)) {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { headers, body };
}

function mailsTo(address: string): ReceivedMail[] {
  return smtp.mails.filter((m) => m.to.includes(address));
}

function linkIn(mail: ReceivedMail, kind: 'confirm' | 'unsubscribe'): string {
  const match = decodeMail(mail.raw).body.match(new RegExp(`https?://[^\\s]+/newsletter/${kind}/([A-Za-z0-9_-]{43})`));
  if (!match) throw new Error(`no ${kind} link in the mail`);
  return new URL(match[0]).pathname;
}

async function signUp(client: Client, address: string) {
  return client.post('/newsletter', { address });
}

const mainOf = (text: string) => text.slice(text.indexOf('<main'), text.indexOf('</main>'));

describe(`newsletter on ${testDbKind()}`, () => {
  it('double opt-in: nothing but the confirmation reaches an unconfirmed address; issues go to confirmed ones; one click unsubscribes', async () => {
    const visitor = new Client(app.url);
    const page = await visitor.get('/newsletter');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tilmeld');

    const res = await signUp(visitor, 'Ada@Example.org ');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Se efter en mail fra os');
    const confirmMails = mailsTo('ada@example.org');
    expect(confirmMails).toHaveLength(1);
    const confirmPath = linkIn(confirmMails[0]!, 'confirm');

    // Stored sealed, found by a hash of the normalised address.
    const row = await app.deps.db
      .selectFrom('newsletter_subscribers')
      .selectAll()
      .where('address_hash', '=', crypto.createHash('sha256').update('newsletter:ada@example.org').digest('hex'))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(Buffer.from(row.address_sealed).toString('latin1')).not.toContain('example.org');
    expect(row.confirm_token_hash).not.toBe(confirmPath.split('/').pop());

    // Another address signs up and never confirms.
    await signUp(new Client(app.url), 'bo@example.org');
    expect(mailsTo('bo@example.org')).toHaveLength(1);

    // An issue before anyone confirmed reaches nobody.
    const early = await world.coordinatorA.client.post('/newsletter/issues', { subject: 'Tidligt nyt', body: 'Ingen skal have dette.' });
    expect(early.status).toBe(303);
    expect(early.location).toBe('/newsletter/issues?sent=0');
    expect(smtp.mails.filter((m) => m.raw.includes('Tidligt nyt'))).toHaveLength(0);

    // The link opens a page with a button; the button confirms.
    const opened = await visitor.get(confirmPath);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('Ja, send mig nyhedsbrevet');
    const confirmed = await visitor.post(confirmPath, {});
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('du er tilmeldt');

    // Used twice: a kind "already confirmed" page and no change.
    const again = await visitor.post(confirmPath, {});
    expect(again.status).toBe(200);
    expect(again.text).toContain('Du er allerede tilmeldt');
    expect((await visitor.get(confirmPath)).text).toContain('Du er allerede tilmeldt');

    // Same answer for a known (confirmed) address as for an unknown one; no mail to the confirmed one.
    const known = await signUp(visitor, 'ada@example.org');
    const unknown = await signUp(visitor, 'cy@example.org');
    expect(known.status).toBe(unknown.status);
    expect(mainOf(known.text)).toBe(mainOf(unknown.text));
    expect(mailsTo('ada@example.org')).toHaveLength(1);

    // A coordinator sends an issue: only the confirmed address receives it, with unsubscribe headers.
    const compose = await world.coordinatorA.client.get('/newsletter/issues');
    expect(compose.text).toContain('1 bekræftet modtager');
    const sent = await world.coordinatorA.client.post('/newsletter/issues', { subject: 'Landsmøde for peers', body: 'Vi mødes i Odense i maj.\n\nVel mødt.' });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/newsletter/issues?sent=1');
    const issueMails = smtp.mails.filter((m) => m.raw.includes('Landsmøde') || decodeMail(m.raw).headers.includes('Landsm'));
    expect(issueMails.flatMap((m) => m.to)).toEqual(['ada@example.org']);
    const issue = decodeMail(issueMails[0]!.raw);
    expect(issue.body).toContain('Vi mødes i Odense i maj.');
    const unsubscribePath = linkIn(issueMails[0]!, 'unsubscribe');
    expect(issue.headers).toMatch(new RegExp(`List-Unsubscribe: <https?://[^>]+${unsubscribePath}>`, 'i'));
    expect(issue.headers).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/i);
    const stored = await app.deps.db.selectFrom('newsletter_issues').selectAll().where('subject', '=', 'Landsmøde for peers').executeTakeFirstOrThrow();
    expect(stored.recipient_count).toBe(1);
    expect((await world.coordinatorA.client.get('/newsletter/issues?sent=1')).text).toContain('Landsmøde for peers');

    // The unsubscribe link shows a button first; a mail program's one-click POST (no cookies, no CSRF token) unsubscribes.
    const unsubscribePage = await new Client(app.url).get(unsubscribePath);
    expect(unsubscribePage.status).toBe(200);
    expect(unsubscribePage.text).toContain('Frameld');
    const oneClick = await fetch(app.url + unsubscribePath, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('Du er frameldt');

    // The old confirmation link is refused after unsubscribing: still unsubscribed.
    const refused = await visitor.post(confirmPath, {});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('linket virker ikke længere');
    const after = await app.deps.db.selectFrom('newsletter_subscribers').select('status').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('unsubscribed');

    // The next issue does not reach the unsubscribed address.
    const before = smtp.mails.length;
    const next = await world.coordinatorA.client.post('/newsletter/issues', { subject: 'Næste nummer', body: 'Mere nyt.' });
    expect(next.location).toBe('/newsletter/issues?sent=0');
    expect(smtp.mails.slice(before)).toHaveLength(0);
  });

  it('a malformed address gets a 400 with the error summary, and nothing is stored or sent', async () => {
    const before = smtp.mails.length;
    const count = async () =>
      Number(
        (
          await app.deps.db
            .selectFrom('newsletter_subscribers')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const rows = await count();
    for (const address of ['not an address', '', 'a@', '<script>@x']) {
      const res = await new Client(app.url).post('/newsletter', { address });
      expect(res.status).toBe(400);
      expect(res.text).toContain('error-summary');
      expect(res.text).toContain('Skriv en e-mailadresse');
      expect(res.text).not.toContain('<script>@x');
    }
    expect(await count()).toBe(rows);
    expect(smtp.mails.length).toBe(before);
  });

  it('an expired confirmation link changes nothing and says to sign up again', async () => {
    const visitor = new Client(app.url);
    await signUp(visitor, 'dan@example.org');
    const path = linkIn(mailsTo('dan@example.org')[0]!, 'confirm');
    await app.deps.db
      .updateTable('newsletter_subscribers')
      .set({ confirm_expires_at: new Date(Date.now() - 1000) })
      .where('status', '=', 'pending')
      .execute();
    const opened = await visitor.get(path);
    expect(opened.status).toBe(410);
    expect(opened.text).toContain('Linket er for gammelt');
    const posted = await visitor.post(path, {});
    expect(posted.status).toBe(410);
    const row = await app.deps.db
      .selectFrom('newsletter_subscribers')
      .select('status')
      .where('address_hash', '=', crypto.createHash('sha256').update('newsletter:dan@example.org').digest('hex'))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    // A made-up link opens nothing.
    expect((await visitor.get(`/newsletter/confirm/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await visitor.get('/newsletter/unsubscribe/short')).status).toBe(404);
  });

  it('limits sign-ups per address', async () => {
    const visitor = new Client(app.url);
    for (let i = 0; i < 3; i++) expect((await signUp(visitor, 'eva@example.org')).status).toBe(200);
    const limited = await signUp(visitor, 'eva@example.org');
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Vent en time');
    expect(mailsTo('eva@example.org')).toHaveLength(3);
  });

  it('only coordinators and admins write issues; an empty issue is refused with the error summary', async () => {
    expect((await world.peerA.client.get('/newsletter/issues')).status).toBe(403);
    expect((await world.citizenA.client.get('/newsletter/issues')).status).toBe(403);
    expect((await new Client(app.url).post('/newsletter/issues', { subject: 'x', body: 'y' })).status).toBe(401);
    const before = await app.deps.db.selectFrom('newsletter_issues').select('id').execute();
    const empty = await world.coordinatorB.client.post('/newsletter/issues', { subject: ' ', body: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('error-summary');
    expect(empty.text).toContain('Skriv et emne');
    expect(await app.deps.db.selectFrom('newsletter_issues').select('id').execute()).toHaveLength(before.length);
  });
});

describe(`without e-mail, no page promises a mail, on ${testDbKind()}`, () => {
  let quiet: TestApp;
  let people: World;
  beforeAll(async () => {
    quiet = await startTestApp();
    people = await createWorld(quiet);
  });
  afterAll(() => quiet?.close());

  it('the newsletter page says it cannot send, and a sign-up posted anyway stores nothing', async () => {
    const client = new Client(quiet.url);
    const page = await client.get('/newsletter');
    expect(page.text).toContain('Her sender Egne ord ingen e-mails');
    expect(page.text).not.toContain('name="address"');
    const res = await client.post('/newsletter', { address: 'nogen@example.org' });
    expect(res.status).toBe(409);
    expect(res.text).not.toContain('Se efter en mail fra os');
    const stored = await quiet.deps.db.selectFrom('newsletter_subscribers').select('id').execute();
    expect(stored).toEqual([]);
  });

  it('the coordinator cannot send an issue that would reach nobody, and is told why', async () => {
    const desk = await people.coordinatorA.client.get('/newsletter/issues');
    expect(desk.text).toContain('E-mail er slået fra her');
    const res = await people.coordinatorA.client.post('/newsletter/issues', { subject: 'Nyt', body: 'Hej alle.' });
    expect(res.status).toBe(409);
    expect(await quiet.deps.db.selectFrom('newsletter_issues').select('id').execute()).toEqual([]);
  });

  it('the citizen is not offered e-mail reminders, and the administrator sees that e-mail is off', async () => {
    const account = await people.citizenA.client.get('/account/data');
    expect(account.text).toContain('så du får ingen påmindelser på mail');
    expect(account.text).not.toContain('name="email"');
    const meetings = await people.citizenA.client.get('/meetings');
    expect(meetings.text).toContain('Her sendes ingen påmindelser på e-mail.');
    expect(meetings.text).not.toContain('name="reminder"');
    expect((await people.admin.client.get('/admin')).text).toContain('E-mail er slået fra');
  });
});
