import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { contextWithCookies, expectLanded, expectNoAxeViolations, launchBrowser, newContext, releaseBrowser } from '../support/browser.ts';
import { signUpCitizen, uniqueName } from '../support/client.ts';

// The browser copy goes when it should. A sheet written without an account lives in this
// browser only; on a ward or library computer the next person must not find it. After the sheet
// is moved into an account, after signing out on a computer others use, after erasing the
// account and after "delete what I wrote", no text of any sheet is left in localStorage,
// sessionStorage, IndexedDB or the service worker's caches. The tests read storage directly.

let app: TestApp;
let browser: Browser;
const root = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'en lang og rolig sætning';

beforeAll(async () => {
  // The browser scripts are part of what is tested: build them from the current source.
  execFileSync(process.execPath, [path.join(root, 'scripts/build-client.ts')], { cwd: root });
  app = await startTestApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
});

/** What the page's origin keeps, as one string: its service worker, every localStorage and
 * sessionStorage entry, every record of every IndexedDB database, and every response in Cache Storage. */
async function storedText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    // Runs in the page; the Node type check has no DOM library, hence the narrow shapes.
    interface KeyValueStore {
      length: number;
      key(i: number): string | null;
      getItem(key: string): string | null;
    }
    interface Idb {
      databases(): Promise<{ name?: string }[]>;
      open(name: string): { result: IdbDatabase; onsuccess: (() => void) | null; onerror: (() => void) | null };
    }
    interface IdbDatabase {
      objectStoreNames: ArrayLike<string>;
      transaction(store: string): { objectStore(name: string): { getAll(): { result: unknown[]; onsuccess: (() => void) | null } } };
      close(): void;
    }
    interface Registration {
      scope: string;
    }
    interface CacheLike {
      keys(): Promise<{ url: string }[]>;
      match(request: { url: string }): Promise<{ text(): Promise<string> } | undefined>;
    }
    const w = globalThis as unknown as {
      localStorage: KeyValueStore;
      sessionStorage: KeyValueStore;
      indexedDB: Idb;
      caches: { keys(): Promise<string[]>; open(name: string): Promise<CacheLike> };
      navigator: { serviceWorker: { getRegistrations(): Promise<Registration[]> } };
    };
    const parts: string[] = [];
    for (const registration of await w.navigator.serviceWorker.getRegistrations()) parts.push(`service worker:${registration.scope}`);
    for (const store of [w.localStorage, w.sessionStorage]) {
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i) ?? '';
        parts.push(`${key}=${store.getItem(key)}`);
      }
    }
    for (const info of await w.indexedDB.databases()) {
      if (!info.name) continue;
      const request = w.indexedDB.open(info.name);
      const db = await new Promise<IdbDatabase>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(`cannot open ${info.name}`));
      });
      parts.push(`idb:${info.name}`);
      for (const name of Array.from(db.objectStoreNames)) {
        const all = db.transaction(name).objectStore(name).getAll();
        const rows = await new Promise<unknown[]>((resolve) => {
          all.onsuccess = () => resolve(all.result);
        });
        parts.push(`idb:${info.name}/${name}=${JSON.stringify(rows)}`);
      }
      db.close();
    }
    for (const name of await w.caches.keys()) {
      const cache = await w.caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        parts.push(`cache:${name}:${request.url}=${response ? await response.text() : ''}`);
      }
    }
    return parts.join('\n');
  });
}

/** Text a previous version, an extension of the app or a cached page could have left in the
 * other stores: a database in IndexedDB and a page in the service worker's cache. */
async function seedOtherStores(page: Page, text: string): Promise<void> {
  await page.evaluate(async (words) => {
    interface OpenRequest {
      result: { createObjectStore(name: string): unknown; transaction(s: string, mode: string): Tx; close(): void };
      onupgradeneeded: (() => void) | null;
      onsuccess: (() => void) | null;
    }
    interface Tx {
      objectStore(name: string): { put(value: unknown, key: string): unknown };
      oncomplete: (() => void) | null;
    }
    const w = globalThis as unknown as {
      indexedDB: { open(name: string, version: number): OpenRequest };
      caches: { keys(): Promise<string[]>; open(name: string): Promise<{ put(url: string, response: unknown): Promise<void> }> };
      Response: new (body: string, init: { headers: Record<string, string> }) => unknown;
    };
    const request = w.indexedDB.open('egneord-kept', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('sheets');
    const db = await new Promise<OpenRequest['result']>((resolve) => {
      request.onsuccess = () => resolve(request.result);
    });
    const tx = db.transaction('sheets', 'readwrite');
    tx.objectStore('sheets').put({ whoIAm: words }, 'draft');
    await new Promise<void>((resolve) => {
      tx.oncomplete = () => resolve();
    });
    db.close();
    // The service worker's own cache, whose name changes with every build.
    const cache = await w.caches.open((await w.caches.keys()).find((name) => name.startsWith('egneord-')) ?? 'egneord-seeded');
    await cache.put('/write/personal-statement/done', new w.Response(`<p>${words}</p>`, { headers: { 'content-type': 'text/html' } }));
  }, text);
}

/** Writes the first step of the personal statement in this browser, without an account. */
async function writeOnDevice(page: Page, words: string, ownerName?: string): Promise<void> {
  await page.goto(`${app.url}/write/personal-statement/who`);
  await expectLanded(page, '/write/personal-statement/who', 'Hvem er jeg?');
  await page.getByLabel('Om mig').fill(words);
  // The service worker keeps the writing pages: wait until it has them, so its cache is read too.
  await page.evaluate(async () => {
    await (globalThis as unknown as { navigator: { serviceWorker: { ready: Promise<unknown> } } }).navigator.serviceWorker.ready;
  });
  if (ownerName !== undefined) {
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    await expectLanded(page, '/write/personal-statement/matters', 'Det er vigtigt for mig');
    await page.goto(`${app.url}/write/personal-statement/done`);
    await page.getByLabel('Navn på arket').fill(ownerName);
  }
  await expect.poll(() => storedText(page)).toContain(words);
  if (ownerName !== undefined) await expect.poll(() => storedText(page)).toContain(ownerName);
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
}

async function signUp(page: Page, username: string, options: { recoveryOffer: boolean } = { recoveryOffer: true }): Promise<void> {
  // The page may also hold a form to sign in instead, with fields of the same names.
  const form = page.locator('form[action="/sign-up"]');
  await form.getByLabel('Hvad vil du kaldes?').fill('Alma');
  await form.getByLabel('Brugernavn').fill(username);
  await form.getByLabel('Adgangskode').fill(PASSWORD);
  await form.getByRole('button', { name: 'Opret konto' }).click();
  if (!options.recoveryOffer) return;
  // Sign-up first offers recovery codes; "later" goes on to where sign-up leads.
  await page.waitForURL(/\/account\/recovery-codes/);
  await page.getByRole('link', { name: 'Ikke nu' }).click();
}

function words(label: string): string {
  return `Jeg hedder ${label} ${uniqueName('x')} og går tur ved åen.`;
}

describe('moving a sheet into an account takes it out of the browser', () => {
  it('from the done page through sign-up: the sheet is in the account and nothing of it is left in the browser', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    const text = words('Søren');
    const owner = `Søren ${uniqueName('owner')}`;
    await writeOnDevice(page, text, owner);
    await page.getByRole('button', { name: 'Opret en konto og flyt arket' }).click();
    await expectLanded(page, '/statements/import', 'Opret konto');
    // Moving a sheet lands on the moved sheet at once.
    await signUp(page, uniqueName('move'), { recoveryOffer: false });
    await page.waitForURL(/\/statements\/[0-9a-f-]{36}\/write\/done\?imported=1$/);
    await expectLanded(page, /\/write\/done$/, 'Se og udskriv');
    expect(await page.locator('.sheet-preview').textContent()).toContain(text);
    // Read storage first: the promise is that the words are gone, whatever the page says.
    await expect.poll(() => storedText(page)).not.toContain(text);
    expect(await storedText(page)).not.toContain(owner);
    await page.getByText('Det ligger ikke længere i denne browser.').waitFor();
    await expectNoAxeViolations(page, 'moved, JavaScript on');
    // The write page no longer says there is something here.
    await page.goto(`${app.url}/write`);
    await expectLanded(page, '/write', 'Skriv dit ark');
    expect(await page.getByText('Du har skrevet noget her før.', { exact: false }).first().isVisible()).toBe(false);
    await context.close();
  });
});

describe('signing in or up with a sheet in the browser', () => {
  it('sign-in offers to move it, and moving it puts it in the account and takes it out of the browser', async () => {
    const { username, password } = await signUpCitizen(app.url);
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    const text = words('Åse');
    await writeOnDevice(page, text);
    await signIn(page, username, password);
    await page.waitForURL(/\/statements\/device/);
    await expectLanded(page, '/statements/device', 'Ark i denne browser');
    await expect.poll(() => page.getByText('Du har et ark i denne browser, som ikke er på din konto.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(text, { exact: false }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'offer after sign-in, JavaScript on');
    await page.getByRole('button', { name: 'Flyt det ind på min konto' }).click();
    await page.waitForURL(/\/statements\/[0-9a-f-]{36}\/write\/done\?imported=1$/);
    expect(await page.locator('.sheet-preview').textContent()).toContain(text);
    await expect.poll(() => storedText(page)).not.toContain(text);
    await page.getByText('Det ligger ikke længere i denne browser.').waitFor();
    await page.goto(`${app.url}/statements`);
    await expectLanded(page, '/statements', 'Mine ark');
    await expectNoAxeViolations(page, 'my sheets after the move');
    // Signing in again with nothing in the browser lands where it always did.
    await page.getByRole('button', { name: 'Log ud', exact: true }).click();
    await page.waitForURL(/sign-in/);
    await signIn(page, username, password);
    await page.waitForURL((url) => url.pathname === '/');
    await context.close();
  });

  it('sign-up offers it too; "leave it" keeps it, "delete it" takes it out of the browser', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    const text = words('Bo');
    await writeOnDevice(page, text);
    await page.goto(`${app.url}/sign-up`);
    await signUp(page, uniqueName('offer'));
    await page.waitForURL(/\/statements\/device/);
    await expectLanded(page, '/statements/device', 'Ark i denne browser');
    await expect.poll(() => page.getByText('Du har et ark i denne browser, som ikke er på din konto.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(text, { exact: false }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Lad det ligge' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expectLanded(page, '/', 'Hej Alma');
    expect(await storedText(page)).toContain(text);
    // The home says there is still a sheet in the browser and leads back to the choice.
    await expect.poll(() => page.getByRole('link', { name: 'Flyt det eller slet det' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Flyt det eller slet det' }).click();
    await expectLanded(page, '/statements/device', 'Ark i denne browser');
    await expect.poll(() => page.getByText('Du har et ark i denne browser, som ikke er på din konto.').isVisible()).toBe(true);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Slet det fra denne browser' }).click();
    await expect.poll(() => page.getByText('Arket er slettet fra denne browser.').isVisible()).toBe(true);
    expect(await storedText(page)).not.toContain(text);
    await expectNoAxeViolations(page, 'offer after deleting');
    await context.close();
  });
});

/** A signed-in citizen who wrote in this browser before signing in and left it there, with text
 * in the other stores too. */
async function citizenWithTextInBrowser(context: BrowserContext, text: string): Promise<{ page: Page; username: string; password: string }> {
  const { username, password } = await signUpCitizen(app.url);
  const page = await context.newPage();
  await writeOnDevice(page, text);
  await seedOtherStores(page, text);
  await signIn(page, username, password);
  await page.waitForURL(/\/statements\/device/);
  await page.getByRole('link', { name: 'Lad det ligge' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  const before = await storedText(page);
  expect(before).toContain(`idb:egneord-kept/sheets=[{"whoIAm":"${text}"}]`);
  expect(before).toContain(`egneord:draft:personal-statement=`);
  expect(before).toMatch(/cache:egneord-v2-[\w-]+:.*\/write\/personal-statement\/who=/);
  return { page, username, password };
}

describe('signing out on a computer others use', () => {
  it('leaves no text in the browser; the signed-out page offers it in one step', async () => {
    const context = await newContext(browser, { javaScript: true });
    const text = words('Kaj');
    const { page } = await citizenWithTextInBrowser(context, text);
    await page.getByRole('button', { name: 'Log ud', exact: true }).click();
    await page.waitForURL(/sign-in\?signedOut=1/);
    await expectNoAxeViolations(page, 'signed out, JavaScript on');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sign-out') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Slet det, du har skrevet i denne browser' }).click(),
    ]);
    // headers() leaves out security headers such as this one; allHeaders() has them.
    expect((await answer.allHeaders())['clear-site-data']).toBe('"storage", "cache"');
    await expectLanded(page, '/sign-out', 'Log ind');
    await expect.poll(() => page.getByText('Du er logget ud, og det, du har skrevet i denne browser, er slettet.').isVisible()).toBe(true);
    await expect.poll(() => storedText(page)).toBe('');
    await expectNoAxeViolations(page, 'signed out and cleared, JavaScript on');
    await page.goto(`${app.url}/write`);
    expect(await page.getByText('Du har skrevet noget her før.', { exact: false }).first().isVisible()).toBe(false);
    await context.close();
  });

  it('the server alone clears it: with the page script blocked, Clear-Site-Data leaves nothing', async () => {
    // No service worker (it would serve the script from its cache) and no page script: only the
    // answer's header can clear what is kept.
    const { client } = await signUpCitizen(app.url);
    const context = await contextWithCookies(browser, client.cookies, true, { serviceWorkers: 'block' });
    await context.route('**/static/build/app-*.js', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${app.url}/statements`);
    await expectLanded(page, '/statements', 'Mine ark');
    const text = words('Ib');
    await page.evaluate((words) => {
      (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
        'egneord:draft:personal-statement',
        JSON.stringify({ fields: { whoIAm: words }, summary: '', selfCheck: {} }),
      );
    }, text);
    await seedOtherStores(page, text);
    expect(await storedText(page)).toContain(text);
    await page.getByRole('button', { name: 'Log ud', exact: true }).click();
    await page.waitForURL(/sign-in\?signedOut=1/);
    await page.getByRole('button', { name: 'Slet det, du har skrevet i denne browser' }).click();
    await expectLanded(page, '/sign-out', 'Log ind');
    expect(await storedText(page)).toBe('');
    await context.close();
  });

  it('works without JavaScript: the same choice, the same answer, no axe violations', async () => {
    const { username, password } = await signUpCitizen(app.url);
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    await signIn(page, username, password);
    await page.waitForURL((url) => url.pathname === '/');
    await expectNoAxeViolations(page, 'home, JavaScript off');
    await page.getByRole('button', { name: 'Log ud', exact: true }).click();
    await page.waitForURL(/sign-in\?signedOut=1/);
    await expectNoAxeViolations(page, 'signed out, JavaScript off');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sign-out') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Slet det, du har skrevet i denne browser' }).click(),
    ]);
    expect((await answer.allHeaders())['clear-site-data']).toBe('"storage", "cache"');
    await expectLanded(page, '/sign-out', 'Log ind');
    await expectNoAxeViolations(page, 'signed out and cleared, JavaScript off');
    await context.close();
  });
});

describe('erasing the account', () => {
  for (const javaScript of [true, false]) {
    it(`leaves no text in the browser (JavaScript ${javaScript ? 'on' : 'off'}), and the erasure answer says Clear-Site-Data`, async () => {
      const text = words('Ea');
      let context: BrowserContext;
      let page: Page;
      let password: string;
      if (javaScript) {
        context = await newContext(browser, { javaScript: true });
        ({ page, password } = await citizenWithTextInBrowser(context, text));
      } else {
        const citizen = await signUpCitizen(app.url);
        password = citizen.password;
        context = await contextWithCookies(browser, citizen.client.cookies, false);
        page = await context.newPage();
      }
      await page.goto(`${app.url}/account/data`);
      await expectLanded(page, '/account/data', 'Mine data');
      await page.getByLabel('Skriv din adgangskode for at bekræfte').fill(password);
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/account/delete') && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Slet min konto for altid' }).click(),
      ]);
      expect((await answer.allHeaders())['clear-site-data']).toBe('"storage", "cache"');
      await expectLanded(page, '/account/delete', 'Din konto og alle dine data er slettet.');
      await expect.poll(() => page.getByText('Det, du havde skrevet i denne browser, er også slettet.').isVisible()).toBe(true);
      await expectNoAxeViolations(page, `erased, JavaScript ${javaScript ? 'on' : 'off'}`);
      if (javaScript) await expect.poll(() => storedText(page)).toBe('');
      await context.close();
    });
  }
});

describe('the write page deletes what was written in this browser in one step', () => {
  it('one button, a plain confirmation, and nothing is left (JavaScript on)', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    const text = words('Liv');
    await writeOnDevice(page, text, `Liv ${uniqueName('owner')}`);
    await seedOtherStores(page, text);
    await page.goto(`${app.url}/write`);
    await expectLanded(page, '/write', 'Skriv dit ark');
    await expect.poll(() => page.getByText('Du har skrevet noget her før.', { exact: false }).first().isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'write page with a sheet, JavaScript on');
    await page.getByRole('link', { name: 'Slet det, du har skrevet i denne browser' }).click();
    await expectLanded(page, '/write/clear', 'Vil du slette det, du har skrevet?');
    await expectNoAxeViolations(page, 'confirm delete, JavaScript on');
    // Nothing is gone before the person says yes.
    expect(await storedText(page)).toContain(text);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/write/clear') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Ja, slet det' }).click(),
    ]);
    expect((await answer.allHeaders())['clear-site-data']).toBe('"storage", "cache"');
    await expectLanded(page, '/write/clear', 'Det er slettet');
    await expect.poll(() => storedText(page)).toBe('');
    await expectNoAxeViolations(page, 'deleted, JavaScript on');
    await page.goto(`${app.url}/write`);
    expect(await page.getByText('Du har skrevet noget her før.', { exact: false }).first().isVisible()).toBe(false);
    await context.close();
  });

  it('the same button and confirmation work without JavaScript', async () => {
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/write`);
    await expectNoAxeViolations(page, 'write page, JavaScript off');
    await page.getByRole('link', { name: 'Slet det, du har skrevet i denne browser' }).click();
    await expectLanded(page, '/write/clear', 'Vil du slette det, du har skrevet?');
    await expectNoAxeViolations(page, 'confirm delete, JavaScript off');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/write/clear') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Ja, slet det' }).click(),
    ]);
    expect((await answer.allHeaders())['clear-site-data']).toBe('"storage", "cache"');
    await expectLanded(page, '/write/clear', 'Det er slettet');
    await expectNoAxeViolations(page, 'deleted, JavaScript off');
    await context.close();
  });
});

describe('the pages of the move without JavaScript', () => {
  it('the offer page and the moved sheet have no axe violations', async () => {
    const citizen = await signUpCitizen(app.url);
    const state = Buffer.from(JSON.stringify({ fields: { whoIAm: 'Skrevet uden konto.' }, summary: '', selfCheck: {} })).toString('base64url');
    const moved = await citizen.client.post('/statements/import', { state, templateKey: 'personal-statement' });
    expect(moved.status).toBe(303);
    const context = await contextWithCookies(browser, citizen.client.cookies, false);
    const page = await context.newPage();
    await page.goto(`${app.url}${moved.location}`);
    await expectLanded(page, /\/write\/done$/, 'Se og udskriv');
    await page.getByText('Arket er flyttet ind på din konto.').waitFor();
    await expectNoAxeViolations(page, 'moved, JavaScript off');
    await page.goto(`${app.url}/statements/device`);
    await expectLanded(page, '/statements/device', 'Ark i denne browser');
    await expectNoAxeViolations(page, 'offer page, JavaScript off');
    await context.close();
  });
});
