import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, contextWithCookies } from '../support/browser.ts';
import { createWorld, signedIn, type World } from '../support/fixtures.ts';

// Issue 17, part 4: a peer in one organisation shares a reflection with a learning group that
// spans organisations; a peer of another organisation, a member, replies; the first peer reads it.

let app: TestApp;
let browser: Browser;
let world: World;
beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  world = await createWorld(app);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

for (const javaScript of [false, true]) {
  describe(`learning groups with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('peer in org A makes a group → peer in org B joins → A shares a reflection with it → B replies → A reads the reply', async () => {
      const mode = javaScript ? 'med' : 'uden';
      const groupName = `Håb på tværs ${mode} script`;
      const sofie = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: 'Sofie' });
      const kasper = await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgB.id, siteId: world.orgB.siteId, chosenName: 'Kasper' });
      const a = await (await contextWithCookies(browser, sofie.client.cookies, javaScript)).newPage();
      const b = await (await contextWithCookies(browser, kasper.client.cookies, javaScript)).newPage();

      // Sofie finds learning groups on her home page (and in her menu) and starts one.
      await a.goto(`${app.url}/`);
      await a.locator('nav a[href="/groups"]').first().waitFor({ state: 'attached' });
      await a.getByRole('link', { name: /^Læringsgrupper: del refleksioner/ }).click();
      await a.waitForURL(/\/groups$/);
      await expectLanded(a, '/groups', 'Læringsgrupper');
      await expectNoAxeViolations(a, 'learning groups');
      await a.getByLabel('Gruppens navn').fill(groupName);
      await a.getByLabel('Hvad vil gruppen? (kort)').fill('Vi øver os i at tale om håb.');
      await a.getByLabel('Alle kan være med').check();
      await a.getByRole('button', { name: 'Start gruppen' }).click();
      await a.waitForURL(/\/groups\/[0-9a-f-]{36}\?created=1$/);
      await a.getByText('Gruppen er startet. Du er vært.').waitFor();
      await expectNoAxeViolations(a, 'new group');
      const groupPath = new URL(a.url()).pathname;

      // Kasper, alone with peer work in another organisation, finds it and joins.
      await b.goto(`${app.url}/groups`);
      await expectNoAxeViolations(b, 'groups to join');
      const card = b.locator('li.card', { hasText: groupName });
      await card.getByRole('button', { name: 'Vær med' }).click();
      await b.waitForURL(/\?joined=1$/);
      await expectLanded(b, groupPath, groupName);
      await expectNoAxeViolations(b, 'joined group');

      // Sofie writes a reflection about her own practice and shares it with the group.
      await a.goto(`${app.url}/peer/reflections`);
      await expectLanded(a, '/peer/reflections', 'Refleksioner');
      await a.getByText('aldrig om en navngiven borger').waitFor();
      await expectNoAxeViolations(a, 'reflections');
      await a.getByLabel('Hvad prøvede jeg?').fill('Jeg ventede længere på svaret.');
      await a.getByLabel('Hvad lærte jeg?').fill('Stilheden gav plads.');
      await a.getByLabel('Del med').first().selectOption({ label: groupName });
      await a.getByLabel('Handle').check();
      await a.getByRole('button', { name: 'Gem refleksionen' }).click();
      await a.waitForURL(/saved=1/);
      await a.getByText(`Delt med ${groupName}`).waitFor();
      await expectNoAxeViolations(a, 'reflection shared');

      // Kasper reads it in the group and replies.
      await b.goto(`${app.url}${groupPath}`);
      await b.getByText('Stilheden gav plads.').waitFor();
      await b.getByText('Fase i aktionslæringen: Handle').waitFor();
      await b.getByLabel('Dit svar').fill('Det vil jeg prøve i morgen.');
      await b.getByRole('button', { name: 'Send svar' }).click();
      await b.waitForURL(/replied=1/);
      await b.getByText('Dit svar er sendt.').waitFor();
      await expectNoAxeViolations(b, 'group with a reply');

      // Sofie reads the reply, under Kasper's name.
      await a.goto(`${app.url}${groupPath}`);
      await a.getByText('Det vil jeg prøve i morgen.').waitFor();
      await a.locator('li.card li.card', { hasText: 'Det vil jeg prøve i morgen.' }).getByText('Kasper').waitFor();
      await expectNoAxeViolations(a, 'group read by the writer');
    });
  });
}
