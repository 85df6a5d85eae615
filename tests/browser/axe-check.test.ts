import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectLanded, expectNoAxeViolations, launchBrowser, newContext, releaseBrowser } from '../support/browser.ts';

// The accessibility check every journey relies on must itself be able to fail: a page with an
// unlabelled field and an image without a text alternative, served on the app's origin, with
// JavaScript on and off (off, its DOM is checked in a helper page).
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

const brokenPage =
  '<!doctype html><html lang="da"><head><title>Prøve</title></head><body><main><h1>Prøve</h1><img src="/x.png"><input type="text"></main></body></html>';

for (const javaScript of [true, false]) {
  describe(`the axe check with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    it('fails a page with an unlabelled field and an image without alt text, and passes real pages and the component page', async () => {
      const context = await newContext(browser, { javaScript });
      await context.route(`${app.url}/broken-on-purpose`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: brokenPage }));
      const page = await context.newPage();
      await page.goto(`${app.url}/broken-on-purpose`);
      const failure = await expectNoAxeViolations(page, 'broken on purpose').then(
        () => '',
        (error: Error) => error.message,
      );
      expect(failure).toContain('image-alt');
      expect(failure).toContain('label');
      await page.goto(`${app.url}/`);
      await expectNoAxeViolations(page, 'front page');
      // The living component page: every component, in Danish and in English, kept out of search engines.
      const design = await page.goto(`${app.url}/design`);
      expect(design?.headers()['x-robots-tag']).toBe('noindex, nofollow');
      await expectLanded(page, '/design', 'Designsystem');
      await expectNoAxeViolations(page, 'component page');
      await page.getByRole('button', { name: 'English' }).click();
      await expectLanded(page, '/design', 'Design system');
      await expectNoAxeViolations(page, 'component page in English');
      // axe stays in the page that checks script-free pages: the broken page, checked after good
      // ones, must still fail (a check reading an earlier document would pass it).
      await page.goto(`${app.url}/broken-on-purpose`);
      const again = await expectNoAxeViolations(page, 'broken on purpose, again').then(
        () => '',
        (error: Error) => error.message,
      );
      expect(again).toContain('image-alt');
      await context.close();
    });
  });
}
