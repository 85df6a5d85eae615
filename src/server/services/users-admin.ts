import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { requireAdmin } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { NotFound } from '../errors.ts';
import { disableUser, findUserById } from '../repositories/users.ts';
import { audit } from './audit.ts';

/** Finds accounts by username for the operator; chosen names and roles only. */
export async function findUsers(deps: AppDeps, actor: Actor, query: string) {
  requireAdmin(actor);
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  return deps.db
    .selectFrom('users')
    .select(['id', 'username', 'chosen_name', 'kind', 'is_admin', 'disabled_at'])
    .where('username', 'like', `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`)
    .orderBy('username')
    .limit(50)
    .execute();
}

/** Disabling ends every session of the person at once; signing in is refused from then on. */
export async function disableAccount(deps: AppDeps, actor: Actor, userId: string): Promise<void> {
  requireAdmin(actor);
  if (actor.id === userId) throw new AccessDenied();
  const user = await findUserById(deps.db, userId);
  if (!user) throw new NotFound();
  await deps.db.transaction().execute(async (trx) => {
    await disableUser(trx, userId, deps.now());
    await audit(trx, actor, 'account.disable', user.kind === 'citizen' ? user.id : null);
  });
}

export async function enableAccount(deps: AppDeps, actor: Actor, userId: string): Promise<void> {
  requireAdmin(actor);
  const user = await findUserById(deps.db, userId);
  if (!user) throw new NotFound();
  await deps.db.updateTable('users').set({ disabled_at: null }).where('id', '=', userId).execute();
  await audit(deps.db, actor, 'account.enable', user.kind === 'citizen' ? user.id : null);
}
