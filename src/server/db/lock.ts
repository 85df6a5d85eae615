import fs from 'node:fs';
import path from 'node:path';
import { DatabaseStartError } from './errors.ts';

export interface DataDirLock {
  release(): void;
}

// PGlite has one connection and no server: two processes on one data folder would corrupt
// it. The lock file holds the owner's pid; a lock left by a process that died is taken over.
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, 'egneord.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseStartError(`The data folder ${dataDir} is already in use by process ${owner}. Stop it first, or set DATA_DIR to another folder.`);
      }
      fs.unlinkSync(file);
    }
  }
  throw new DatabaseStartError(`Could not lock the data folder ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
