import type { Db } from '../server/db/database.ts';
import type { Keyring } from '../server/crypto/envelope.ts';
import { insertOrganisation, insertSite } from '../server/repositories/organisations.ts';
import { provisionUser } from '../server/services/provisioning.ts';
import { base32 } from '../server/crypto/totp.ts';

/** The demo's organisation and places, for filling it in afterwards (src/cli/demo-life.ts). */
export interface DemoSeed {
  /** What to print: the accounts, the shared password and the staff's authenticator keys. */
  printout: string;
  password: string;
  organisationId: string;
  /** The outpatient clinic, where the professional works. */
  clinicId: string;
  /** The supported housing, where the peers work. */
  houseId: string;
}

export type DemoRole = 'citizen' | 'peer' | 'professional' | 'coordinator' | 'admin';

export const DEMO_USERNAMES: Record<DemoRole, string> = {
  citizen: 'demo-borger',
  peer: 'demo-peer',
  professional: 'demo-fagperson',
  coordinator: 'demo-koordinator',
  admin: 'demo-admin',
};

/** The three further peers at the house: a team self-assessment shows from five answers. */
export const DEMO_TEAM = [
  { username: 'demo-karl', chosenName: 'Karl (demo)' },
  { username: 'demo-lone', chosenName: 'Lone (demo)' },
  { username: 'demo-mads', chosenName: 'Mads (demo)' },
] as const;

// Clearly fictional: the organisation's name says so, and every person is invented.
export async function seedDemo(deps: { db: Db; keyring: Keyring }): Promise<DemoSeed> {
  const org = await insertOrganisation(deps.db, { name: 'DEMO Region Fjordby (fiktiv)', kind: 'region', isDemo: true });
  const clinic = await insertSite(deps.db, org.id, 'DEMO Ambulatoriet Fjordby');
  const house = await insertSite(deps.db, org.id, 'DEMO Bostedet Lyngen');
  const password = 'demo-adgangskode';
  // Each entry: how the printout names the role, and the account as provisionUser takes it.
  const accounts = [
    { role: 'borger / citizen', account: { username: DEMO_USERNAMES.citizen, chosenName: 'Alma (demo)', kind: 'citizen' as const } },
    {
      role: 'peer-medarbejder / peer worker',
      account: {
        username: DEMO_USERNAMES.peer,
        chosenName: 'Jonas (demo)',
        kind: 'staff' as const,
        memberships: [{ organisationId: org.id, siteId: house.id, role: 'peer' as const }],
      },
    },
    {
      role: 'fagperson / professional',
      account: {
        username: DEMO_USERNAMES.professional,
        chosenName: 'Dr. Holm (demo)',
        kind: 'staff' as const,
        memberships: [{ organisationId: org.id, siteId: clinic.id, role: 'professional' as const }],
      },
    },
    {
      role: 'koordinator / coordinator',
      account: {
        username: DEMO_USERNAMES.coordinator,
        chosenName: 'Ida (demo)',
        kind: 'staff' as const,
        memberships: [{ organisationId: org.id, siteId: null, role: 'coordinator' as const }],
      },
    },
    { role: 'admin', account: { username: DEMO_USERNAMES.admin, chosenName: 'Drift (demo)', kind: 'staff' as const, isAdmin: true } },
    ...DEMO_TEAM.map((person) => ({
      role: 'peer-medarbejder / peer worker',
      account: { ...person, kind: 'staff' as const, memberships: [{ organisationId: org.id, siteId: house.id, role: 'peer' as const }] },
    })),
  ];
  const lines = [
    `Demo data created: "${org.name}" with the sites "${clinic.name}" and "${house.name}".`,
    '',
    `Every demo account has the password: ${password}`,
    '',
  ];
  for (const { role, account } of accounts) {
    const user = await provisionUser(deps, { ...account, password, withTotp: account.kind === 'staff' });
    lines.push(`  ${role.padEnd(32)} username ${account.username}${user.totpSecret ? `   authenticator key ${base32(user.totpSecret)}` : ''}`);
  }
  lines.push(
    '',
    'Staff accounts ask for a 6-digit code after the password. Add the key to an authenticator app,',
    'or print the current code with: npm run admin -- totp USERNAME',
    '',
  );
  return { printout: lines.join('\n'), password, organisationId: org.id, clinicId: clinic.id, houseId: house.id };
}
