import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type axe from 'axe-core';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { common as da } from '../../src/server/i18n/da/common.ts';
import { common as en } from '../../src/server/i18n/en/common.ts';
import { describeFindings, scanPageTexts } from './text-scan.ts';

/**
 * Debian builds Chromium twice from the same source and version: the browser people use
 * (`chromium`) and its headless shell (`chromium-headless-shell`, the build Playwright itself
 * runs headless), the same Blink and V8 without the desktop browser's layer. A journey in the
 * shell cost Chromium 16.9 s of CPU against 39 s in the full browser (write-no-account, six
 * tests, measured with a /proc sampler), and Chromium was half the suite's CPU. Journeys run in
 * the shell; the citizen's own journey (writing without an account, with JavaScript on and off,
 * offline) and the screenshots run in the full browser, so the app is also shown to work in the
 * browser a person opens. CHROMIUM_PATH runs everything in one given browser instead.
 */
export type ChromiumBuild = 'headless-shell' | 'full';

const EXECUTABLES: Record<ChromiumBuild, string> = {
  'headless-shell': '/usr/bin/chromium-headless-shell',
  full: '/usr/bin/chromium',
};

// The flags keep it off the network: this machine has none, and the app must need none.
function launchChromium(build: ChromiumBuild): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? EXECUTABLES[build],
    headless: true,
    timeout: 300_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
}

// One Chromium of each build per test worker, handed to every file the worker runs (the browser
// project keeps modules between files: isolate: false). A launch is about 1.2 s of CPU, seventeen
// times a run before; what a file does stays its own, because every file works in browser
// contexts of its own (fresh cookies, storage and service workers) and releaseBrowser() closes
// them all.
const shared = new Map<ChromiumBuild, Promise<Browser>>();

export async function launchBrowser(build: ChromiumBuild = 'headless-shell'): Promise<Browser> {
  const running = await shared.get(build)?.catch(() => undefined);
  if (running?.isConnected()) return running;
  const launching = launchChromium(build);
  shared.set(build, launching);
  return launching;
}

/** Ends a file's use of the shared browser: every context it opened is closed (the axe helper's
 * too; it is opened again when needed), and Chromium stays up for the next file. Playwright
 * ends Chromium when the worker exits. */
export async function releaseBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser?.isConnected()) return;
  await Promise.all(browser.contexts().map((context) => context.close()));
}

/** Generous waits for a page on a busy machine: a slow page is not a failing page. */
export const PAGE_WAIT_MS = 180_000;

// axe-core's minified build: the same rules as its readable build (axe.source, 1.5 MB) at under
// half the size, and every document it is loaded into compiles it.
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const scriptless = new WeakSet<BrowserContext>();
const axeHelpers = new WeakMap<Browser, Page>();

export async function newContext(
  browser: Browser,
  options: { javaScript: boolean; locale?: string; serviceWorkers?: 'allow' | 'block' },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript,
    serviceWorkers: options.serviceWorkers ?? 'allow',
    locale: options.locale ?? 'da-DK',
    viewport: { width: 390, height: 844 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(PAGE_WAIT_MS);
  context.setDefaultNavigationTimeout(PAGE_WAIT_MS);
  if (!options.javaScript) scriptless.add(context);
  return context;
}

async function headingOf(page: Page): Promise<string> {
  return ((await page.locator('h1').first().textContent({ timeout: PAGE_WAIT_MS })) ?? '').replace(/\s+/g, ' ').trim();
}

/** Asserts where a navigation landed (its path and its h1) before anything is checked on the
 * page: a redirect to sign-in or an error page would otherwise pass axe just as well. */
export async function expectLanded(page: Page, path: string | RegExp, heading: string | RegExp): Promise<void> {
  const actual = new URL(page.url()).pathname;
  if (typeof path === 'string') expect(actual, 'landed on').toBe(path);
  else expect(actual, 'landed on').toMatch(path);
  const h1 = await headingOf(page);
  if (typeof heading === 'string') expect(h1, `h1 on ${actual}`).toBe(heading);
  else expect(h1, `h1 on ${actual}`).toMatch(heading);
}

const errorHeadings = new Set(
  [da, en].flatMap((c) => [
    c.errors.notFoundTitle,
    c.errors.forbiddenTitle,
    c.errors.badRequestTitle,
    c.errors.serverTitle,
    c.errors.tooManyTitle,
    c.errors.methodNotAllowedTitle,
  ]),
);

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** One script-enabled page per browser, kept open on the app's origin, into which the exact DOM
 * of a page opened with JavaScript off is copied for axe. */
async function axeHelperPage(browser: Browser, origin: string): Promise<Page> {
  let helper = axeHelpers.get(browser);
  if (!helper || helper.isClosed()) {
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(PAGE_WAIT_MS);
    context.setDefaultNavigationTimeout(PAGE_WAIT_MS);
    helper = await context.newPage();
    axeHelpers.set(browser, helper);
  }
  // Start from the app's own origin so its stylesheet loads as for the person.
  if (new URL(helper.url()).origin !== origin) await helper.goto(`${origin}/healthz`);
  return helper;
}

/** axe-core itself, injected into the page and run there. @axe-core/playwright does the same but
 * also opens a blank page per run to merge frame results (our pages have no frames), which made
 * each check take about 3 s instead of about 0.3 s. */
async function runAxe(page: Page): Promise<axe.Result[]> {
  // Sent to a page when it is checked, and only if it lacks it: the helper page keeps its window
  // (and axe) across setContent. Not as an init script of every context, which Chromium runs in
  // every document it opens, checked or not: about 65 ms of Chromium's CPU per page opened on a
  // busy machine, and journeys open more pages than they check. The browser stage alone,
  // 5 December 2026: 390 and 401 s of CPU (254 and 261 s) with the init script, 367 and 383 s
  // (234 and 242 s) without.
  const present = await page.evaluate(() => typeof (globalThis as unknown as { axe?: unknown }).axe === 'object');
  if (!present) await page.evaluate(axeSource);
  return page.evaluate(
    // Runs in the page; the server's tsconfig has no DOM types, hence the globalThis cast.
    (tags) => {
      const inPage = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
      return inPage.axe.run(inPage.document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((r) => r.violations);
    },
    AXE_TAGS,
  );
}

/** What a person reads on the page: its visible text, title, alt texts and aria-labels, in the
 * page's language. Parts in another language (lang="en" on a Danish page: the language switch,
 * a person's own words written in English) and codes and addresses shown on purpose (<code>)
 * are left out. */
async function readableTexts(page: Page): Promise<{ lang: string; texts: string[] }> {
  return page.evaluate(() => {
    // Runs in the page; the server's tsconfig has no DOM types, hence the loose typing.
    type El = { closest(s: string): El | null; getAttribute(n: string): string | null; innerText: string; lang: string };
    const doc = (globalThis as unknown as { document: { documentElement: El; body: El; title: string; querySelectorAll(s: string): El[] } }).document;
    const lang = doc.documentElement.lang;
    const apart = (el: El) => {
      const langOf = el.closest('[lang]');
      return (langOf !== null && langOf.lang !== lang) || el.closest('code') !== null;
    };
    // innerText, not textContent: the text as rendered, without hidden parts, scripts or styles.
    // biome-ignore lint/performance/useDomNodeTextContent: what a person sees is the point
    const shown = (el: El) => el.innerText;
    let text = shown(doc.body);
    for (const el of doc.querySelectorAll('[lang], code')) {
      if (!apart(el)) continue;
      const own = shown(el);
      if (own) text = text.replace(own, ' ');
    }
    const attributes = [...doc.querySelectorAll('[title], [alt], [aria-label]')]
      .filter((el) => !apart(el))
      .flatMap((el) => ['title', 'alt', 'aria-label'].map((name) => el.getAttribute(name) ?? ''));
    return { lang, texts: [doc.title, text, ...attributes].filter((t) => t !== '') };
  });
}

/** Runs axe-core with the WCAG 2.0–2.2 A and AA rules and fails on any violation, then scans the
 * page's text for ISO dates, identifiers, unfilled values and (on a Danish page) English. A page
 * opened with JavaScript off cannot run axe itself, so its exact DOM is checked in a
 * script-enabled helper page on the same origin. An error page fails first (unless it is
 * the page under test), so a wrong turn cannot pass as an accessible page. */
export async function expectNoAxeViolations(page: Page, label: string, options: { errorPage?: boolean } = {}): Promise<void> {
  if (!options.errorPage) expect(errorHeadings.has(await headingOf(page)), `${label}: landed on an error page (${page.url()})`).toBe(false);
  // The page is judged as a person sees it, with its stylesheet: a page whose h1 is there but
  // whose CSS is still on its way (a busy machine, just after a form sent it) shows the skip link
  // in the header, and axe rightly finds targets on top of each other.
  await page.waitForLoadState('load');
  let target = page;
  if (scriptless.has(page.context())) {
    const url = new URL(page.url());
    target = await axeHelperPage(page.context().browser()!, url.origin);
    const markup = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').replace('<head>', `<head><base href="${url.href}">`);
    await target.setContent(markup, { waitUntil: 'load' });
  }
  const violations = await runAxe(target);
  const problems = violations.map(
    (v) =>
      `${label}: ${v.id} (${v.impact}) — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
  expect(problems, problems.join('\n')).toEqual([]);
  // An id used twice sends a label, or a link from the error summary, to the wrong field: axe no
  // longer checks it (WCAG 2.2 dropped 4.1.1), but a person tapping a label still notices.
  const twice = await target.evaluate(() => {
    const ids = [...(globalThis as unknown as { document: { querySelectorAll(s: string): { id: string }[] } }).document.querySelectorAll('[id]')].map(
      (el) => el.id,
    );
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  });
  expect(twice, `${label}: ids used more than once`).toEqual([]);
  const { lang, texts } = await readableTexts(target);
  const findings = describeFindings(label, scanPageTexts(texts, lang));
  expect(findings, findings.join('\n')).toEqual([]);
}

/** A browser context signed in as a person from the HTTP fixtures (their cookies copied over);
 * without cookies, an anonymous visitor. */
export async function contextWithCookies(
  browser: Browser,
  cookies: Map<string, string> | null,
  javaScript: boolean,
  options: { serviceWorkers?: 'allow' | 'block' } = {},
): Promise<BrowserContext> {
  const context = await newContext(browser, { javaScript, ...options });
  if (cookies)
    await context.addCookies([...cookies].map(([name, value]) => ({ name, value, domain: '127.0.0.1', path: '/', secure: true, sameSite: 'Lax' as const })));
  return context;
}

/** The page as a phone and as a desk computer show it, for a person to look at (in /tmp), when
 * asked for with SCREENSHOTS=1: nobody reads them in an ordinary run, and full-page PNGs at two
 * widths are seconds of CPU on a machine the suite already keeps busy. */
export async function screenshotsWhenAsked(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `/tmp/egne-ord-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
}
