import type { Executor } from '../db/database.ts';
import type { AuditActorKind } from '../db/schema.ts';
import type { Actor } from '../policy/actor.ts';
import { insertAudit } from '../repositories/audit.ts';

// The one function that every read or change of a citizen's data calls, inside the same
// transaction as the work, so an audit row exists exactly when the work happened.
/** Who acted, when it was not a signed-in person: someone with a share link, or the app itself. */
export type AuditActor = { kind: 'link' } | { kind: 'system' };

export async function audit(
  db: Executor,
  actor: Actor | AuditActor,
  action: string,
  subjectUserId: string | null,
  object?: { type: string; id: string },
): Promise<void> {
  let actorUserId: string | null = null;
  let actorKind: AuditActorKind = 'anonymous';
  if (actor.kind === 'user') {
    actorUserId = actor.id;
    actorKind = actor.id === subjectUserId ? 'self' : actor.isAdmin && actor.userKind !== 'staff' ? 'admin' : 'staff';
  } else if (actor.kind === 'link') actorKind = 'link';
  else if (actor.kind === 'system') actorKind = 'system';
  await insertAudit(db, {
    actorUserId,
    actorKind,
    action,
    subjectUserId,
    ...(object ? { objectType: object.type, objectId: object.id } : {}),
  });
}
