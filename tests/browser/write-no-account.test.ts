import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { ZONE, todayIn } from '../../src/domain/time/copenhagen.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, newContext, PAGE_WAIT_MS, releaseBrowser } from '../support/browser.ts';

// Journey 1: alone, no account. Write the personal statement step by step, see the A4 preview,
// print it or download the PDF — with JavaScript off (the text travels in the form) and on (the
// text stays in the browser, and the pages work offline after the first visit).

let app: TestApp;
let browser: Browser;
const root = path.resolve(import.meta.dirname, '../..');
// The page's navigator, for callbacks that run in the browser (the Node type check has no DOM library).
declare const navigator: { serviceWorker: { ready: Promise<unknown>; controller: unknown } };

beforeAll(async () => {
  // The browser scripts are part of what is tested: build them from the current source.
  execFileSync(process.execPath, [path.join(root, 'scripts/build-client.ts')], { cwd: root });
  app = await startTestApp();
  // The citizen's own journey runs in the full browser a person opens; the others in its headless shell.
  browser = await launchBrowser('full');
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
});

async function heading(page: Page): Promise<string> {
  return ((await page.locator('h1').first().textContent()) ?? '').trim();
}

/** Presses a button and waits for the page it leads to (a POST answer or a JavaScript navigation). */
async function press(page: Page, button: string, nextHeading: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect.poll(() => heading(page), { timeout: PAGE_WAIT_MS }).toBe(nextHeading);
  await page.waitForLoadState('domcontentloaded');
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, ' ');
}

/** Downloads the PDF, which the browser names by the sheet and today's Danish day, æøå and all. */
async function downloadPdf(page: Page, sheet: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Hent som PDF' }).click()]);
  expect(download.suggestedFilename()).toBe(`${sheet} ${todayIn(ZONE, new Date()).split('-').reverse().join('.')}.pdf`);
  const file = await download.path();
  return pdfText(file);
}

/** The personal statement from the first step to the done page, checking each page with axe. */
async function writePersonalStatement(page: Page, javaScript: boolean): Promise<void> {
  await page.goto(`${app.url}/write`);
  await expectLanded(page, '/write', 'Skriv dit ark');
  await expectNoAxeViolations(page, 'choose a sheet');
  // Kept in the browser only where the page's script can keep it: without one, the page says the
  // text lasts until the page is closed.
  await page
    .getByText(javaScript ? 'Det bliver på din egen telefon eller computer.' : 'Teksten følger med fra side til side, indtil du lukker siden.', {
      exact: false,
    })
    .waitFor();
  await page.getByRole('link', { name: 'Begynd at skrive' }).first().click();
  await expect.poll(() => heading(page)).toBe('Hvem er jeg?');
  await page.getByText('Trin 1 af 6').waitFor();
  await page.getByText('Se eksempler').click();
  await expectNoAxeViolations(page, 'step who');
  await page.getByLabel('Om mig').fill('Jeg hedder Søren og bor på Ærø. Jeg elsker at gå ved stranden med min hund.');
  // The count follows the typing where a script can update it; without one the page says only the
  // limit, never a count that no longer matches the box.
  await expect.poll(() => page.locator('#count-whoIAm').textContent()).toBe(javaScript ? 'Plads til 2.000 tegn. Du har brugt 75.' : 'Plads til 2.000 tegn.');
  if (javaScript) {
    // Kept in the browser: a reload brings it back.
    await page.waitForTimeout(400);
    await page.reload();
    await expect.poll(() => page.getByLabel('Om mig').inputValue()).toContain('Jeg hedder Søren');
  }
  await press(page, 'Fortsæt', 'Det er vigtigt for mig');
  await expectNoAxeViolations(page, 'step matters');
  await page.getByLabel('Det vigtigste for mig').fill('Min søster og vores søndagsture.');
  await press(page, 'Fortsæt', 'Det vil jeg gerne have hjælp til');
  await expectNoAxeViolations(page, 'step help');
  await page.getByLabel('Jeg vil gerne have hjælp til …').fill('at sove om natten\nat åbne mine breve');
  await press(page, 'Fortsæt', 'Så jeg kan …');
  await expectNoAxeViolations(page, 'step so-that');
  await page.getByLabel('Så jeg kan …', { exact: true }).fill('passe mit arbejde');
  await press(page, 'Fortsæt', 'Kort fortalt');
  await expectNoAxeViolations(page, 'compose');
  expect(await page.locator('.sheet-parts').textContent()).toContain('Jeg hedder Søren');
  await press(page, 'Brug et udkast', 'Kort fortalt');
  await expect
    .poll(() => page.getByLabel('Din korte tekst').inputValue())
    .toContain('Jeg vil gerne have hjælp til at sove om natten og at åbne mine breve, så jeg kan passe mit arbejde.');
  await expectNoAxeViolations(page, 'compose with a draft');
  // A text of one's own is never overwritten: the draft comes beside it, and the person chooses.
  await page.getByLabel('Din korte tekst').fill('Jeg er Søren fra Ærø.');
  await press(page, 'Brug et udkast', 'Kort fortalt');
  await page.getByRole('heading', { name: 'Et udkast til dig' }).waitFor();
  expect(await page.getByLabel('Din korte tekst').inputValue()).toBe('Jeg er Søren fra Ærø.');
  await expectNoAxeViolations(page, 'compose with a draft offered beside the text');
  await press(page, 'Sæt udkastet ind efter min tekst', 'Kort fortalt');
  await expect.poll(() => page.getByLabel('Din korte tekst').inputValue()).toMatch(/^Jeg er Søren fra Ærø\.\n\nJeg hedder Søren/);
  await press(page, 'Fortsæt', 'Tjek dit ark');
  await expectNoAxeViolations(page, 'check');
  // The writing helper has read the sheet (on the server without JavaScript, via JSON with it).
  await expect.poll(() => page.locator('[data-lix-overall]').textContent()).toMatch(/^Hele arket: .* \(LIX \d+\)\.$/);
  await page.getByLabel('Er det skrevet med mine egne ord?').check();
  await press(page, 'Fortsæt', 'Se og udskriv');
  await expectNoAxeViolations(page, 'done');
  await expect.poll(() => page.locator('.sheet-preview').textContent()).toContain('Jeg hedder Søren og bor på Ærø.');
}

for (const javaScript of [false, true]) {
  describe(`writing without an account, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('goes from an empty sheet to a downloaded PDF and a clean printout', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await writePersonalStatement(page, javaScript);
      const preview = (await page.locator('.sheet-preview').textContent()) ?? '';
      expect(preview).toContain('at åbne mine breve');
      expect(preview).toContain('Kort fortalt');

      await page.getByLabel('Navn på arket').fill('Søren Ærø');
      if (javaScript) await expect.poll(() => page.locator('[data-preview-owner]').textContent()).toBe('Tilhører: Søren Ærø');
      const text = await downloadPdf(page, 'Personligt statement');
      expect(text).toContain('Tilhører: Søren Ærø');
      expect(text).toContain('Jeg hedder Søren og bor på Ærø.');
      expect(text).toContain('at åbne mine breve');
      expect(text).toContain('passe mit arbejde');

      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await page.locator('nav').first().isVisible()).toBe(false);
      expect(await page.locator('.site-footer').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Hent som PDF' }).isVisible()).toBe(false);
      await page.locator('.sheet-preview').waitFor();
      await page.emulateMedia({ media: 'screen' });
      await page.locator('.site-header').waitFor();
      expect(await page.getByRole('button', { name: 'Udskriv arket' }).isVisible()).toBe(javaScript);
      await context.close();
    });
  });
}

describe('the motivation goal and the error page', () => {
  it('has no axe violations on its steps, nor with an over-long text', async () => {
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/write/motivation-goal/who`);
    await expectLanded(page, '/write/motivation-goal/who', 'Hvem er jeg?');
    await expectNoAxeViolations(page, 'motivation who');
    await page.getByLabel('Om mig').fill('Jeg laver mad. '.repeat(150));
    await press(page, 'Fortsæt', 'Hvem er jeg?');
    await page.locator('.error-summary').waitFor();
    expect(await page.getByLabel('Om mig').inputValue()).toContain('Jeg laver mad. Jeg laver mad.');
    await expectNoAxeViolations(page, 'motivation who, too long');
    await page.getByLabel('Om mig').fill('Jeg laver mad.');
    await press(page, 'Fortsæt', 'Det er vigtigt for mig');
    await expectNoAxeViolations(page, 'motivation matters');
    await press(page, 'Spring over', 'Den hjælp, jeg gerne vil have');
    await expectNoAxeViolations(page, 'motivation help');
    await press(page, 'Spring over', 'Det vil jeg arbejde hen imod');
    await expectNoAxeViolations(page, 'motivation goal');
    await context.close();
  });
});

describe('offline after the first visit', () => {
  it('moves through the steps and shows the preview with no network', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/write/personal-statement/who`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    // Count what reaches the server from now on: offline, no page may.
    const pageRoute = app.routes.find((r) => r.method === 'GET' && r.path === '/write/:template/:page')!;
    const original = pageRoute.handler;
    let served = 0;
    pageRoute.handler = (ctx) => {
      served++;
      return original(ctx);
    };
    try {
      await page.getByLabel('Om mig').fill('Skrevet uden net: Åge fra Ølstykke.');
      await context.setOffline(true);
      await press(page, 'Fortsæt', 'Det er vigtigt for mig');
      await page.getByLabel('Det vigtigste for mig').fill('Min have.');
      await press(page, 'Fortsæt', 'Det vil jeg gerne have hjælp til');
      await press(page, 'Spring over', 'Så jeg kan …');
      await press(page, 'Spring over', 'Kort fortalt');
      expect(await page.locator('.sheet-parts').textContent()).toContain('Åge fra Ølstykke');
      await press(page, 'Fortsæt', 'Tjek dit ark');
      await expect.poll(() => page.locator('[data-check-hints]').textContent()).toContain('Skrivehjælpen virker kun, når du er på nettet.');
      await press(page, 'Fortsæt', 'Se og udskriv');
      await expect.poll(() => page.locator('.sheet-preview').textContent()).toContain('Skrevet uden net: Åge fra Ølstykke.');
      expect(await page.locator('.sheet-preview').textContent()).toContain('Min have.');
      // The PDF needs the network; the page says so calmly and points to printing.
      await page.getByRole('button', { name: 'Hent som PDF' }).click();
      await expect.poll(() => page.locator('[data-status]').first().textContent()).toContain('Du kan stadig udskrive arket.');
      expect(served).toBe(0);
    } finally {
      pageRoute.handler = original;
      await context.setOffline(false);
    }
    await context.close();
  });
});

for (const javaScript of [false, true]) {
  describe(`the motivation goal without an account, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('goes from an empty sheet to a downloaded PDF with what was typed', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await page.goto(`${app.url}/write/motivation-goal/who`);
      await expect.poll(() => heading(page)).toBe('Hvem er jeg?');
      await page.getByLabel('Om mig').fill('Jeg er Åse, og jeg holder af at strikke.');
      await press(page, 'Fortsæt', 'Det er vigtigt for mig');
      await page.getByLabel('Det vigtigste for mig').fill('At have mine venner tæt på.');
      await press(page, 'Fortsæt', 'Den hjælp, jeg gerne vil have');
      await page.getByLabel('Jeg vil gerne have hjælp til …').fill('at komme ud af døren om morgenen');
      await press(page, 'Fortsæt', 'Det vil jeg arbejde hen imod');
      await page.getByLabel('Mit mål er …').fill('at tage bussen til strikkeklubben hver torsdag');
      await page.getByLabel('Et første lille skridt kan være …').fill('at gå til stoppestedet en gang');
      await expectNoAxeViolations(page, 'motivation goal step');
      await press(page, 'Fortsæt', 'Mit mål kort fortalt');
      await page.getByLabel('Din korte tekst').fill('Jeg er Åse. Jeg vil gerne til strikkeklubben igen.');
      await press(page, 'Fortsæt', 'Tjek dit ark');
      await press(page, 'Fortsæt', 'Se og udskriv');
      await expectNoAxeViolations(page, 'motivation done');
      const text = await downloadPdf(page, 'Motivationsmål');
      expect(text).toContain('Jeg er Åse, og jeg holder af at strikke.');
      expect(text).toContain('strikkeklubben hver torsdag');
      expect(text).toContain('Jeg vil gerne til strikkeklubben igen.');
      await context.close();
    });
  });
}
