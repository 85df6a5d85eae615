import { execFileSync } from 'node:child_process';
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestResponse } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { ZONE, todayIn } from '../../src/domain/time/copenhagen.ts';

// Writing without an account, the way a browser without JavaScript does it: every page posts its
// fields together with the hidden `state`, and the server answers with the next page.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

function stateOf(res: TestResponse): string {
  const m = /<input type="hidden" name="state" value="([A-Za-z0-9_-]*)"/.exec(res.text);
  if (!m) throw new Error(`no state in page (status ${res.status})`);
  return m[1]!;
}

function h1(res: TestResponse): string {
  return /<h1>([^<]*)<\/h1>/.exec(res.text)?.[1] ?? '';
}

/** Today in Danish time as a file name has it: "04.12.2026". */
function danishToday(): string {
  return todayIn(ZONE, new Date()).split('-').reverse().join('.');
}

function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
}

async function pdfOf(client: Client, path: string, fields: Record<string, string>): Promise<{ res: Response; text: string }> {
  const params = new URLSearchParams({ _csrf: client.csrf(), ...fields });
  const res = await fetch(app.url + path, {
    method: 'POST',
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  });
  const buf = Buffer.from(await res.arrayBuffer());
  return { res, text: res.headers.get('content-type') === 'application/pdf' ? pdfText(buf) : buf.toString('utf8') };
}

async function counts(): Promise<{ users: number; audit: number; sessions: number }> {
  const n = async (table: 'users' | 'audit_log' | 'sessions') =>
    Number(
      (
        await app.deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { users: await n('users'), audit: await n('audit_log'), sessions: await n('sessions') };
}

describe(`writing without an account on ${testDbKind()}`, () => {
  it('offers the sheets and says the text stays on the device', async () => {
    const client = new Client(app.url);
    const res = await client.get('/write');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/write/personal-statement/who"');
    expect(res.text).toContain('href="/write/motivation-goal/who"');
    expect(res.text).toContain('Vi gemmer ikke det, du skriver');
    expect(res.text).toContain('href="/write/what-helps-me/helps"');
  });

  it('offers a blank worksheet of each sheet to print and fill in by hand', async () => {
    const client = new Client(app.url);
    expect((await client.get('/write')).text).toContain('href="/write/what-helps-me/worksheet"');
    const res = await fetch(`${app.url}/write/personal-statement/worksheet`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    // Saved, it is called by the sheet's name in the page's language, not "personal-statement.pdf".
    expect(res.headers.get('content-disposition')).toBe('inline; filename="Personligt statement (tomt ark).pdf"');
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('Hvad vil du gerne have hjælp til?');
    expect(text).toContain('Er det skrevet med mine egne ord?');
    // The step "Så jeg kan …" asks "Så jeg kan …": its heading is printed once.
    expect(text.split('Så jeg kan …').length - 1).toBe(1);
    expect((await fetch(`${app.url}/write/nope/worksheet`)).status).toBe(404);

    // Æ, ø and å travel as RFC 5987's filename*, with an ASCII name for the rest.
    const goal = await fetch(`${app.url}/write/motivation-goal/worksheet`);
    expect(goal.headers.get('content-disposition')).toBe(
      `inline; filename="Motivationsmaal (tomt ark).pdf"; filename*=UTF-8''Motivationsm%C3%A5l%20%28tomt%20ark%29.pdf`,
    );
    const english = await fetch(`${app.url}/write/motivation-goal/worksheet`, { headers: { cookie: 'eo_lang=en' } });
    expect(english.headers.get('content-disposition')).toBe('inline; filename="Motivation goal (blank sheet).pdf"');
  });

  it('walks the personal statement from empty to a PDF, carrying everything in the form, and keeps nothing', async () => {
    const before = await counts();
    const client = new Client(app.url);
    let res = await client.get('/write/personal-statement/who');
    expect(res.status).toBe(200);
    expect(h1(res)).toBe('Hvem er jeg?');
    expect(res.text).toContain('Trin 1 af 6');

    res = await client.post('/write/personal-statement/who', {
      state: stateOf(res),
      whoIAm: 'Jeg hedder Søren og bor på Ærø. Jeg elsker at gå på stranden med min hund.',
      action: 'next',
    });
    expect(res.status).toBe(200);
    expect(h1(res)).toBe('Det er vigtigt for mig');
    expect(res.text).toContain('Trin 2 af 6');
    res = await client.post('/write/personal-statement/matters', { state: stateOf(res), matters: 'Min søster og vores søndagsture.', action: 'next' });
    expect(h1(res)).toBe('Det vil jeg gerne have hjælp til');
    res = await client.post('/write/personal-statement/help', { state: stateOf(res), helpWith: '- at sove om natten\nat åbne mine breve', action: 'next' });
    expect(h1(res)).toBe('Så jeg kan …');
    // Back keeps what was typed on the way.
    res = await client.post('/write/personal-statement/so-that', {
      state: stateOf(res),
      soThat: 'passe mit arbejde',
      mustNotPrevent: 'have min hund',
      action: 'back',
    });
    expect(h1(res)).toBe('Det vil jeg gerne have hjælp til');
    expect(res.text).toContain('at sove om natten\nat åbne mine breve</textarea>');
    res = await client.post('/write/personal-statement/help', { state: stateOf(res), helpWith: 'at sove om natten\nat åbne mine breve', action: 'next' });
    expect(res.text).toContain('passe mit arbejde</textarea>');
    res = await client.post('/write/personal-statement/so-that', {
      state: stateOf(res),
      soThat: 'passe mit arbejde',
      mustNotPrevent: 'have min hund',
      action: 'next',
    });
    expect(h1(res)).toBe('Kort fortalt');
    expect(res.text).toContain('Søren');

    // "Brug et udkast" without JavaScript: the same page, with a draft made of the person's words.
    res = await client.post('/write/personal-statement/compose', { state: stateOf(res), summary: '', action: 'draft' });
    expect(res.status).toBe(200);
    expect(h1(res)).toBe('Kort fortalt');
    const draft = /<textarea id="field-summary"[^>]*>([^<]*)<\/textarea>/.exec(res.text)?.[1] ?? '';
    expect(draft).toContain('Jeg vil gerne have hjælp til at sove om natten og at åbne mine breve, så jeg kan passe mit arbejde.');
    expect(draft).toContain('Jeg vil gerne samarbejde med dig om at finde den hjælp, der passer til mig.');
    expect(res.text).toContain('Se hele eksempler');

    // With text already in the box, the draft is shown beside it and nothing is overwritten
    // until the person chooses: in place of their text, or after it.
    const mine = 'Jeg er Søren fra Ærø.';
    res = await client.post('/write/personal-statement/compose', { state: stateOf(res), summary: mine, action: 'draft' });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`>${mine}</textarea>`);
    expect(res.text).toContain('Et udkast til dig');
    const offered = /<p class="draft-offer__text">([^<]*)<\/p>/.exec(res.text)?.[1] ?? '';
    expect(offered).toBe(draft);
    expect(res.text).toContain('value="draftReplace"');
    let chosen = await client.post('/write/personal-statement/compose', { state: stateOf(res), summary: mine, action: 'draftAdd' });
    expect(chosen.text).toContain(`>${mine}\n\n${draft}</textarea>`);
    expect(chosen.text).not.toContain('Et udkast til dig');
    chosen = await client.post('/write/personal-statement/compose', { state: stateOf(res), summary: mine, action: 'draftReplace' });
    expect(chosen.text).toContain(`>${draft}</textarea>`);

    res = await client.post('/write/personal-statement/compose', {
      state: stateOf(res),
      summary: 'Jeg er Søren. Jeg vil gerne sove bedre, så jeg kan passe mit arbejde.',
      action: 'next',
    });
    expect(h1(res)).toBe('Tjek dit ark');
    expect(res.text).toContain('Der står noget i alle dele af arket.');

    res = await client.post('/write/personal-statement/check', {
      state: stateOf(res),
      'selfCheck.person': ['false', 'true'],
      'selfCheck.own-words': 'false',
      action: 'next',
    });
    expect(h1(res)).toBe('Se og udskriv');
    expect(res.text).toContain('Tilhører: ________________');
    const state = stateOf(res);
    const answers = JSON.parse(Buffer.from(state, 'base64url').toString('utf8'));
    expect(answers.selfCheck.person).toBe(true);
    expect(answers.selfCheck['own-words']).toBe(false);
    expect(answers.fields.helpWith).toEqual(['at sove om natten', 'at åbne mine breve']);

    const { res: pdfRes, text } = await pdfOf(client, '/write/personal-statement/pdf', { state, ownerName: 'Søren Ærø' });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    // Named by the sheet and the day, so that a second sheet is not "egne-ord (1).pdf".
    expect(pdfRes.headers.get('content-disposition')).toBe(`attachment; filename="Personligt statement ${danishToday()}.pdf"`);
    expect(pdfRes.headers.get('cache-control')).toBe('no-store');
    expect(text).toContain('Tilhører: Søren Ærø');
    expect(text).toContain('Jeg hedder Søren og bor på Ærø.');
    expect(text).toContain('at åbne mine breve');
    expect(text).toContain('Jeg er Søren. Jeg vil gerne sove bedre');
    expect(text).toContain('have min hund');

    // Without a name there is a line to write on by hand.
    const blank = await pdfOf(client, '/write/personal-statement/pdf', { state });
    expect(blank.text).toContain('Tilhører: ____');

    expect(await counts()).toEqual(before);
  });

  it('walks the motivation goal to a PDF in English', async () => {
    const client = new Client(app.url);
    await client.post('/language', { locale: 'en', returnTo: '/write' });
    let res = await client.get('/write/motivation-goal/who');
    expect(h1(res)).toBe('Who am I?');
    res = await client.post('/write/motivation-goal/who', { state: stateOf(res), whoIAm: 'I am Åsa. I grow tomatoes on my balcony.', action: 'next' });
    res = await client.post('/write/motivation-goal/matters', { state: stateOf(res), matters: 'My cats.', action: 'skip' });
    expect(h1(res)).toBe('The help I would like');
    res = await client.post('/write/motivation-goal/help', { state: stateOf(res), helpWith: '', action: 'skip' });
    res = await client.post('/write/motivation-goal/goal', {
      state: stateOf(res),
      goal: 'to sing in a choir again',
      firstStep: 'call the choir',
      action: 'next',
    });
    expect(h1(res)).toBe('My goal in short');
    res = await client.post('/write/motivation-goal/compose', { state: stateOf(res), summary: '', action: 'next' });
    expect(h1(res)).toBe('Check your sheet');
    // Gentle reminders, with links, for what is still empty.
    expect(res.text).toContain('href="/write/motivation-goal/help"');
    expect(res.text).toContain('href="/write/motivation-goal/compose"');
    res = await client.post('/write/motivation-goal/check', { state: stateOf(res), action: 'next' });
    const { text } = await pdfOf(client, '/write/motivation-goal/pdf', { state: stateOf(res) });
    expect(text).toContain('Motivation goal');
    expect(text).toContain('I am Åsa. I grow tomatoes on my balcony.');
    expect(text).toContain('My cats.');
    expect(text).toContain('to sing in a choir again');
    expect(text).toContain('call the choir');
    expect(text).toContain('Belongs to: ____');
  });

  it('keeps every word of over-long text and says how long it is and may be', async () => {
    const client = new Client(app.url);
    let res = await client.get('/write/personal-statement/who');
    const long = `${'Jeg går gerne lange ture langs vandet. '.repeat(55)}Sidste ord står her.`;
    res = await client.post('/write/personal-statement/who', { state: stateOf(res), whoIAm: long, action: 'next' });
    expect(res.status).toBe(400);
    expect(h1(res)).toBe('Hvem er jeg?');
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('Der er plads til 2.000 tegn');
    expect(res.text).toContain(`og der står ${new Intl.NumberFormat('da-DK').format(long.trim().length)} nu`);
    expect(res.text).toContain(`${long.trim()}</textarea>`);
    expect(res.text).toContain('aria-invalid="true"');
    // The person can shorten it and go on; the state from the error page works.
    res = await client.post('/write/personal-statement/who', { state: stateOf(res), whoIAm: 'Kortere nu.', action: 'next' });
    expect(res.status).toBe(200);
    expect(h1(res)).toBe('Det er vigtigt for mig');

    // A line of a list that is too long.
    res = await client.post('/write/personal-statement/help', { state: stateOf(res), helpWith: `kort\n${'x'.repeat(250)}`, action: 'skip' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Linje 2 er for lang');
  });

  it('refuses a tampered or unreadable state with a kind message', async () => {
    const client = new Client(app.url);
    await client.get('/write/personal-statement/who');
    const bad = [
      'not base64 at all!',
      Buffer.from('{"fields":{"matters":5}}').toString('base64url'),
      Buffer.from('[1,2,3]').toString('base64url'),
      Buffer.from('{"fields":{"matters":"' + 'x'.repeat(2500) + '"}}').toString('base64url'),
      Buffer.from([0xc3, 0x28]).toString('base64url'),
    ];
    for (const state of bad) {
      const res = await client.post('/write/personal-statement/who', { state, whoIAm: 'Hej', action: 'next' });
      expect(res.status, state.slice(0, 20)).toBe(400);
      expect(res.text).toContain('Vi kunne ikke læse din tekst fra siden');
      const pdf = await pdfOf(client, '/write/personal-statement/pdf', { state });
      expect(pdf.res.status).toBe(400);
    }
  });

  it('shows HTML someone typed as text on every page, and literally in the PDF', async () => {
    const client = new Client(app.url);
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    let res = await client.get('/write/personal-statement/who');
    res = await client.post('/write/personal-statement/who', { state: stateOf(res), whoIAm: `Jeg er ${payload}`, action: 'next' });
    expect(res.text).not.toContain(payload);
    res = await client.post('/write/personal-statement/matters', { state: stateOf(res), matters: payload, action: 'next' });
    res = await client.post('/write/personal-statement/help', { state: stateOf(res), helpWith: payload, action: 'next' });
    res = await client.post('/write/personal-statement/so-that', { state: stateOf(res), soThat: '', mustNotPrevent: '', action: 'next' });
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(res.text).not.toContain(payload);
    res = await client.post('/write/personal-statement/compose', { state: stateOf(res), summary: payload, action: 'next' });
    expect(res.text).not.toContain(payload);
    res = await client.post('/write/personal-statement/check', { state: stateOf(res), action: 'next' });
    expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(res.text).not.toContain(payload);
    const { text } = await pdfOf(client, '/write/personal-statement/pdf', { state: stateOf(res), ownerName: '<b>Navn</b>' });
    expect(text).toContain(payload);
    expect(text).toContain('Tilhører: <b>Navn</b>');
  });

  it('gives writing-helper hints for answers kept in the browser, and keeps nothing', async () => {
    const before = await counts();
    const client = new Client(app.url);
    await client.get('/write');
    const res = await client.postJson('/write/personal-statement/hints', {
      answers: { fields: { whoIAm: 'Jeg er skizofren.', helpWith: ['Jeg vil have en psykolog'] }, summary: '' },
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { fields: Record<string, string[]>; overall: string | null };
    expect(body.fields.whoIAm?.[0]).toContain('diagnose');
    expect(body.fields.helpWith?.[0]).toMatch(/^Linje 1: /);
    expect(await counts()).toEqual(before);
  });

  it('answers unknown sheets and pages with 404', async () => {
    const client = new Client(app.url);
    expect((await client.get('/write/no-such-sheet/who')).status).toBe(404);
    expect((await client.get('/write/personal-statement/no-such-page')).status).toBe(404);
    expect((await client.post('/write/no-such-sheet/pdf', { state: '' })).status).toBe(404);
  });
});

// Raw node:http so the test, not fetch, decides what Accept-Encoding says and sees the bytes sent.
function rawGet(path: string, acceptEncoding?: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(app.url + path, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

describe('pages on the wire', () => {
  it('sends a writing page compressed to a browser that takes it, and plain to one that does not', async () => {
    const plain = await rawGet('/write/personal-statement/who');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('accept-encoding');
    expect(plain.body.toString('utf8')).toContain('<form');

    const br = await rawGet('/write/personal-statement/who', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    const unpacked = zlib.brotliDecompressSync(br.body);
    expect(unpacked.toString('utf8')).toContain('<form');
    expect(unpacked.length).toBe(plain.body.length);
    // The page is still one the browser may run only our own code on.
    expect(br.headers['content-security-policy']).toBe(plain.headers['content-security-policy']);
    expect(br.headers['content-security-policy']).toContain("script-src 'self'");

    const gzip = await rawGet('/write/personal-statement/who', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.body).toString('utf8')).toContain('<form');

    const refused = await rawGet('/write/personal-statement/who', 'br;q=0, gzip;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  // Needs the client build (npm test builds it first).
  it('links the script and style sheet under content-hashed names a browser may keep for a year', async () => {
    const page = (await rawGet('/write/personal-statement/who')).body.toString('utf8');
    const script = /<script type="module" src="(\/static\/build\/app-[A-Za-z0-9]+\.js)">/.exec(page)?.[1];
    const style = /<link rel="stylesheet" href="(\/static\/build\/app-[0-9a-f]+\.css)">/.exec(page)?.[1];
    for (const href of [script, style]) {
      expect(href).toBeDefined();
      const asset = await rawGet(href!, 'br');
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-encoding']).toBe('br');
    }
  });
});
