import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { AccessDenied, NotFound } from '../errors.ts';
import { disableUser, enableUser, findUserById, usersWithUsernameLike } from '../repositories/users.ts';
import { useCase } from './use-case.ts';

export interface FoundUser {
  id: string;
  username: string;
  chosenName: string;
  disabled: boolean;
}

/** Finds accounts by username for the operator; chosen names and roles only. */
export async function findUsers(deps: AppDeps, actor: Actor, query: string): Promise<FoundUser[]> {
  authorize(actor, 'installation.administer');
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  const rows = await usersWithUsernameLike(deps.db, `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  return rows.map((r) => ({ id: r.id, username: r.username, chosenName: r.chosen_name, disabled: r.disabled_at !== null }));
}

/** Disabling ends every session of the person at once; signing in is refused from then on. */
export async function disableAccount(deps: AppDeps, actor: Actor, userId: string): Promise<void> {
  authorize(actor, 'installation.administer');
  // An operator never locks themselves out.
  if (actor.id === userId) throw new AccessDenied();
  const user = await findUserById(deps.db, userId);
  if (!user) throw new NotFound();
  await useCase(deps, actor, 'account.disable', async ({ tx, now, audit }) => {
    await disableUser(tx, userId, now);
    await audit('account.disable', user.kind === 'citizen' ? user.id : null);
  });
}

export async function enableAccount(deps: AppDeps, actor: Actor, userId: string): Promise<void> {
  authorize(actor, 'installation.administer');
  const user = await findUserById(deps.db, userId);
  if (!user) throw new NotFound();
  await useCase(deps, actor, 'account.enable', async ({ tx, audit }) => {
    await enableUser(tx, userId);
    await audit('account.enable', user.kind === 'citizen' ? user.id : null);
  });
}
