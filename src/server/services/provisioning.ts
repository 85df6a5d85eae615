import type { AppDeps } from '../deps.ts';
import type { Role } from '../db/schema.ts';
import { hashPassword } from '../crypto/passwords.ts';
import { newTotpSecret } from '../crypto/totp.ts';
import { addMembership, insertUser } from '../repositories/users.ts';
import { normaliseUsername } from './accounts.ts';
import { audit } from './audit.ts';

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
  const user = await insertUser(deps.db, {
    username: normaliseUsername(input.username),
    chosen_name: input.chosenName,
    kind: input.kind,
    is_admin: input.isAdmin ?? false,
    password_hash: await hashPassword(input.password),
    data_key: dataKey,
    totp_secret: secret ? deps.keyring.sealText(dataKey, secret.toString('base64'), 'totp') : null,
    totp_last_step: null,
  });
  if (!user) throw new Error(`The username ${input.username} is taken.`);
  for (const m of input.memberships ?? []) {
    await addMembership(deps.db, { userId: user.id, organisationId: m.organisationId, siteId: m.siteId, role: m.role, volunteer: m.volunteer ?? false });
  }
  await audit(deps.db, { kind: 'system' }, 'account.create', user.kind === 'citizen' ? user.id : null);
  return { id: user.id, username: user.username, totpSecret: secret };
}
