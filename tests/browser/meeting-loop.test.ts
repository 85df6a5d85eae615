import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, newContext, contextWithCookies, releaseBrowser } from '../support/browser.ts';
import { PASSWORD, signedIn } from '../support/fixtures.ts';
import { toLocalInputValue } from '../../src/domain/time/copenhagen.ts';

let app: TestApp;
let browser: Browser;
/** Moves the app's clock, for "a week later". */
let offsetMs = 0;
beforeAll(async () => {
  app = await startTestApp({ now: () => new Date(Date.now() + offsetMs) });
  browser = await launchBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
});

const contextAs = (cookies: Map<string, string> | null, javaScript: boolean) => contextWithCookies(browser, cookies, javaScript);

for (const javaScript of [false, true]) {
  describe(`the meeting loop with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('write → meeting → share → professional opens (logged) → decision record, kept disagreement → follow-up → a relative reads and comments → revoke → refused → a week later: marked, timeline, next meeting', async () => {
      offsetMs = 0;
      const person = await signedIn(app, { kind: 'citizen', chosenName: 'Nanna' });
      const citizenContext = await contextAs(person.client.cookies, javaScript);
      const citizen = await citizenContext.newPage();

      // Write.
      await citizen.goto(`${app.url}/statements`);
      await expectLanded(citizen, '/statements', 'Mine ark');
      await expectNoAxeViolations(citizen, 'statements list');
      await citizen.getByLabel('Hvad skal arket bruges til?').fill('Til mødet i kommunen');
      await citizen.getByRole('button', { name: 'Begynd' }).click();
      await citizen.waitForURL(/\/write\/who/);
      await citizen.getByRole('textbox').first().fill('Jeg hedder Nanna og holder af at bage brød til mine naboer.');
      await citizen.getByRole('button', { name: 'Fortsæt' }).click();
      await citizen.waitForURL(/\/write\/matters/);

      // Meeting.
      await citizen.goto(`${app.url}/meetings`);
      await expectLanded(citizen, '/meetings', 'Mine møder');
      await expectNoAxeViolations(citizen, 'meetings');
      await citizen.getByLabel('Hvornår er mødet?').fill(toLocalInputValue(new Date(Date.now() + 3 * 24 * 3600_000)));
      await citizen.getByLabel('Hvem skal du mødes med?').fill('Min sagsbehandler');
      await citizen.getByLabel('Hvilket ark vil du tage med?').selectOption({ label: 'Til mødet i kommunen' });
      await citizen.getByRole('button', { name: 'Gem mødet' }).click();
      await citizen.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
      const meetingUrl = citizen.url();
      await expectNoAxeViolations(citizen, 'meeting');
      // In time order: before, on the day, after. Before the meeting the after part waits,
      // folded, and opens when the person asks for it (no JavaScript needed).
      expect(await citizen.locator('section.meeting-phase').evaluateAll((s) => s.map((x) => x.id))).toEqual(['before', 'on-the-day', 'after']);
      expect(await citizen.getByLabel('Hvad aftalte I?').isVisible()).toBe(false);
      await citizen.locator('details[data-after] > summary').click();
      await citizen.getByLabel('Hvad aftalte I?').waitFor();
      await citizen.goto(`${app.url}/meetings`);
      expect(await citizen.locator('[data-meetings="upcoming"] li').count()).toBe(1);
      await citizen.getByText('Når et møde har været, står det her.').waitFor();
      await citizen.goto(meetingUrl);

      // Share.
      await citizen.getByLabel('Fagpersonen må skrive sin del af jeres beslutninger').check();
      await citizen.getByRole('button', { name: 'Lav link' }).click();
      const link = (await citizen.locator('code.secret').first().textContent())!.trim();
      expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
      expect(await citizen.locator('.qr svg').count()).toBe(1);
      // With JavaScript a button copies the link, to paste into a mail or a text message; without,
      // there is no button that cannot work, and the link can be selected as always.
      const copyButton = citizen.getByRole('button', { name: 'Kopiér' });
      if (javaScript) {
        await citizenContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
        await copyButton.click();
        await citizen.getByText('Kopieret. Du kan sætte det ind, hvor du vil.').waitFor();
        expect(await citizen.evaluate('navigator.clipboard.readText()')).toBe(link);
      } else expect(await copyButton.count()).toBe(0);
      await expectNoAxeViolations(citizen, 'share created');

      // The professional opens it.
      const proContext = await newContext(browser, { javaScript });
      const pro = await proContext.newPage();
      await pro.goto(link.replace(/^http:\/\/[^/]+/, app.url));
      await pro.getByText('holder af at bage brød').waitFor();
      await expectNoAxeViolations(pro, 'shared view');

      await citizen.goto(meetingUrl);
      await citizen.getByText('En med linket').first().waitFor();

      // The professional answers in the decision record: what they heard (with a professional
      // term), an option, and a decision they agree with.
      await pro.getByText('I tager begge aktivt del i beslutningen.').waitFor();
      await pro.getByLabel('Skriv, hvad du hørte personen sige').fill('Nanna vil have hjælp til ADL og til sin økonomi.');
      // With JavaScript the professional term is explained while they write; without, after saving.
      if (javaScript) await pro.locator('[data-jargon-for="heard"]').getByText('almindelige daglige gøremål').waitFor();
      await pro.getByLabel('Muligheden', { exact: true }).fill('Økonomisk rådgivning');
      await pro.getByLabel('Hvad den indebærer').fill('En samtale hver anden uge');
      await pro.getByLabel('Hvad har I besluttet?').fill('Nanna og kommunen mødes hver anden uge om hendes økonomi.');
      await pro.getByLabel('Hvem gør hvad?').fill('Karen booker møderne');
      await pro.getByLabel('Ja, jeg er enig').check();
      await pro.getByLabel('Dit navn og din rolle').fill('Karen, sagsbehandler');
      await pro.getByRole('button', { name: 'Gem', exact: true }).click();
      await pro.waitForURL(/planSaved/);
      await pro.getByText('Det er gemt. Personen kan se det.').waitFor();
      await expectNoAxeViolations(pro, 'plan saved');
      // Printed, the page is the record as written, not the form to write it in.
      const record = pro.locator('.print-only').getByText('Nanna og kommunen mødes hver anden uge om hendes økonomi.');
      expect(await record.isVisible()).toBe(false);
      await pro.emulateMedia({ media: 'print' });
      expect(await pro.getByRole('button', { name: 'Gem', exact: true }).isVisible()).toBe(false);
      expect(await record.isVisible()).toBe(true);
      await pro.emulateMedia({ media: 'screen' });

      // The citizen's home: the next meeting, and what is new. The opened link was already seen on
      // the meeting page, so only the professional's answer counts as new; both are listed.
      await citizen.goto(`${app.url}/`);
      await expectLanded(citizen, '/', 'Hej Nanna');
      await citizen.getByRole('link', { name: 'Nyt (1)' }).waitFor();
      await citizen.getByText('Fagpersonen har skrevet i jeres beslutninger fra et af dine møder.').waitFor();
      await citizen.getByText('Et ark, du har delt, er blevet åbnet.').waitFor();
      await citizen.getByRole('link', { name: /Dit næste møde er .* med Min sagsbehandler\./ }).waitFor();
      await expectNoAxeViolations(citizen, 'citizen home');
      await citizen.getByRole('link', { name: 'Se planen' }).click();
      await citizen.waitForURL(meetingUrl);
      // The professional's words in plain words: the term explained where it stands.
      await citizen.getByText('(almindelige daglige gøremål som at handle og gøre rent)').waitFor();

      // The citizen writes her part: she does not agree, in her own words.
      await citizen.getByRole('link', { name: 'Skriv din del' }).click();
      await citizen.waitForURL(/\/decisions$/);
      await expectLanded(citizen, /\/decisions$/, 'Vores fælles beslutninger');
      await expectNoAxeViolations(citizen, 'decisions');
      await citizen.getByLabel('Nej, jeg er ikke enig').first().check();
      await citizen.getByLabel('Med dine egne ord').first().fill('Jeg vil hellere mødes hver måned.');
      await citizen.getByLabel('Det vil jeg tilføje fra mødet').fill('Jeg vil selv bestemme dagsordenen.');
      // And a decision of her own, which the professional will not agree with.
      const own = citizen.getByRole('group', { name: 'Ny beslutning' });
      await own.getByLabel('Hvad har I besluttet?').fill('Min søster kommer med til alle møderne.');
      await own.getByLabel('Ja, jeg er enig').check();
      await citizen.getByRole('button', { name: 'Gem', exact: true }).click();
      await citizen.waitForURL(/decisions\?saved=1/);
      await citizen.getByText('Det er gemt.').waitFor();
      await expectNoAxeViolations(citizen, 'decisions saved');

      // The professional sees her answer beside theirs; theirs did not overwrite it, nor hers theirs.
      await pro.reload();
      // On the screen, where the form is (the page's printed record holds the same words).
      const onScreen = pro.locator('section.no-print');
      await onScreen.getByText('Jeg vil hellere mødes hver måned.').waitFor();
      await onScreen.getByText('Jeg vil selv bestemme dagsordenen.').waitFor();
      // The professional does not agree with her decision, and says why in their own words.
      const hers = pro.getByRole('group', { name: 'Min søster kommer med til alle møderne.' });
      await hers.getByLabel('Nej, jeg er ikke enig').check();
      await hers.getByLabel('Med dine egne ord').fill('Vi vil gerne tale med Nanna alene en gang imellem.');
      await pro.getByRole('button', { name: 'Gem', exact: true }).click();
      await pro.waitForURL(/planSaved/);
      await citizen.goto(meetingUrl);
      // Both answers stand: her decision, and the professional's disagreement in their words.
      await citizen.getByText('Vi vil gerne tale med Nanna alene en gang imellem.').first().waitFor();
      await citizen.getByText('I er ikke enige. Begge svar står her.').first().waitFor();

      // The citizen records the follow-up: with a plan written, the after part is open.
      expect(await citizen.locator('details[data-after]').count()).toBe(0);
      // Following the notice to the plan marked it seen: nothing new is left.
      expect(await citizen.getByRole('link', { name: /^Nyt/ }).count()).toBe(0);
      // The short check-in is asked once, after the meeting (on its own, below): not in this form.
      await citizen.getByLabel('Hvad aftalte I?').fill('Vi mødes hver anden uge. Jeg bestemmer selv dagsordenen.');
      expect(await citizen.locator('#check-in').count()).toBe(0);
      await citizen.getByRole('button', { name: 'Gem', exact: true }).click();
      await citizen.waitForURL(/saved=1/);
      // The decision stands in the record, and again in the question about how it is going.
      await citizen.getByText('hver anden uge om hendes økonomi').first().waitFor();
      await expectNoAxeViolations(citizen, 'follow-up saved');

      // Between meetings: she asks to be reminded in a week, here in the app.
      await citizen.getByLabel('Mind mig om det').selectOption({ label: 'Om en uge' });
      await citizen.getByRole('button', { name: 'Gem påmindelsen' }).click();
      await citizen.waitForURL(/reminded=1/);
      await citizen.getByText(/Du bliver mindet om det på din forside/).waitFor();

      // A relative or bisidder: a link to read along, with room for a comment of their own.
      await citizen.getByLabel('Personen må skrive kommentarer til mig').check();
      await citizen.getByRole('button', { name: 'Del mødet' }).click();
      const supportLink = (await citizen.locator('code.secret').first().textContent())!.trim();
      expect(supportLink).toMatch(/\/b\/[A-Za-z0-9_-]{43}$/);
      await expectNoAxeViolations(citizen, 'support link created');
      const relativeContext = await newContext(browser, { javaScript });
      const relative = await relativeContext.newPage();
      await relative.goto(supportLink.replace(/^http:\/\/[^/]+/, app.url));
      await relative.getByRole('heading', { name: 'Nanna har delt et møde med dig' }).waitFor();
      await relative.getByText('holder af at bage brød').waitFor();
      // The decision record as the citizen brought it along: both answers, the disagreement kept.
      await relative.getByText('hver anden uge om hendes økonomi').waitFor();
      await relative.getByText('Jeg vil hellere mødes hver måned.').waitFor();
      expect(await relative.getByLabel('Den aftalte plan').count()).toBe(0);
      await expectNoAxeViolations(relative, 'support view');
      await relative.getByLabel('Dit navn').fill('Lise');
      await relative.getByLabel('Din kommentar').fill('Jeg tager med og skriver noter.');
      await relative.getByRole('button', { name: 'Gem kommentaren' }).click();
      await relative.getByText('Kommentaren er gemt.').waitFor();
      await expectNoAxeViolations(relative, 'support comment saved');
      await citizen.goto(meetingUrl);
      await citizen.getByText('Jeg tager med og skriver noter.').waitFor();
      await citizen.getByRole('cell', { name: 'Så et delt møde' }).first().waitFor();

      // Revoke: the professional's and the relative's very next requests are refused. On a phone
      // the list of links fits the screen, so "Luk linket" is where a thumb can reach it.
      expect(
        await citizen.evaluate(
          () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
        ),
      ).toBeLessThanOrEqual(390);
      await citizen
        .getByRole('row', { name: /Fagperson/ })
        .getByRole('button', { name: 'Luk linket' })
        .click();
      await citizen.waitForURL(/revoked=1/);
      await citizen
        .getByRole('row', { name: /Pårørende, bisidder eller peer/ })
        .getByRole('button', { name: 'Luk linket' })
        .click();
      await citizen.waitForURL(/revoked=1/);
      await pro.reload();
      await pro.getByRole('heading', { name: 'Linket virker ikke' }).waitFor();
      await expectNoAxeViolations(pro, 'link refused');
      await relative.reload();
      await relative.getByRole('heading', { name: 'Linket virker ikke' }).waitFor();

      // A week later (the meeting has been): she signs in again, the reminder is on her home page,
      // she marks the decision done with a note, and the timeline shows it.
      offsetMs = 7 * 24 * 3600_000 + 3600_000;
      await citizen.goto(`${app.url}/sign-in`);
      await citizen.getByLabel('Brugernavn').fill(person.username);
      await citizen.getByLabel('Adgangskode').fill(PASSWORD);
      await citizen.getByRole('button', { name: 'Log ind', exact: true }).click();
      await expectLanded(citizen, '/', 'Hej Nanna');
      await citizen.getByRole('link', { name: /Du bad om en påmindelse: Hvordan går det med det, I besluttede på mødet/ }).click();
      await citizen.waitForURL(/#progress$/);
      await citizen
        .getByRole('group', { name: /Hvordan går det med: Nanna og kommunen mødes/ })
        .getByLabel('Gjort')
        .check();
      await citizen.getByLabel('Kort note').first().fill('Det første møde er holdt.');
      await citizen.getByRole('button', { name: 'Gem mærkerne' }).click();
      await citizen.waitForURL(/marked=1/);
      await citizen.getByText('Dine mærker er gemt.').waitFor();
      await citizen.getByRole('link', { name: 'Se hvordan det går på tværs af møderne' }).click();
      await expectLanded(citizen, '/progress', 'Sådan går det');
      await citizen.getByRole('listitem').filter({ hasText: 'Nanna og kommunen mødes hver anden uge' }).getByText('Gjort').waitFor();
      await expectNoAxeViolations(citizen, 'progress timeline');

      // The next meeting starts from it.
      await citizen.goto(`${app.url}/meetings`);
      await citizen.getByLabel('Hvornår er mødet?').fill(toLocalInputValue(new Date(Date.now() + offsetMs + 14 * 24 * 3600_000)));
      await citizen.getByLabel('Hvem skal du mødes med?').fill('Min sagsbehandler');
      await citizen.getByRole('button', { name: 'Gem mødet' }).click();
      await citizen.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
      const next = citizen.locator('[data-from-earlier]');
      await next.getByRole('heading', { name: 'Fra sidste møde' }).waitFor();
      await next.getByText(/Det her fra mødet .* er ikke gjort endnu\./).waitFor();
      await next.getByText('Min søster kommer med til alle møderne.').waitFor();
      await next.getByRole('heading', { name: 'Gjort siden sidst' }).waitFor();
      await next.getByText('Nanna og kommunen mødes hver anden uge om hendes økonomi.').waitFor();
      await expectNoAxeViolations(citizen, 'next meeting');

      // Deleting a meeting asks first: the first press only unfolds what would be lost.
      const nextUrl = citizen.url();
      await citizen.locator('details.confirm-delete > summary', { hasText: 'Slet mødet' }).click();
      await citizen.getByText('Dit ark bliver ikke slettet.', { exact: false }).waitFor();
      expect(citizen.url()).toBe(nextUrl);
      await expectNoAxeViolations(citizen, 'delete meeting asked');
      await citizen.getByRole('button', { name: 'Ja, slet mødet' }).click();
      await citizen.waitForURL(/\/meetings\?deleted=1$/);
      await citizen.getByText('Mødet er slettet.').waitFor();

      await citizenContext.close();
      await proContext.close();
      await relativeContext.close();
    });
  });
}
