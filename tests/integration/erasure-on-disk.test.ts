// Crypto-shredding reaches the disk: after a citizen erases their account, neither their wrapped
// data key nor their sealed text is left in any file of the data folder (table files, indexes,
// write-ahead log), and the installation key that unwraps data keys is not in the folder at
// all. Read the way someone with a copy of the folder would: byte for byte, every file.
// And a key that does not belong to the data stops the start with one clear line, on both
// databases, instead of quietly writing data that nothing can read later.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { sql } from 'kysely';
import { Client } from '../support/client.ts';
import { PASSWORD, signedIn, statementOf } from '../support/fixtures.ts';
import { freshDatabaseUrl, startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { startServer } from '../../src/server/server.ts';
import { StartError } from '../../src/server/installation.ts';

/** The files under `dir` that contain any of `needles`, as paths relative to `dir`. */
function filesHolding(dir: string, needles: Buffer[]): string[] {
  const hits: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) {
        const bytes = fs.readFileSync(file);
        if (needles.some((n) => bytes.includes(n))) hits.push(path.relative(dir, file));
      }
    }
  };
  walk(dir);
  return hits.sort();
}

const temporary: string[] = [];
afterAll(() => {
  for (const p of temporary) fs.rmSync(p, { recursive: true, force: true });
});

/** A copy of the suite's migrated data folder (its database holds the template's key check). */
function copyOfTemplate(): string {
  const template = inject('pgliteTemplate');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-keyed-'));
  temporary.push(dir, `${dir}.key`);
  fs.cpSync(template.dir, dir, { recursive: true, filter: (source) => path.basename(source) !== 'egneord.lock' });
  return dir;
}

const quiet = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' };

describe.runIf(testDbKind() === 'pglite')('the data folder after erasure', () => {
  let app: TestApp;
  beforeAll(async () => {
    // A data folder of our own (a copy of the migrated one), so it is still there after the stop.
    app = await startTestApp({ dataDir: copyOfTemplate(), env: { DATA_KEY: inject('pgliteTemplate').key } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("holds neither the erased person's wrapped data key nor their sealed text, running or stopped", async () => {
    const dataDir = app.env.DATA_DIR!;
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Glemmes' });
    const id = await statementOf(app, citizen, 'Til lægen om søvn');
    const page = await citizen.client.get(`/statements/${id}/write/who`);
    const revision = page.text.match(/name="revision" value="(\d+)"/)![1]!;
    const saved = await citizen.client.post(`/statements/${id}/write/who`, { revision, action: 'next', whoIAm: 'Jeg sover dårligt og vil have hjælp' });
    expect(saved.status).toBe(303);
    const wrappedKey = Buffer.from((await app.deps.db.selectFrom('users').select('data_key').where('id', '=', citizen.id).executeTakeFirstOrThrow()).data_key);
    const sealedText = Buffer.from((await app.deps.db.selectFrom('statements').select('answers').where('id', '=', id).executeTakeFirstOrThrow()).answers);
    const needles = [wrappedKey, sealedText];

    // Without this the test could pass by looking in the wrong place: the bytes are on disk first.
    await sql`checkpoint`.execute(app.deps.db);
    const before = filesHolding(dataDir, needles);
    expect(
      before.some((f) => f.includes(`base${path.sep}`)),
      `table files before erasure: ${before.join(', ')}`,
    ).toBe(true);
    expect(
      before.some((f) => f.includes('pg_wal')),
      `write-ahead log before erasure: ${before.join(', ')}`,
    ).toBe(true);

    expect((await citizen.client.post('/account/delete', { password: PASSWORD })).status).toBe(200);
    expect(filesHolding(dataDir, needles), 'while the app runs').toEqual([]);

    const key = Buffer.from(app.env.DATA_KEY!, 'base64');
    expect(filesHolding(dataDir, [key, Buffer.from(app.env.DATA_KEY!)]), 'the installation key').toEqual([]);
    await app.close();
    expect(filesHolding(dataDir, needles), 'after a clean stop').toEqual([]);
  });
});

/** What a start with `config` throws, or undefined when it starts (it is stopped again). */
async function startRefusal(config: ReturnType<typeof loadConfig>): Promise<unknown> {
  return startServer(config).then(
    async (server) => {
      await server.close();
      return undefined;
    },
    (error: unknown) => error,
  );
}

describe(`the installation key on ${testDbKind()}`, () => {
  it.runIf(testDbKind() === 'postgres')('a key that does not belong to the data stops the start with one clear line', async () => {
    const databaseUrl = (await freshDatabaseUrl({ migrated: true }))!;
    const refused = await startRefusal(
      loadConfig({ ...quiet, DATA_DIR: os.tmpdir(), DATA_KEY: crypto.randomBytes(32).toString('base64'), DATABASE_URL: databaseUrl }),
    );
    expect(refused).toBeInstanceOf(StartError);
    expect((refused as Error).message).toMatch(/installation key does not match/);
    expect((refused as Error).message).not.toContain('\n');
  });

  // One embedded installation, from an earlier version's layout to a key that does not fit.
  describe.runIf(testDbKind() === 'pglite')('embedded', () => {
    const template = inject('pgliteTemplate');
    let dataDir: string;
    beforeAll(() => {
      dataDir = copyOfTemplate();
    });

    it('a key file left in the data folder by an earlier version is named, not replaced by a new key', async () => {
      fs.writeFileSync(path.join(dataDir, 'data-key'), template.key, { mode: 0o600 });
      const refused = await startRefusal(loadConfig({ ...quiet, DATA_DIR: dataDir }));
      expect(refused).toBeInstanceOf(StartError);
      expect((refused as Error).message).toContain(path.join(dataDir, 'data-key'));
      expect((refused as Error).message).toContain('DATA_KEY_FILE');
      expect(fs.existsSync(`${dataDir}.key`), 'no new key was made').toBe(false);
      // Pointing DATA_KEY_FILE at it keeps the installation working where it is.
      expect(await startRefusal(loadConfig({ ...quiet, DATA_DIR: dataDir, DATA_KEY_FILE: path.join(dataDir, 'data-key') }))).toBeUndefined();
    });

    it('moved beside the data folder, its default place, the key is used, and the folder holds no key', async () => {
      fs.renameSync(path.join(dataDir, 'data-key'), `${dataDir}.key`);
      const server = await startServer(loadConfig({ ...quiet, DATA_DIR: dataDir }));
      try {
        expect((await new Client(server.url).get('/sign-in')).status).toBe(200);
      } finally {
        await server.close();
      }
      expect(filesHolding(dataDir, [Buffer.from(template.key, 'base64'), Buffer.from(template.key)])).toEqual([]);
    });

    it('a missing key file with data in the folder stops the start instead of making a new key', async () => {
      fs.rmSync(`${dataDir}.key`);
      const refused = await startRefusal(loadConfig({ ...quiet, DATA_DIR: dataDir }));
      expect(refused).toBeInstanceOf(StartError);
      expect((refused as Error).message).toContain(`${dataDir}.key`);
      expect(fs.existsSync(`${dataDir}.key`)).toBe(false);
    });

    it('a key that does not belong to the data stops the start with one clear line', async () => {
      fs.writeFileSync(`${dataDir}.key`, crypto.randomBytes(32).toString('base64'), { mode: 0o600 });
      const refused = await startRefusal(loadConfig({ ...quiet, DATA_DIR: dataDir }));
      expect(refused).toBeInstanceOf(StartError);
      expect((refused as Error).message).toMatch(/installation key does not match/);
      expect((refused as Error).message).not.toContain('\n');
    });
  });
});
