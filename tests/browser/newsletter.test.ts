import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, contextWithCookies, releaseBrowser } from '../support/browser.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import { startSmtp, type ReceivedMail } from '../support/smtp.ts';

let app: TestApp;
let browser: Browser;
let world: World;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ env: { SMTP_URL: smtp.url } });
  browser = await launchBrowser();
  world = await createWorld(app);
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
  await smtp?.close();
});

const contextAs = (cookies: Map<string, string> | null, javaScript: boolean) => contextWithCookies(browser, cookies, javaScript);

/** The body of a received mail, with quoted-printable soft line breaks and escapes undone. */
function bodyOf(mail: ReceivedMail): string {
  const split = mail.raw.indexOf('\r\n\r\n');
  const headers = mail.raw.slice(0, split);
  const body = mail.raw.slice(split + 4);
  if (/content-transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    return Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  }
  return body;
}

async function waitForMail(to: string, count: number): Promise<ReceivedMail> {
  for (let i = 0; i < 50; i++) {
    const mine = smtp.mails.filter((m) => m.to.includes(to));
    if (mine.length >= count) return mine[count - 1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail ${count} to ${to}`);
}

function linkIn(mail: ReceivedMail, kind: 'confirm' | 'unsubscribe'): string {
  const match = bodyOf(mail).match(new RegExp(`https?://[^\\s]+/newsletter/${kind}/[A-Za-z0-9_-]{43}`));
  if (!match) throw new Error(`no ${kind} link`);
  return match[0];
}

describe('peer network with JavaScript off', () => {
  it('newsletter: sign up → confirmation mail → open the link → confirm → an issue arrives → unsubscribe', async () => {
    const visitorContext = await contextAs(null, false);
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${app.url}/newsletter`);
    await expectLanded(visitor, '/newsletter', 'Nyhedsbrev fra peernetværket');
    await expectNoAxeViolations(visitor, 'newsletter sign-up');

    // A malformed address first.
    await visitor.getByLabel('Din e-mailadresse').fill('ikke en adresse');
    await visitor.getByRole('button', { name: 'Tilmeld' }).click();
    await visitor.getByRole('alert').getByText('Skriv en e-mailadresse').waitFor();
    await expectNoAxeViolations(visitor, 'newsletter sign-up with an error');

    await visitor.getByLabel('Din e-mailadresse').fill('karen@example.org');
    await visitor.getByRole('button', { name: 'Tilmeld' }).click();
    await visitor.getByRole('heading', { name: 'Se efter en mail fra os' }).waitFor();
    await expectNoAxeViolations(visitor, 'check your mail');

    const confirmLink = linkIn(await waitForMail('karen@example.org', 1), 'confirm');
    await visitor.goto(confirmLink);
    await expectLanded(visitor, new URL(confirmLink, app.url).pathname, 'Bekræft din tilmelding');
    await expectNoAxeViolations(visitor, 'confirm');
    await visitor.getByRole('button', { name: 'Ja, send mig nyhedsbrevet' }).click();
    await visitor.getByRole('heading', { name: 'Tak — du er tilmeldt' }).waitFor();
    await expectNoAxeViolations(visitor, 'confirmed');

    // The same link again: a kind page, no change.
    await visitor.goto(confirmLink);
    await visitor.getByRole('heading', { name: 'Du er allerede tilmeldt' }).waitFor();
    await expectNoAxeViolations(visitor, 'already confirmed');

    // A coordinator writes an issue.
    const coordinatorContext = await contextAs(world.coordinatorA.client.cookies, false);
    const coordinator = await coordinatorContext.newPage();
    await coordinator.goto(`${app.url}/newsletter/issues`);
    await expectLanded(coordinator, '/newsletter/issues', 'Skriv et nyhedsbrev');
    await expectNoAxeViolations(coordinator, 'compose newsletter');
    await coordinator.getByRole('button', { name: 'Send nyhedsbrevet' }).click();
    await coordinator.getByRole('alert').getByText('Skriv et emne').waitFor();
    await expectNoAxeViolations(coordinator, 'compose newsletter with errors');
    await coordinator.getByLabel('Emne').fill('Landsmøde i maj');
    await coordinator.getByLabel('Tekst', { exact: true }).fill('Vi ses i Odense.');
    await coordinator.getByRole('button', { name: 'Send nyhedsbrevet' }).click();
    await coordinator.waitForURL(/sent=1/);
    await coordinator.getByText('Nyhedsbrevet er sendt til 1 modtager.').waitFor();
    await expectNoAxeViolations(coordinator, 'newsletter sent');

    const issue = await waitForMail('karen@example.org', 2);
    expect(bodyOf(issue)).toContain('Vi ses i Odense.');
    await visitor.goto(linkIn(issue, 'unsubscribe'));
    await expectLanded(visitor, new URL(linkIn(issue, 'unsubscribe'), app.url).pathname, /^(Frameld nyhedsbrevet|Du er frameldt)$/);
    await expectNoAxeViolations(visitor, 'unsubscribe');
    await visitor.getByRole('button', { name: 'Frameld' }).click();
    await visitor.getByRole('heading', { name: 'Du er frameldt' }).waitFor();
    await expectNoAxeViolations(visitor, 'unsubscribed');

    // The old confirmation link no longer subscribes.
    await visitor.goto(confirmLink);
    await visitor.getByRole('heading', { name: 'Du er frameldt' }).waitFor();
    await expectNoAxeViolations(visitor, 'confirmation refused');
    await visitorContext.close();
    await coordinatorContext.close();
  });

  it('sharing practice: a peer posts a note, a peer from another organisation replies', async () => {
    const authorContext = await contextAs(world.peerA.client.cookies, false);
    const readerContext = await contextAs(world.peerB.client.cookies, false);
    const author = await authorContext.newPage();
    const reader = await readerContext.newPage();

    await author.goto(`${app.url}/practice`);
    await expectLanded(author, '/practice', 'Del praksis');
    await expectNoAxeViolations(author, 'practice list');
    await author.getByRole('button', { name: 'Del opslaget' }).click();
    await author.getByRole('alert').getByText('Skriv en overskrift').waitFor();
    await expectNoAxeViolations(author, 'practice list with errors');
    await author.getByLabel('Overskrift').fill('Samtale på en gåtur');
    await author.getByLabel('Det virkede').check();
    await author.getByLabel('Tekst', { exact: true }).fill('Vi gik en tur rundt om søen. Det var lettere at tale sammen.');
    await author.getByRole('button', { name: 'Del opslaget' }).click();
    await author.waitForURL(/\/practice\/[0-9a-f-]{36}\?posted=1/);
    await author.getByText('Dit opslag er delt.').waitFor();
    await expectNoAxeViolations(author, 'practice note');

    await reader.goto(`${app.url}/practice`);
    await reader.getByRole('link', { name: 'Samtale på en gåtur' }).click();
    await reader.waitForURL(/\/practice\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(reader, 'practice note as reader');
    await reader.getByLabel('Dit svar').fill('Det prøver vi også. Tak.');
    await reader.getByRole('button', { name: 'Send svar' }).click();
    await reader.waitForURL(/commented=1/);
    await reader.getByText('Det prøver vi også. Tak.').waitFor();
    await expectNoAxeViolations(reader, 'reply shared');

    await author.reload();
    await author.getByText('Det prøver vi også. Tak.').waitFor();
    await authorContext.close();
    await readerContext.close();
  });
});
