import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// A throwaway PostgreSQL server in a temp folder, started by the tests themselves: the same
// server software production uses, with nothing shared with the machine's own databases.

export interface PostgresServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): void;
  /** Stops and starts the server again on the same port (for connection-drop tests). */
  restart(): void;
  stopOnly(): void;
  startOnly(): void;
}

export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found: install the Debian package "postgresql" (scripts/test.ts does this).');
  const isRoot = process.getuid?.() === 0;
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'egneord-pg-'));
  const dataDir = path.join(base, 'data');
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', base]);
  // initdb refuses to run as root, so as root the server runs as the postgres user.
  const run = (cmd: string, args: string[]) => {
    const full = isRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const result = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8', cwd: base });
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', dataDir, '-U', 'egneord', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const startOnly = () => run('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(base, 'log'), '-w', '-t', '300', 'start']);
  const stopOnly = () => run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '300', 'stop']);
  startOnly();
  return {
    url: `postgres://egneord@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    startOnly,
    stopOnly,
    restart() {
      stopOnly();
      startOnly();
    },
    stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
