import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, newContext, contextWithCookies, releaseBrowser } from '../support/browser.ts';
import { signedIn } from '../support/fixtures.ts';
import { insertOrganisation, insertSite } from '../../src/server/repositories/organisations.ts';
import { flushAnswerQueue } from '../../src/server/services/evaluation/responses.ts';

// The evaluation journey of the product brief: a coordinator sets up a round and builds a
// questionnaire, sends it out by an anonymous and a pseudonymous link, citizens answer on their
// own devices, and the report shows only what cannot point at anyone, released in steps of at
// least 5 new answers; the exports download, as aggregates.

let app: TestApp;
let browser: Browser;
let downloads: string;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  browser = await launchBrowser();
  downloads = mkdtempSync(path.join(tmpdir(), 'egne-ord-evaluation-'));
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

const contextAs = (cookies: Map<string, string> | null, javaScript: boolean) => contextWithCookies(browser, cookies, javaScript);

async function submit(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.waitForEvent('framenavigated'), page.getByRole('button', { name }).click()]);
}

async function download(page: Page, linkName: string, file: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  const target = path.join(downloads, file);
  await d.saveAs(target);
  return target;
}

const TITLE = 'Samtalen på Værestedet';
const ROUND = 'Forår med peer-samtaler';
const FORMULA = '=HYPERLINK("http://example.invalid","klik")';

/** One citizen in a fresh browser, on their own: opens the link, answers, sends. */
async function citizenAnswers(o: {
  url: string;
  javaScript: boolean;
  choice: string;
  comment?: string;
  pseudonym?: string;
  axe?: string;
  tryEmpty?: boolean;
}): Promise<void> {
  const context = await newContext(browser, { javaScript: o.javaScript });
  const page = await context.newPage();
  await page.goto(o.url);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  if (o.axe) await expectNoAxeViolations(page, o.axe);
  if (o.tryEmpty) {
    // Sent with consent but nothing chosen: the error summary's link lands on the question's first radio.
    await page.getByLabel(/Må vi bruge dine svar/).check();
    await submit(page, 'Send svar');
    await page.locator('.error-summary').waitFor();
    await page.locator('.error-summary a', { hasText: /Hjalp samtalen dig/ }).click();
    await expect.poll(() => page.locator('input[type="radio"]:focus').count()).toBe(1);
  }
  if (o.pseudonym) await page.getByLabel('Din kode').fill(o.pseudonym);
  await page
    .getByRole('group', { name: /Hjalp samtalen dig/ })
    .getByRole('radio', { name: o.choice, exact: true })
    .check();
  if (o.comment) await page.getByLabel('Vil du sige mere?').fill(o.comment);
  await page.getByLabel(/Må vi bruge dine svar/).check();
  await submit(page, 'Send svar');
  await page.waitForURL(/\?thanks=1$/);
  await page.getByRole('heading', { name: 'Tak for dine svar' }).waitFor();
  if (o.axe) await expectNoAxeViolations(page, `${o.axe}: thanks`);
  await context.close();
}

describe('evaluation, from round to report and exports', () => {
  it('round → own questionnaire → two links → citizens answer → suppressed report → exports', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Peer-netværket Nord', kind: 'municipality' });
    await insertSite(app.deps.db, org.id, 'Værestedet');
    await insertSite(app.deps.db, org.id, 'Bostedet Lyngen');
    const coordinator = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: org.id });
    // The coordinator works with JavaScript off: every form must work without it.
    const context = await contextAs(coordinator.client.cookies, false);
    const page = await context.newPage();

    // A round with both sites.
    await page.goto(`${app.url}/organisation/${org.id}/evaluation`);
    await expectLanded(page, `/organisation/${org.id}/evaluation`, 'Evaluering');
    await expectNoAxeViolations(page, 'evaluation home');
    await page.getByLabel('Titel', { exact: true }).fill(ROUND);
    await page.getByLabel('Den metode, I afprøver').fill('Peer-samtaler før og efter møder');
    await page.getByLabel('Begynder').fill('2026-01-01');
    await page.getByLabel('Slutter').fill('2027-12-31');
    await page.getByLabel('Værestedet (Peer-netværket Nord)').check();
    await page.getByLabel('Bostedet Lyngen (Peer-netværket Nord)').check();
    await submit(page, 'Opret runden');
    await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
    const roundUrl = page.url();
    await page.getByRole('heading', { level: 1, name: ROUND }).waitFor();
    await expectNoAxeViolations(page, 'round');

    // Our own questionnaire, in the builder.
    await page.getByRole('link', { name: 'Tilbage til evaluering' }).click();
    await page.getByRole('link', { name: 'Lav et nyt spørgeskema' }).click();
    await page.waitForURL(/\/questionnaires\/new$/);
    await expectNoAxeViolations(page, 'questionnaire builder, new');
    const about = page.getByRole('group', { name: 'Om spørgeskemaet' });
    await about.getByLabel('Titel (dansk)').fill(TITLE);
    // English may be skipped; the Danish introduction is left out on purpose: the page comes back with the error and the words.
    await about
      .getByLabel('Kort introduktion til dem, der svarer (engelsk, kan springes over)')
      .fill('Three short questions about the conversation. You do not need to write your name.');
    await expect.poll(() => about.getByLabel('Kilde og licens').inputValue()).toMatch(/CC BY 4\.0/);
    await about.getByLabel('Kilde og licens').fill('Peer-netværket Nord, CC BY 4.0');
    // A new questionnaire starts with one question with two answer options; a third is one button away.
    let first = page.getByRole('group', { name: 'Spørgsmål 1', exact: true });
    await first.getByLabel('Type').selectOption({ label: 'Ét svar fra en liste' });
    await first.getByLabel('Spørgsmålets tekst (dansk)').fill('Hjalp samtalen dig?');
    await first.getByLabel('Spørgsmålets tekst (engelsk, kan springes over)').fill('Did the conversation help you?');
    await first.getByLabel('Skal besvares').check();
    await first.locator('summary', { hasText: 'Nøgle (kan springes over)' }).click();
    await first.getByLabel('Nøgle (kan springes over)').fill('helped');
    const option = (n: number) => first.getByRole('group', { name: `Svarmulighed ${n}`, exact: true });
    await option(1).getByLabel('Tekst (dansk)').fill('Ja');
    await option(1).getByLabel('Værdi (kan springes over)').fill('yes');
    await option(1).getByLabel('Point (kan springes over)').fill('2');
    await option(2).getByLabel('Tekst (dansk)').fill('Nej');
    await option(2).getByLabel('Værdi (kan springes over)').fill('no');
    await option(2).getByLabel('Point (kan springes over)').fill('0');
    await submit(page, 'Tilføj en svarmulighed spørgsmål 1');
    await expectNoAxeViolations(page, 'questionnaire builder, an option added');
    first = page.getByRole('group', { name: 'Spørgsmål 1', exact: true });
    expect(await option(2).getByLabel('Tekst (dansk)').inputValue()).toBe('Nej');
    await option(3).getByLabel('Tekst (dansk)').fill('Lidt');
    await option(3).getByLabel('Tekst (engelsk, kan springes over)').fill('A little');
    await option(3).getByLabel('Værdi (kan springes over)').fill('some');
    await option(3).getByLabel('Point (kan springes over)').fill('1');
    // "Lidt" belongs between "Ja" and "Nej".
    await submit(page, 'Flyt op svarmulighed 3 i spørgsmål 1');
    expect(await option(2).getByLabel('Tekst (dansk)').inputValue()).toBe('Lidt');
    await submit(page, 'Gem spørgeskemaet');
    await page.locator('.error-summary').waitFor();
    await page.getByRole('link', { name: /Den danske tekst mangler: introen/ }).waitFor();
    expect(await option(3).getByLabel('Tekst (dansk)').inputValue()).toBe('Nej');
    await expectNoAxeViolations(page, 'questionnaire builder with an error');
    await page.getByRole('link', { name: /Den danske tekst mangler/ }).click();
    await page
      .getByRole('group', { name: 'Om spørgeskemaet' })
      .getByLabel('Kort introduktion til dem, der svarer (dansk)')
      .fill('Tre korte spørgsmål om samtalen. Du behøver ikke skrive dit navn.');
    // The preview shows it as those who answer will see it, with the survey's own radios.
    await submit(page, 'Se spørgeskemaet, som de, der svarer, ser det');
    await page.getByRole('heading', { level: 1, name: `Forhåndsvisning: ${TITLE}` }).waitFor();
    expect(await page.getByRole('radio', { name: 'Lidt' }).isDisabled()).toBe(true);
    await expectNoAxeViolations(page, 'questionnaire preview');
    await page.getByRole('button', { name: 'Gem spørgeskemaet' }).click();
    await page.waitForURL(/\/questionnaires\/[0-9a-f-]{36}\/edit\?saved=1$/);
    await page.getByText('Spørgeskemaet er gemt som version 1.').waitFor();
    await expectNoAxeViolations(page, 'questionnaire builder, saved');

    // A second question; nobody has answered, so it stays version 1.
    await page.getByText('Ingen har svaret endnu, så du retter version 1 direkte.').waitFor();
    await submit(page, 'Tilføj et spørgsmål');
    const second = page.getByRole('group', { name: 'Spørgsmål 2', exact: true });
    await second.getByLabel('Type').selectOption({ label: 'Svar med egne ord (fri tekst)' });
    await second.locator('summary', { hasText: 'Nøgle (kan springes over)' }).click();
    await second.getByLabel('Nøgle (kan springes over)').fill('more');
    await second.getByLabel('Spørgsmålets tekst (dansk)').fill('Vil du sige mere?');
    await submit(page, 'Gem spørgeskemaet');
    await page.waitForURL(/\?saved=1$/);
    await page.getByText('Spørgeskemaet er gemt som version 1.').waitFor();
    await page.getByRole('group', { name: 'Spørgsmål 2', exact: true }).waitFor();

    // Two links: anonymous for the drop-in centre, pseudonymous for the housing service.
    await page.goto(roundUrl);
    const makeLink = async (mode: string, site: string) => {
      await page.getByLabel('Spørgeskema', { exact: true }).selectOption({ label: `${TITLE} (Borgere)` });
      await page.getByLabel('Hvordan svarer man?').selectOption({ label: mode });
      await page.getByLabel('Sted', { exact: true }).selectOption({ label: site });
      await submit(page, 'Lav link');
      await page.getByText('Linket er lavet.').waitFor();
      return (await page.locator('code.secret').textContent())!.trim();
    };
    const anonymousUrl = await makeLink('Anonymt', 'Værestedet');
    await expectNoAxeViolations(page, 'round with a new link');
    const pseudonymousUrl = await makeLink('Med en kode (pseudonymt)', 'Bostedet Lyngen');
    expect(anonymousUrl).toMatch(/\/q\/[A-Za-z0-9_-]{43}$/);
    expect(pseudonymousUrl).not.toBe(anonymousUrl);

    // Nine people answer on the anonymous link, two with a code on the other; each in their own
    // browser. "Lidt" (3) and "Nej" (2) are small cells; together they are 5, so they hide each
    // other without taking the large "Ja" (6) with them.
    const anonymous = [
      { choice: 'Ja', comment: 'Jeg blev hørt.', axe: 'survey, anonymous, JavaScript off', tryEmpty: true },
      { choice: 'Ja', comment: FORMULA },
      { choice: 'Ja', comment: 'Rart at tale med en, der har prøvet det.' },
      { choice: 'Ja' },
      { choice: 'Ja', comment: 'Godt.' },
      { choice: 'Ja' },
      { choice: 'Lidt', comment: 'Det tog tid.' },
      { choice: 'Lidt' },
      { choice: 'Nej' },
    ];
    for (const [i, a] of anonymous.entries()) await citizenAnswers({ url: anonymousUrl, javaScript: i % 2 === 1, ...a });
    await citizenAnswers({
      url: pseudonymousUrl,
      javaScript: true,
      choice: 'Nej',
      pseudonym: 'gran-17',
      comment: 'For kort.',
      axe: 'survey, pseudonymous, JavaScript on',
    });
    await citizenAnswers({ url: pseudonymousUrl, javaScript: false, choice: 'Lidt', pseudonym: 'bregne-4' });

    // The report for the whole round, released at 11 answers: 6 said "Ja"; "Lidt" and "Nej"
    // are small cells. The page says plainly when the numbers move.
    // Anonymous answers wait in a queue until a whole batch can be written; the hourly write takes the rest.
    await flushAnswerQueue(app.deps, { all: true });
    await page.goto(roundUrl);
    await page.getByRole('link', { name: 'Se rapporten' }).click();
    await page.waitForURL(/\/report$/);
    await expectNoAxeViolations(page, 'report');
    await page.getByText('Tallene opdateres, når mindst 5 nye har svaret, og højst én gang om ugen.', { exact: false }).waitFor();
    const report = page.locator('section.report-item').filter({ has: page.getByRole('heading', { name: 'Hjalp samtalen dig?' }) });
    expect(await report.getByText('Har svaret: 11').isVisible(), (await report.textContent()) ?? '').toBe(true);
    await report.getByRole('row', { name: /^Ja 6 55 %$/ }).waitFor();
    await report.getByRole('row', { name: /^Lidt skjult/ }).waitFor();
    await report.getByRole('row', { name: /^Nej skjult/ }).waitFor();
    await page.getByText('Jeg blev hørt.').waitFor();

    // The housing service alone, chosen in the GET form with JavaScript off: its row of the same
    // release. Two people, so every figure of theirs is hidden, and free text is whole-round only.
    await page.getByLabel('Sted', { exact: true }).selectOption({ label: 'Bostedet Lyngen' });
    await submit(page, 'Vis');
    await page.waitForURL(/\/report\?site=.*&from=0&to=1/);
    const small = page.locator('section.report-item').filter({ has: page.getByRole('heading', { name: 'Hjalp samtalen dig?' }) });
    await small.getByText('Har svaret: skjult').waitFor();
    await small.getByRole('row', { name: /^Nej skjult/ }).waitFor();
    expect(await small.getByRole('row', { name: /\b0\b/ }).count()).toBe(0);
    expect(await page.getByText('For kort.').count()).toBe(0);
    await page.getByText('Svar med egne ord vises kun for hele runden').waitFor();
    await expectNoAxeViolations(page, 'report for a small site');

    // One more answer, and the report is loaded again: nothing moves until 5 more have answered.
    await citizenAnswers({ url: anonymousUrl, javaScript: false, choice: 'Nej', comment: 'Lige nu.' });
    await page.goto(`${app.url}${new URL(page.url()).pathname}`);
    await report.getByText('Har svaret: 11').waitFor();
    expect(await page.getByText('Lige nu.').count()).toBe(0);

    // Exports.
    await page.goto(roundUrl);
    // The numbers only, as the report shows them: semicolons for a Danish Excel, no free text.
    const csv = readFileSync(await download(page, 'Tallene som CSV (til regneark)', 'numbers.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFrelease;released_on;')).toBe(true);
    expect(csv).toContain(';all;helped;');
    expect(csv).not.toContain('HYPERLINK');
    const codebook = readFileSync(await download(page, 'Kodebog (CSV)', 'codebook.csv'), 'utf8');
    expect(codebook).toContain('helped');
    expect(codebook).toContain('Hjalp samtalen dig?');
    const fhir = JSON.parse(readFileSync(await download(page, 'FHIR R4 (til sundhedsfaglige systemer)', 'fhir.json'), 'utf8')) as {
      resourceType: string;
      entry: { resource: { resourceType: string; title?: string } }[];
    };
    expect(fhir.resourceType).toBe('Bundle');
    expect(fhir.entry.some((e) => e.resource.resourceType === 'Questionnaire' && e.resource.title === TITLE)).toBe(true);
    expect(fhir.entry.filter((e) => e.resource.resourceType === 'QuestionnaireResponse')).toHaveLength(0);
    expect(fhir.entry.some((e) => e.resource.resourceType === 'MeasureReport')).toBe(true);
    const pdfText = execFileSync('pdftotext', [await download(page, 'Rapport som PDF', 'report.pdf'), '-'], { encoding: 'utf8' });
    expect(pdfText).toContain(ROUND);
    expect(pdfText).toContain('Hjalp samtalen dig?');
    expect(pdfText).toContain('skjult');

    // Answers exist now: the builder says a change becomes version 2.
    await page.goto(`${app.url}/organisation/${org.id}/evaluation`);
    await page.getByRole('link', { name: `Ret ${TITLE}` }).click();
    // The click starts a navigation: wait for the builder before reading it.
    await page.getByText('Version 1 har svar og er låst. Når du gemmer, bliver det version 2.').waitFor();
    await expectNoAxeViolations(page, 'questionnaire builder, locked');
    await context.close();
  });
});

describe('a live poll', () => {
  it('the audience votes with JavaScript off or on and sees what they chose; the presenter sees no result under 5', async () => {
    const org = await insertOrganisation(app.deps.db, { name: 'Webinarholdet', kind: 'municipality' });
    const coordinator = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: org.id });
    const created = await coordinator.client.post(`/organisation/${org.id}/polls`, { text: 'Hvad tager du med?', options: 'Mod\nViden\nEt netværk' });
    const pollId = created.location!.split('/').pop()!;
    const code = (await coordinator.client.get(`/polls/${pollId}`)).text.match(/koden ([A-Z0-9]{6})/)![1]!;

    for (const javaScript of [false, true]) {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await page.goto(`${app.url}/p`);
      await page.getByLabel('Kode').fill(code.toLowerCase());
      await submit(page, 'Fortsæt');
      await expectLanded(page, `/p/${code}`, 'Hvad tager du med?');
      if (!javaScript) await expectNoAxeViolations(page, 'poll, JavaScript off');
      await page.getByRole('radio', { name: 'Viden' }).check();
      await submit(page, 'Stem');
      await page.getByText('Du stemte: Viden.').waitFor();
      // Coming back: the choice is still there, and can be changed.
      await page.goto(`${app.url}/p/${code}`);
      await page.getByText('Du stemte: Viden.').waitFor();
      expect(await page.getByRole('radio', { name: 'Viden' }).isChecked()).toBe(true);
      await page.getByRole('radio', { name: 'Mod' }).check();
      await submit(page, 'Ændr din stemme');
      await page.getByText('Du stemte: Mod.').waitFor();
      if (!javaScript) await expectNoAxeViolations(page, 'poll, voted, JavaScript off');
      await context.close();
    }

    const presenter = await (await contextAs(coordinator.client.cookies, false)).newPage();
    await presenter.goto(`${app.url}/polls/${pollId}`);
    await presenter.getByText('Resultatet vises, når mindst 5 har stemt.').waitFor();
    await expectNoAxeViolations(presenter, 'poll presenter, no result yet');
    // The projector view: the full address, a large QR code, and still no result under 5.
    await presenter.getByRole('link', { name: 'Vis på storskærm' }).click();
    await presenter.waitForURL(/projector=1/);
    expect(await presenter.locator('.projector__address strong').textContent()).toMatch(new RegExp(`/p/${code}$`));
    expect((await presenter.locator('.projector__qr svg').boundingBox())!.width).toBeGreaterThanOrEqual(300);
    await presenter.getByText('Resultatet vises, når mindst 5 har stemt.').waitFor();
    expect(await presenter.locator('.site-header').isVisible()).toBe(false);
    await expectNoAxeViolations(presenter, 'poll projector, no result yet');
    await presenter.context().close();
  });
});
