import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../server/config.ts';
import { DatabaseStartError } from '../server/db/errors.ts';
import { BackupRefused } from '../server/db/backup.ts';
import { openInstallation, StartError } from '../server/installation.ts';
import type { OrganisationKind } from '../server/repositories/organisations.ts';
import { countRows, findUserByUsername } from '../server/repositories/users.ts';
import { base32, totpAt, usableStep } from '../server/crypto/totp.ts';
import { anyUnsafe, type Finding } from '../domain/operations/doctor.ts';

// Each command is its own process, and most need a small part of the app: a command loads what
// only it uses when it runs, so that `totp` or `backup` do not first load the demo, the doctor
// and the services behind them.

const usage = `Egne ord — administration

  npm run admin -- create-admin --organisation "Name" --kind region|municipality|volunteer_centre|network|other --username NAME --name "Chosen name" [--password PASSWORD]
      Creates the first organisation and an administrator (who is also its coordinator).
      Without --password a strong one is made and printed.
  npm run admin -- demo
      Fills an EMPTY database with a fictional demo organisation, one account per role, and what
      they would have done: a statement shared for a meeting, a peer's log, an evaluation round
      with answers and its report, a team self-assessment.
  npm run admin -- backup FILE
      Writes an encrypted backup (key derived from the installation key; the key is not in it).
  npm run admin -- export-ledger FILE
      Writes the erasure ledger (who was erased, by id, and when) to give to a restore.
  npm run admin -- restore FILE --ledger LEDGER
      Restores into an empty database and erases again everyone in the backup's ledger and in
      LEDGER (export-ledger of the live installation). --without-ledger instead only when no
      erasure can have happened after the backup was made.
  npm run admin -- doctor [--backup FILE]
      Checks this configuration as the service runs it and prints what an operator must fix,
      each with why: https address, installation key, e-mail, the newest backup (restored into a
      throwaway database), PostgreSQL settings and clock, proxy headers, metrics. Exits 1 when
      anything is unsafe. Run it as the service user, with the service's environment.
  npm run admin -- totp USERNAME       Prints the current sign-in code (demo accounts).
  npm run admin -- flush-answers       Writes anonymous answers still waiting for a full batch
                                       (the app does this itself every hour and when it stops).

The database is the embedded one in DATA_DIR (default ./data), or DATABASE_URL; the
installation key is DATA_KEY, or the file DATA_KEY_FILE (default ./data.key, beside ./data).
Stop the app first when using the embedded database: only one process may open it.`;

const ORGANISATION_KINDS: readonly OrganisationKind[] = ['region', 'municipality', 'volunteer_centre', 'network', 'other'];

function commandLine(argv: string[]) {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        organisation: { type: 'string' },
        kind: { type: 'string' },
        username: { type: 'string' },
        name: { type: 'string' },
        password: { type: 'string' },
        ledger: { type: 'string' },
        backup: { type: 'string' },
        'without-ledger': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, argument] = positionals;
    return { command: values.help ? 'help' : command, argument, options: values };
  } catch (error) {
    // Unknown option, or an option without its value: parseArgs says which.
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

const VERDICT_LABEL = { ok: 'OK    ', warn: 'CHECK ', unsafe: 'UNSAFE' } as const;

function doctorReport(findings: readonly Finding[]): string {
  const width = Math.max(...findings.map((f) => f.check.length));
  const lines = findings.map((f) => `${VERDICT_LABEL[f.verdict]}  ${f.check.padEnd(width)}  ${f.why}`);
  const count = (v: Finding['verdict']) => findings.filter((f) => f.verdict === v).length;
  return `${lines.join('\n')}\n\n${count('unsafe')} unsafe, ${count('warn')} to check, ${count('ok')} fine.\n`;
}

async function main(): Promise<void> {
  const { command, argument, options } = commandLine(process.argv.slice(2));
  if (!command || command === 'help') {
    process.stdout.write(usage + '\n');
    return;
  }
  const config = loadConfig();
  if (command === 'restore') checkRestoreArguments(argument, options);
  // A restore needs the key the backup was made with: never a new one.
  // The doctor looks and changes nothing: no new key, no migration of a live PostgreSQL.
  const { database, keyring } = await openInstallation(config, { mayCreateKey: command !== 'restore' && command !== 'doctor', migrate: command !== 'doctor' });
  const deps = { db: database.db, dbKind: database.kind, keyring, now: () => new Date() };
  try {
    switch (command) {
      case 'create-admin': {
        const orgName = options.organisation;
        const kind = (options.kind ?? 'other') as OrganisationKind;
        const username = options.username;
        const name = options.name ?? username;
        if (!orgName || !username || !name) throw new UsageError('create-admin needs --organisation, --username and --name.');
        if (!ORGANISATION_KINDS.includes(kind)) throw new UsageError('--kind must be region, municipality, volunteer_centre, network or other.');
        const password = options.password ?? crypto.randomBytes(12).toString('base64url');
        if (password.length < 10) throw new UsageError('The password must be at least 10 characters.');
        const { insertOrganisation } = await import('../server/repositories/organisations.ts');
        const { provisionUser } = await import('../server/services/provisioning.ts');
        const org = await insertOrganisation(deps.db, { name: orgName, kind });
        await provisionUser(deps, {
          username,
          chosenName: name,
          password,
          kind: 'staff',
          isAdmin: true,
          memberships: [{ organisationId: org.id, siteId: null, role: 'coordinator' }],
        });
        process.stdout.write(`Created organisation "${orgName}" and administrator "${username}".\n`);
        if (!options.password) process.stdout.write(`Password: ${password}\n`);
        process.stdout.write('At first sign-in you will be asked to set up two-step verification with an authenticator app.\n');
        break;
      }
      case 'demo': {
        if ((await countRows(deps.db, 'users')) > 0 || (await countRows(deps.db, 'organisations')) > 0) {
          throw new UsageError('The database already holds data. The demo only fills an empty database.');
        }
        const { seedDemo } = await import('./demo.ts');
        const seed = await seedDemo(deps);
        process.stdout.write(seed.printout);
        process.stdout.write('\nFilling in the demo through the app’s own pages …\n');
        const { fillInDemo } = await import('./demo-life.ts');
        process.stdout.write(await fillInDemo({ config, database }, seed));
        break;
      }
      case 'backup': {
        if (!argument) throw new UsageError('backup needs a file name.');
        const { backupTo } = await import('../server/services/backups.ts');
        const written = await backupTo(deps, argument);
        process.stdout.write(
          `Backed up ${written.rows} rows of ${written.tables} tables to ${argument}, encrypted with a key derived from the installation key. Keep the installation key (DATA_KEY or DATA_KEY_FILE) apart from the backups: without it they open nothing.\n`,
        );
        break;
      }
      case 'export-ledger': {
        if (!argument) throw new UsageError('export-ledger needs a file name.');
        const { exportErasureLedger } = await import('../server/services/backups.ts');
        const written = await exportErasureLedger(deps, argument);
        process.stdout.write(`Wrote the erasure ledger (${written.entries} erased accounts, ids and times only) to ${argument}.\n`);
        break;
      }
      case 'restore': {
        const { restoreFrom } = await import('../server/services/backups.ts');
        const restored = await restoreFrom(deps, argument!, { ledgerFile: options.ledger ?? null });
        process.stdout.write(
          `Restored ${restored.rows} rows of ${restored.tables} tables from ${argument}. Erased again: ${restored.erased} accounts the erasure ledger names.\n`,
        );
        break;
      }
      case 'flush-answers': {
        const { flushAnswerQueue } = await import('../server/services/evaluation/responses.ts');
        const written = await flushAnswerQueue({ db: deps.db, config, now: () => new Date() }, { all: true });
        process.stdout.write(`Wrote ${written} waiting answers.\n`);
        break;
      }
      case 'doctor': {
        const { examineInstallation } = await import('../server/services/doctor.ts');
        const findings = await examineInstallation(deps, config, options.backup ? { backupFile: options.backup } : {});
        process.stdout.write(doctorReport(findings));
        if (anyUnsafe(findings)) process.exitCode = 1;
        break;
      }
      case 'totp': {
        const user = argument ? await findUserByUsername(deps.db, argument.toLowerCase()) : undefined;
        if (!user?.totp_secret) throw new UsageError('No such user with two-step verification.');
        const secret = Buffer.from(deps.keyring.openText(user.data_key, user.totp_secret, 'totp'), 'base64');
        // A code works once: when this half-minute's was just used (someone signed in with it a
        // moment ago), the next one, which the app already takes, is printed instead.
        process.stdout.write(`${totpAt(secret, usableStep(user.totp_last_step))}  (key ${base32(secret)})\n`);
        break;
      }
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${usage}`);
    }
  } finally {
    await database.close();
  }
}

class UsageError extends Error {}

function checkRestoreArguments(file: string | undefined, options: { ledger?: string | undefined; 'without-ledger'?: boolean | undefined }): void {
  if (!file) throw new UsageError('restore needs a backup file.');
  if (!options.ledger === !options['without-ledger']) {
    throw new UsageError(
      "restore needs the live installation's erasure ledger: --ledger FILE (from export-ledger on the live installation), or --without-ledger when no one can have been erased after the backup was made.",
    );
  }
}

main().catch((error: unknown) => {
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof DatabaseStartError ||
    error instanceof StartError ||
    error instanceof BackupRefused
  ) {
    process.stderr.write(`${(error as Error).message}\n`);
  } else {
    process.stderr.write(`Failed: ${(error as Error).message?.split('\n')[0] ?? 'unknown error'}\n`);
  }
  process.exit(1);
});
