// `npm run screens`: screenshots of the key pages of every role, at a phone's and a ward PC's
// width, into docs/screens/. It starts the app on a fresh in-memory PGlite with the demo as
// `npm run admin -- demo` makes it (src/cli/demo.ts, filled in through the app's own forms by
// src/cli/demo-life.ts), then opens each demo person's pages in Debian's Chromium with their
// session and saves one PNG per page and width. Re-run it after changing a page.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../src/server/config.ts';
import { startServer, type RunningServer } from '../src/server/server.ts';
import { DEMO_USERNAMES, seedDemo, type DemoRole } from '../src/cli/demo.ts';
import { bringDemoToLife } from '../src/cli/demo-life.ts';
import type { Client } from '../src/cli/http-client.ts';
import { launchBrowser } from '../tests/support/browser.ts';
import { findUserByUsername } from '../src/server/repositories/users.ts';
import { keepUnsentForm } from '../src/server/services/kept-forms.ts';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screens');
const WIDTHS = [390, 1280] as const;
/** Long pages are cut here: the top of a page is what these pictures are for. */
const MAX_HEIGHT = 2400;

async function browserPage(browser: Browser, app: RunningServer, session: Client | null, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'da-DK', serviceWorkers: 'block' });
  const { hostname } = new URL(app.url);
  if (session)
    await context.addCookies(
      [...session.cookies].map(([name, value]) => ({
        name,
        value,
        domain: hostname,
        path: '/',
        secure: name.startsWith('__Host-'),
        httpOnly: true,
        sameSite: 'Lax' as const,
      })),
    );
  return context.newPage();
}

/** A whole page, or — with `part` — one section of a long page (the cap would cut it off). */
async function shoot(page: Page, url: string, file: string, width: number, part?: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || response.status() >= 400) throw new Error(`${url} answered ${response?.status()}`);
  const height = await page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight,
  );
  await page.setViewportSize({ width, height: Math.min(height, MAX_HEIGHT) });
  // A page that moves the focus to an error summary scrolls: the picture starts at the top.
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  if (part) await page.locator(part).screenshot({ path: path.join(OUT, `${file}-${width}.png`), animations: 'disabled', caret: 'hide' });
  else await page.screenshot({ path: path.join(OUT, `${file}-${width}.png`), animations: 'disabled', caret: 'hide' });
  await page.setViewportSize({ width, height: 900 });
  console.log(`  ${file}-${width}.png  ${url.replace(/^https?:\/\/[^/]+/, '')}`);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-screens-'));
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  DATA_KEY: crypto.randomBytes(32).toString('base64'),
  TOKEN_LIMIT_PER_ADDRESS: '1000',
});
const app = await startServer(config, { inMemory: true });
// The Debian Chromium people use, with the same offline flags as the browser tests.
const browser = await launchBrowser('full');
try {
  const made = await bringDemoToLife(app, await seedDemo({ db: app.deps.db, keyring: app.deps.keyring }));
  // A page of the statement sent from a phone whose sign-in had ended, as the app keeps it
  // (http/app.ts): /kept shows it to the citizen.
  const citizen = await findUserByUsername(app.deps.db, DEMO_USERNAMES.citizen);
  if (!citizen) throw new Error('The demo citizen is missing.');
  await keepUnsentForm(app.deps, { kind: 'anonymous', endedSignInOf: citizen.id }, `/statements/${made.statementId}/write/matters`, {
    revision: '1',
    action: 'next',
    matters: 'At jeg kan blive i mit arbejde og have ro om mine morgener. Og at nogen spørger, før de ringer til min søster.',
  });
  fs.mkdirSync(OUT, { recursive: true });
  // `SCREENS_ONLY=assessment-radar,peer-home` shoots those pages only and leaves the others.
  const only = process.env['SCREENS_ONLY']?.split(',').filter(Boolean) ?? [];
  if (only.length === 0) for (const file of fs.readdirSync(OUT)) if (file.endsWith('.png')) fs.rmSync(path.join(OUT, file));
  const allShots: { role: DemoRole | null; file: string; path: string; part?: string }[] = [
    { role: null, file: 'design', path: '/design' },
    { role: 'citizen', file: 'citizen-home', path: '/' },
    { role: 'citizen', file: 'citizen-meeting', path: `/meetings/${made.meetingId}` },
    { role: 'citizen', file: 'citizen-meeting-after', path: `/meetings/${made.meetingId}?after=1`, part: '#after' },
    { role: 'citizen', file: 'citizen-peers', path: '/account/peers' },
    { role: 'citizen', file: 'citizen-peer-sessions', path: '/account/peer-sessions' },
    { role: 'citizen', file: 'citizen-kept', path: '/kept' },
    { role: null, file: 'find-peer', path: '/peers' },
    { role: 'peer', file: 'peer-home', path: '/' },
    { role: 'peer', file: 'peer-overview', path: '/peer' },
    { role: 'peer', file: 'peer-summary', path: '/peer/summary' },
    { role: 'peer', file: 'assessment-radar', path: `/assessment/${made.assessmentId}` },
    { role: 'peer', file: 'learning-groups', path: '/groups' },
    { role: 'peer', file: 'conversation-guide', path: '/peer/guide' },
    { role: 'professional', file: 'professional-home', path: '/' },
    { role: 'coordinator', file: 'coordinator-home', path: '/' },
    { role: 'coordinator', file: 'evaluation-report', path: `/rounds/${made.roundId}/report` },
    { role: 'admin', file: 'admin-home', path: '/' },
  ];
  const shots = only.length ? allShots.filter((s) => only.includes(s.file)) : allShots;
  for (const width of WIDTHS) {
    const pages = new Map<DemoRole | null, Page>();
    for (const shot of shots) {
      let page = pages.get(shot.role);
      if (!page) {
        page = await browserPage(browser, app, shot.role ? made.sessions[shot.role] : null, width);
        pages.set(shot.role, page);
      }
      await shoot(page, `${app.url}${shot.path}`, shot.file, width, shot.part);
    }
    // The component page in English too: the language switch is a form on every page.
    const anonymous = pages.get(null);
    if (!anonymous) {
      for (const page of pages.values()) await page.context().close();
      continue;
    }
    await anonymous.goto(`${app.url}/design`);
    await anonymous.locator('form[action="/language"] button').click();
    await anonymous.waitForLoadState('load');
    await shoot(anonymous, `${app.url}/design`, 'design-en', width);
    for (const page of pages.values()) await page.context().close();
  }
  console.log(`Screenshots in ${path.relative(process.cwd(), OUT)}/`);
} finally {
  await browser.close();
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
