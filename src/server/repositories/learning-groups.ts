import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { GroupAdmission } from '../db/schema.ts';

export async function insertLearningGroup(
  db: Executor,
  g: { name: string; purpose: string; admission: GroupAdmission; createdBy: string; now: Date },
): Promise<string> {
  const row = await db
    .insertInto('learning_groups')
    .values({ name: g.name, purpose: g.purpose, admission: g.admission, created_by: g.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('learning_group_members').values({ group_id: row.id, user_id: g.createdBy, host: true, asked_at: g.now, admitted_at: g.now }).execute();
  return row.id;
}

export function findLearningGroup(db: Executor, groupId: string) {
  return db.selectFrom('learning_groups').select(['id', 'name', 'purpose', 'admission']).where('id', '=', groupId).executeTakeFirst();
}

/** The person's own row in the group, if any: asked, or admitted. */
export function membershipIn(db: Executor, groupId: string, userId: string) {
  return db
    .selectFrom('learning_group_members')
    .select(['host', 'admitted_at'])
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Every group, with the person's own place in it and how many are admitted. */
export function groupsWithMembershipOf(db: Executor, userId: string) {
  return db
    .selectFrom('learning_groups')
    .leftJoin('learning_group_members as mine', (join) => join.onRef('mine.group_id', '=', 'learning_groups.id').on('mine.user_id', '=', userId))
    .select([
      'learning_groups.id',
      'learning_groups.name',
      'learning_groups.purpose',
      'learning_groups.admission',
      'mine.host',
      'mine.admitted_at',
      'mine.user_id as mine_user_id',
      sql<string>`(select count(*) from learning_group_members m where m.group_id = learning_groups.id and m.admitted_at is not null)`.as('members'),
    ])
    .orderBy('learning_groups.name')
    .execute();
}

/** The groups a person is admitted to: where they may share a reflection. */
export function groupsOfMember(db: Executor, userId: string) {
  return db
    .selectFrom('learning_groups')
    .innerJoin('learning_group_members', 'learning_group_members.group_id', 'learning_groups.id')
    .select(['learning_groups.id', 'learning_groups.name'])
    .where('learning_group_members.user_id', '=', userId)
    .where('learning_group_members.admitted_at', 'is not', null)
    .orderBy('learning_groups.name')
    .execute();
}

/** Members and those who asked, with the organisations they work in as peers or coordinators. */
export function membersOfGroup(db: Executor, groupId: string) {
  return db
    .selectFrom('learning_group_members')
    .innerJoin('users', 'users.id', 'learning_group_members.user_id')
    .select([
      'learning_group_members.user_id',
      'learning_group_members.host',
      'learning_group_members.admitted_at',
      'users.chosen_name',
      sql<string>`coalesce((select string_agg(distinct o.name, ', ') from memberships ms join organisations o on o.id = ms.organisation_id
        where ms.user_id = users.id and ms.role in ('peer', 'coordinator')), '')`.as('organisation_names'),
    ])
    .where('learning_group_members.group_id', '=', groupId)
    .orderBy('users.chosen_name')
    .execute();
}

export async function insertMember(db: Executor, m: { groupId: string; userId: string; admitted: boolean; now: Date }): Promise<boolean> {
  const rows = await db
    .insertInto('learning_group_members')
    .values({ group_id: m.groupId, user_id: m.userId, asked_at: m.now, admitted_at: m.admitted ? m.now : null })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .returning('user_id')
    .execute();
  return rows.length > 0;
}

export async function admitMember(db: Executor, groupId: string, userId: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('learning_group_members')
    .set({ admitted_at: now })
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .where('admitted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Takes a person out of a group (they leave, a host removes them, or declines their request).
 * Their reflections are no longer shared with it: they stay the writer's own.
 */
export async function deleteMember(db: Executor, groupId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('learning_group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  await db.updateTable('reflections').set({ group_id: null }).where('group_id', '=', groupId).where('peer_user_id', '=', userId).execute();
  return Number(r.numDeletedRows) > 0;
}

/** The admitted hosts of a group. */
export async function hostsOf(db: Executor, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('learning_group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('host', '=', true)
    .where('admitted_at', 'is not', null)
    .execute();
  return rows.map((r) => r.user_id);
}

async function countHosts(db: Executor, groupId: string): Promise<number> {
  return (await hostsOf(db, groupId)).length;
}

/** The reflections shared with a group, newest first, with their writers' keys to open them. */
export function reflectionsOfGroup(db: Executor, groupId: string) {
  return db
    .selectFrom('reflections')
    .innerJoin('users', 'users.id', 'reflections.peer_user_id')
    .leftJoin('rounds', 'rounds.id', 'reflections.round_id')
    .select([
      'reflections.id',
      'reflections.peer_user_id',
      'reflections.content',
      'reflections.phase',
      sql<string>`reflections.written_on::text`.as('day'),
      'rounds.title as round_title',
      'users.chosen_name',
      'users.data_key',
    ])
    .where('reflections.group_id', '=', groupId)
    .orderBy('reflections.written_on', 'desc')
    .orderBy('reflections.created_at', 'desc')
    .execute();
}

export function repliesInGroup(db: Executor, groupId: string) {
  return db
    .selectFrom('reflection_replies')
    .innerJoin('reflections', 'reflections.id', 'reflection_replies.reflection_id')
    .innerJoin('users', 'users.id', 'reflection_replies.author_id')
    .select([
      'reflection_replies.id',
      'reflection_replies.reflection_id',
      'reflection_replies.author_id',
      'reflection_replies.content',
      'reflection_replies.created_at',
      'users.chosen_name',
      'users.data_key',
    ])
    .where('reflections.group_id', '=', groupId)
    .orderBy('reflection_replies.created_at', 'asc')
    .execute();
}

export function findReflectionFacts(db: Executor, reflectionId: string) {
  return db.selectFrom('reflections').select(['id', 'peer_user_id', 'group_id']).where('id', '=', reflectionId).executeTakeFirst();
}

export async function insertReply(db: Executor, r: { reflectionId: string; authorId: string; content: Uint8Array }): Promise<string> {
  const row = await db
    .insertInto('reflection_replies')
    .values({ reflection_id: r.reflectionId, author_id: r.authorId, content: r.content })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findReplyFacts(db: Executor, replyId: string) {
  return db
    .selectFrom('reflection_replies')
    .innerJoin('reflections', 'reflections.id', 'reflection_replies.reflection_id')
    .select(['reflection_replies.id', 'reflection_replies.author_id', 'reflections.group_id'])
    .where('reflection_replies.id', '=', replyId)
    .executeTakeFirst();
}

export async function deleteReply(db: Executor, replyId: string): Promise<void> {
  await db.deleteFrom('reflection_replies').where('id', '=', replyId).execute();
}

/** When the last host leaves, the member admitted longest ago hosts the group from then on. */
export async function ensureAHost(db: Executor, groupId: string): Promise<void> {
  if ((await countHosts(db, groupId)) > 0) return;
  const next = await db
    .selectFrom('learning_group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('admitted_at', 'is not', null)
    .orderBy('admitted_at')
    .limit(1)
    .executeTakeFirst();
  if (next) await db.updateTable('learning_group_members').set({ host: true }).where('group_id', '=', groupId).where('user_id', '=', next.user_id).execute();
}
