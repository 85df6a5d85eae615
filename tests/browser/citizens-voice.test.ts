import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Client } from '../support/client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { contextWithCookies, expectLanded, expectNoAxeViolations, launchBrowser, releaseBrowser } from '../support/browser.ts';
import { createWorld, signedIn, type World } from '../support/fixtures.ts';
import { ITEMS } from '../../src/domain/assessment/items.ts';
import { RECOVERY_USERS } from '../../src/domain/evaluation/defaults.ts';
import { flushAnswerQueue } from '../../src/server/services/evaluation/responses.ts';

// Issue 17, part 5: a user answers the recovery questionnaire on an anonymous link (the fifth to
// do so), and the team sees the users' scores beside their own on the radar. JavaScript off and on.

let app: TestApp;
let browser: Browser;
let world: World;
let assessmentId: string;
let token: string;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  browser = await launchBrowser();
  world = await createWorld(app);
  const c = world.coordinatorA.client;
  const res = await c.post(`/organisation/${world.orgA.id}/assessments`, { siteId: world.orgA.siteId, title: 'Forår 2026', heldOn: '2026-03-01' });
  assessmentId = res.location!.match(/\/assessment\/([0-9a-f-]{36})/)![1]!;
  const team = [world.peerA, world.professionalA, world.coordinatorA];
  for (const name of ['Ida', 'Karl'])
    team.push(await signedIn(app, { kind: 'staff', role: 'peer', organisationId: world.orgA.id, siteId: world.orgA.siteId, chosenName: name }));
  for (const person of team) await person.client.post(`/assessment/${assessmentId}/answer`, Object.fromEntries(ITEMS.map((i) => [i.key, '4'])));
  await c.post(`/assessment/${assessmentId}/close`, { confirm: 'yes' });
  const round = await c.post(`/organisation/${world.orgA.id}/rounds`, {
    title: 'Brugernes stemme',
    method: 'x',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    siteIds: [world.orgA.siteId],
  });
  const roundId = round.location!.split('/').pop()!;
  const q = await app.deps.db.selectFrom('questionnaires').select('id').where('key', '=', RECOVERY_USERS.key).executeTakeFirstOrThrow();
  token = (await c.post(`/rounds/${roundId}/distributions`, { questionnaireId: q.id, mode: 'anonymous', siteId: world.orgA.siteId })).text.match(
    /\/q\/([A-Za-z0-9_-]{43})/,
  )![1]!;
  // Four users have answered already, each differently, as people do.
  for (const value of ['1', '3', '4', '5']) {
    const user = new Client(app.url);
    const key = (await user.get(`/q/${token}`)).text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
    await user.post(`/q/${token}`, { submissionKey: key, consent: 'yes', ...Object.fromEntries(RECOVERY_USERS.items.map((i) => [i.key, value])) });
  }
  await flushAnswerQueue(app.deps, { all: true });
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
});

for (const javaScript of [false, true]) {
  describe(`the users' voice beside the staff's with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('a user answers on a phone; the team sees both series on the radar, a legend and a table', async () => {
      const userContext = await contextWithCookies(browser, null, javaScript);
      const user = await userContext.newPage();
      await user.setViewportSize({ width: 390, height: 844 });
      await user.goto(`${app.url}/q/${token}`);
      await expectLanded(user, `/q/${token}`, 'Sådan oplever jeg stedet');
      await expectNoAxeViolations(user, 'recovery questionnaire');
      for (const item of RECOVERY_USERS.items) await user.locator(`input[name="${item.key}"][value="2"]`).check();
      await user.getByLabel('Ved ikke / passer ikke på mig').first().check();
      await user.locator('#consent').check();
      await Promise.all([user.waitForEvent('framenavigated'), user.getByRole('button', { name: 'Send svar' }).click()]);
      await user.waitForLoadState('load');
      await user.getByText('Dine svar er modtaget.').waitFor();
      await userContext.close();
      await flushAnswerQueue(app.deps, { all: true });

      const context = await contextWithCookies(browser, world.peerA.client.cookies, javaScript);
      const page = await context.newPage();
      await page.goto(`${app.url}/assessment/${assessmentId}`);
      await expectLanded(page, `/assessment/${assessmentId}`, 'Forår 2026');
      const figure = page.getByRole('figure', { name: 'Personalets og brugernes svar som radardiagram' });
      await figure.waitFor();
      expect(await figure.locator('[data-series="current"]').count()).toBe(1);
      expect(await figure.locator('[data-series="users"]').count()).toBe(1);
      await figure.locator('[data-legend="users"]').getByText('Brugerne', { exact: true }).waitFor();
      // The table for screen readers: one row per theme, staff then users.
      const row = figure.locator('tr[data-theme="basicNeeds"]');
      expect(await row.getByRole('rowheader').textContent()).toBe('Basale behov: bolig, mad og medicin');
      // 1, 3, 4, 5 and this user's 2: their mean; no count per answer anywhere.
      expect(await row.locator('td').allTextContents()).toEqual(['4,0', '3,0']);
      await page.getByRole('heading', { name: 'Her ser I og brugerne mest forskelligt på det' }).waitFor();
      expect(await page.locator('[data-gap]').count()).toBe(3);
      await expectNoAxeViolations(page, 'assessment with the users beside the staff');
      await context.close();
    });
  });
}
