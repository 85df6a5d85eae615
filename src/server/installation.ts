import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Config } from './config.ts';
import { openDatabase, type OpenDatabase } from './db/database.ts';
import { Keyring } from './crypto/envelope.ts';
import { installationKeyMatches, rememberInstallationKey } from './services/installation-key.ts';

// Opening an installation: its database and the key its data is sealed with. Apart from
// server.ts so that the admin command line, which opens an installation but serves nothing, does
// not load the routes, pages and everything they import (0.9 s of a command's 1.5 s start).

export class StartError extends Error {}

/** The installation key, and where to write it when it is new (only once the database is
 * known to hold nothing sealed with another key). */
interface KeySource {
  key: Buffer;
  newFile?: string;
}

function locateInstallationKey(config: Config, options: { inMemory: boolean; mayCreate: boolean }): KeySource {
  if (config.DATA_KEY) return { key: Buffer.from(config.DATA_KEY, 'base64') };
  if (options.inMemory) return { key: crypto.randomBytes(32) };
  const file = config.dataKeyFile;
  if (config.DATABASE_URL) {
    if (!config.DATA_KEY_FILE) throw new StartError('DATA_KEY or DATA_KEY_FILE must be set when DATABASE_URL is used (base64 of 32 random bytes).');
    if (!fs.existsSync(file)) throw new StartError(`The installation key file ${file} (DATA_KEY_FILE) does not exist.`);
    return { key: readKeyFile(file) };
  }
  if (fs.existsSync(file)) return { key: readKeyFile(file) };
  // Earlier versions kept the key inside the data folder; a new key here would open nothing there.
  const inFolder = path.join(config.dataDir, 'data-key');
  if (fs.existsSync(inFolder)) {
    throw new StartError(
      `The installation key is in the data folder (${inFolder}), where every copy of the folder carries it along. Move it to ${file}, or set DATA_KEY_FILE=${inFolder} to keep it where it is.`,
    );
  }
  if (!options.mayCreate) throw new StartError(`There is no installation key at ${file}. Set DATA_KEY or DATA_KEY_FILE to the key the data was sealed with.`);
  return { key: crypto.randomBytes(32), newFile: file };
}

function readKeyFile(file: string): Buffer {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new StartError(`The installation key file ${file} cannot be read.`);
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new StartError(`The installation key file ${file} does not hold a key (base64 of 32 bytes).`);
  return key;
}

function writeKeyFile(file: string, key: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch {
    throw new StartError(`The installation key file ${file} cannot be written. Set DATA_KEY_FILE to a writable place outside the data folder.`);
  }
}

/**
 * Opens the database with its installation key, refusing a key that does not match the data.
 * A new key (embedded mode, first start) is written to its file only after that check.
 */
export async function openInstallation(
  config: Config,
  options: { inMemory?: boolean; database?: OpenDatabase; mayCreateKey?: boolean; migrate?: boolean } = {},
): Promise<{ database: OpenDatabase; keyring: Keyring }> {
  const source = locateInstallationKey(config, { inMemory: options.inMemory ?? false, mayCreate: options.mayCreateKey ?? true });
  const database =
    options.database ??
    (await openDatabase({
      ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : {}),
      dataDir: config.dataDir,
      inMemory: options.inMemory ?? false,
      migrate: options.migrate ?? true,
    }));
  const keyring = new Keyring(source.key);
  try {
    if (!(await installationKeyMatches({ db: database.db, keyring }))) {
      throw new StartError(
        source.newFile
          ? `The installation key file ${source.newFile} does not exist, but the database holds data sealed with a key. Put the key file back, or set DATA_KEY or DATA_KEY_FILE; a new key would leave the data unreadable.`
          : 'The installation key does not match the data: the database holds data sealed with another key. Start with the key the data was sealed with (DATA_KEY or DATA_KEY_FILE).',
      );
    }
    if (source.newFile) writeKeyFile(source.newFile, source.key);
    await rememberInstallationKey({ db: database.db, keyring });
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
  return { database, keyring };
}
