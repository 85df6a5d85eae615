import type { AppDeps } from '../deps.ts';
import type { Role } from '../db/schema.ts';
import { hashPassword } from '../crypto/passwords.ts';
import { newTotpSecret } from '../crypto/totp.ts';
import { addMembership, insertUser } from '../repositories/users.ts';
import { normaliseUsername } from './accounts.ts';
import { useCase } from './use-case.ts';

// Accounts made by an operator (the admin command line, the demo) rather than through the
// web: the only places a person is created without signing up or accepting an invitation.

export interface ProvisionedUser {
  id: string;
  username: string;
  totpSecret: Buffer | null;
}

export async function provisionUser(
  deps: Pick<AppDeps, 'db' | 'keyring'>,
  input: {
    username: string;
    chosenName: string;
    password: string;
    kind: 'citizen' | 'staff';
    isAdmin?: boolean;
    withTotp?: boolean;
    memberships?: { organisationId: string; siteId: string | null; role: Role; volunteer?: boolean }[];
  },
): Promise<ProvisionedUser> {
  const dataKey = deps.keyring.newWrappedDataKey();
  const secret = input.withTotp ? newTotpSecret() : null;
  const { isAdmin = false, memberships = [] } = input;
  const passwordHash = await hashPassword(input.password);
  // The operator's commands have no installation clock; nothing in this use case reads the time.
  const user = await useCase({ db: deps.db, now: () => new Date() }, { kind: 'system' }, 'account.create', async ({ tx, audit }) => {
    const created = await insertUser(tx, {
      username: normaliseUsername(input.username),
      chosen_name: input.chosenName,
      kind: input.kind,
      is_admin: isAdmin,
      password_hash: passwordHash,
      data_key: dataKey,
      totp_secret: secret ? deps.keyring.sealText(dataKey, secret.toString('base64'), 'totp') : null,
      totp_last_step: null,
    });
    if (!created) throw new Error(`The username ${input.username} is taken.`);
    for (const m of memberships) {
      await addMembership(tx, { userId: created.id, organisationId: m.organisationId, siteId: m.siteId, role: m.role, volunteer: m.volunteer ?? false });
    }
    await audit('account.create', created.kind === 'citizen' ? created.id : null);
    return created;
  });
  return { id: user.id, username: user.username, totpSecret: secret };
}
