import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, contextWithCookies, releaseBrowser } from '../support/browser.ts';
import { signedIn } from '../support/fixtures.ts';
import { insertOrganisation, insertSite } from '../../src/server/repositories/organisations.ts';

// Rounds across organisations by consent, with JavaScript off: one coordinator invites another
// organisation, its coordinator says yes on their invitations page, the first chooses the new
// site, and the second organisation leaves again.

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
});

async function submit(page: Page, name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.waitForEvent('framenavigated'), page.getByRole('button', { name }).click()]);
}

const ROUND = 'Fælles forår';

describe('a round across two organisations, by consent', () => {
  it('invite → the other coordinator says yes → their site is chosen → they leave', async () => {
    const north = await insertOrganisation(app.deps.db, { name: 'Netværket Nord', kind: 'municipality' });
    const south = await insertOrganisation(app.deps.db, { name: 'Region Syd', kind: 'region' });
    await insertSite(app.deps.db, north.id, 'Værestedet');
    await insertSite(app.deps.db, south.id, 'Klubhuset');
    const owner = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: north.id });
    const invited = await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: south.id });
    const created = await owner.client.post(`/organisation/${north.id}/rounds`, {
      title: ROUND,
      method: 'Peer-samtaler',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
    });
    const roundPath = created.location!;

    const ownerPage = await (await contextWithCookies(browser, owner.client.cookies, false)).newPage();
    await ownerPage.goto(app.url + roundPath);
    await expectLanded(ownerPage, roundPath, ROUND);
    // Before anyone says yes, only the owner's own site can be chosen.
    expect(await ownerPage.getByLabel('Klubhuset (Region Syd)').count()).toBe(0);
    await ownerPage.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Region Syd' });
    await submit(ownerPage, 'Send invitation');
    await expectLanded(ownerPage, roundPath, ROUND);
    await ownerPage.getByText('Region Syd: Inviteret, har ikke svaret').waitFor();
    await expectNoAxeViolations(ownerPage, 'round with an invitation');

    const invitedPage = await (await contextWithCookies(browser, invited.client.cookies, false)).newPage();
    await invitedPage.goto(`${app.url}/organisation/${south.id}/evaluation`);
    await invitedPage.getByRole('link', { name: '1 invitation til en runde venter på svar' }).click();
    const invitations = `/organisation/${south.id}/evaluation/invitations`;
    await expectLanded(invitedPage, invitations, 'Invitationer til runder');
    await expectNoAxeViolations(invitedPage, 'invitations, one waiting');
    await submit(invitedPage, new RegExp(`^Sig ja\\W+${ROUND}$`));
    await expectLanded(invitedPage, invitations, 'Invitationer til runder');
    await invitedPage.getByText('Ingen invitationer venter på svar.').waitFor();
    await invitedPage.getByRole('link', { name: ROUND }).waitFor();
    await expectNoAxeViolations(invitedPage, 'invitations, taking part');

    await ownerPage.reload();
    await ownerPage.getByLabel('Klubhuset (Region Syd)').check();
    await ownerPage.getByLabel('Værestedet (Netværket Nord)').check();
    await submit(ownerPage, 'Gem valget');
    await expectLanded(ownerPage, roundPath, ROUND);
    expect(
      await ownerPage
        .getByRole('listitem')
        .filter({ hasText: /^Klubhuset$/ })
        .count(),
    ).toBe(1);
    await expectNoAxeViolations(ownerPage, 'round with two organisations');

    await submit(invitedPage, new RegExp(`^Gå ud af runden\\W+${ROUND}$`));
    await expectLanded(invitedPage, invitations, 'Invitationer til runder');
    await invitedPage.getByText('I er ikke med i andre organisationers runder.').waitFor();
    await ownerPage.reload();
    await ownerPage.getByText('Region Syd: Gik ud af runden').waitFor();
    expect(
      await ownerPage
        .getByRole('listitem')
        .filter({ hasText: /^Klubhuset$/ })
        .count(),
    ).toBe(0);
  });
});
