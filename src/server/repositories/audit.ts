import { prepare } from '../db/prepared.ts';
import type { Executor } from '../db/database.ts';
import type { AuditActorKind } from '../db/schema.ts';

export interface AuditEntry {
  actorUserId: string | null;
  actorKind: AuditActorKind;
  /** verb-noun in the form `object.verb`, e.g. `statement.read`; never free text. */
  action: string;
  subjectUserId: string | null;
  objectType?: string;
  objectId?: string;
}

// Every read or change of a citizen's data writes one.
const insertAuditRow = prepare(
  (
    db,
    actorUserId: string | null,
    actorKind: AuditActorKind,
    action: string,
    subjectUserId: string | null,
    objectType: string | null,
    objectId: string | null,
  ) =>
    db.insertInto('audit_log').values({
      actor_user_id: actorUserId,
      actor_kind: actorKind,
      action,
      subject_user_id: subjectUserId,
      object_type: objectType,
      object_id: objectId,
    }),
);

export async function insertAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await insertAuditRow.run(db, entry.actorUserId, entry.actorKind, entry.action, entry.subjectUserId, entry.objectType ?? null, entry.objectId ?? null);
}

/** Log rows with the name of who acted, for a person to read. */
function readableLog(db: Executor) {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_user_id',
      'audit_log.actor_kind',
      'audit_log.action',
      'audit_log.object_type',
      'audit_log.object_id',
      'users.chosen_name as actor_name',
    ]);
}

/** Everything logged about a person, newest first; `about` narrows it to some objects. */
export function auditAbout(db: Executor, subjectUserId: string, about?: { objectType: string; objectIds: string[] }) {
  let query = readableLog(db).where('audit_log.subject_user_id', '=', subjectUserId);
  if (about)
    query = query.where('audit_log.object_type', '=', about.objectType).where('audit_log.object_id', 'in', about.objectIds.length ? about.objectIds : ['']);
  return query.orderBy('audit_log.id', 'desc').execute();
}

/** Everything logged about a person or done by them, newest first: the log their export holds. */
export function auditOfPerson(db: Executor, userId: string) {
  return readableLog(db)
    .where((eb) => eb.or([eb('audit_log.subject_user_id', '=', userId), eb('audit_log.actor_user_id', '=', userId)]))
    .orderBy('audit_log.id', 'desc')
    .execute();
}
