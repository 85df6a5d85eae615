import type { AppDeps } from '../deps.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import type { ActionLearningPhase, GroupAdmission } from '../db/schema.ts';
import { authorize, can, organisationsWhere, type GroupMemberFact } from '../policy/policy.ts';
import { BadInput, NotFound } from '../errors.ts';
import {
  admitMember,
  deleteMember,
  deleteReply as deleteReplyRow,
  ensureAHost,
  findLearningGroup,
  findReflectionFacts,
  findReplyFacts,
  groupsOfMember,
  hostsOf,
  groupsWithMembershipOf,
  insertLearningGroup,
  insertMember,
  insertReply,
  membersOfGroup,
  membershipIn,
  reflectionsOfGroup,
  repliesInGroup,
} from '../repositories/learning-groups.ts';
import { setReflectionGroup } from '../repositories/reflections.ts';
import { roundsOfOrganisations } from '../repositories/evaluation/rounds.ts';
import { findUserById } from '../repositories/users.ts';
import { nothingChanged, useCase } from './use-case.ts';
import { insertNotice } from '../repositories/notices.ts';

// Learning groups: peers (and coordinators) from any organisation of the installation reflect
// together on their own practice. Anyone who works as a peer or coordinator sees which groups
// exist (name and purpose) and joins an open one, or asks to join one that admits by request; a
// host lets them in. Only admitted members read the group's reflections, replies and members.
// Reflections and replies are sealed with their writer's data key: erasing the writer erases them.

const REFLECTION = 'reflection.content';
const REPLY = 'reflection.reply';

export interface GroupInput {
  name: string;
  purpose: string;
  admission: GroupAdmission;
}

export interface GroupSummary {
  id: string;
  name: string;
  purpose: string;
  admission: GroupAdmission;
  members: number;
  /** The reader's own place: not in it, asked to join, member, or host. */
  place: 'none' | 'asked' | 'member' | 'host';
}

async function factOf(deps: AppDeps, groupId: string, userId: string): Promise<GroupMemberFact> {
  const row = await membershipIn(deps.db, groupId, userId);
  return { member: row ? { admitted: row.admitted_at !== null, host: row.host } : undefined };
}

/** The group, if the actor is one of its admitted members; else it is not found. */
async function groupForMember(
  deps: AppDeps,
  actor: Actor,
  groupId: string,
): Promise<{ group: { id: string; name: string; purpose: string; admission: GroupAdmission }; fact: GroupMemberFact; actor: SignedInActor }> {
  authorize(actor, 'learningGroup.use');
  const group = await findLearningGroup(deps.db, groupId);
  if (!group) throw new NotFound();
  const fact = await factOf(deps, groupId, actor.id);
  if (!can(actor, 'learningGroup.read', fact)) throw new NotFound();
  return { group, fact, actor };
}

/** The list page: the groups one is in, has asked to join, and the others one may join. */
export async function learningGroupsPage(deps: AppDeps, actor: Actor): Promise<{ groups: GroupSummary[] }> {
  authorize(actor, 'learningGroup.use');
  const rows = await groupsWithMembershipOf(deps.db, actor.id);
  return {
    groups: rows.map((r) => ({
      id: r.id,
      name: r.name,
      purpose: r.purpose,
      admission: r.admission,
      members: Number(r.members),
      place: r.mine_user_id === null ? 'none' : r.admitted_at === null ? 'asked' : r.host ? 'host' : 'member',
    })),
  };
}

/** Anyone who works as a peer or coordinator makes a group, and hosts it. */
export async function createGroup(deps: AppDeps, actor: Actor, input: GroupInput): Promise<string> {
  authorize(actor, 'learningGroup.use');
  return useCase(deps, actor, 'learning_group.create', async ({ tx, now, audit }) => {
    const id = await insertLearningGroup(tx, { ...input, createdBy: actor.id, now });
    await audit('learning_group.create', null, { type: 'learning_group', id });
    return id;
  });
}

/** Joins an open group at once, or asks to join one that admits by request. */
export async function joinGroup(deps: AppDeps, actor: Actor, groupId: string): Promise<'joined' | 'asked' | 'already'> {
  authorize(actor, 'learningGroup.use');
  const group = await findLearningGroup(deps.db, groupId);
  if (!group) throw new NotFound();
  const admitted = group.admission === 'open';
  return useCase(deps, actor, 'learning_group.join', async ({ tx, now, audit }) => {
    if (!(await insertMember(tx, { groupId, userId: actor.id, admitted, now }))) nothingChanged('already');
    await audit(admitted ? 'learning_group.join' : 'learning_group.ask', null, { type: 'learning_group', id: groupId });
    // The hosts hear of it: someone asking waits for them, and someone joining is worth a welcome.
    for (const host of await hostsOf(tx, groupId))
      if (host !== actor.id) await insertNotice(tx, { recipientId: host, actorId: actor.id, kind: 'group_join', subjectId: groupId, now });
    return admitted ? 'joined' : 'asked';
  });
}

/** Leaves a group (or withdraws a request). One's reflections shared there become one's own again. */
export async function leaveGroup(deps: AppDeps, actor: Actor, groupId: string): Promise<void> {
  authorize(actor, 'learningGroup.use');
  await useCase(deps, actor, 'learning_group.leave', async ({ tx, audit }) => {
    if (!(await deleteMember(tx, groupId, actor.id))) throw new NotFound();
    await ensureAHost(tx, groupId);
    await audit('learning_group.leave', null, { type: 'learning_group', id: groupId });
  });
}

/** A host lets in someone who asked. */
export async function admit(deps: AppDeps, actor: Actor, groupId: string, userId: string): Promise<void> {
  const { fact } = await groupForMember(deps, actor, groupId);
  authorize(actor, 'learningGroup.host', fact);
  await useCase(deps, actor, 'learning_group.admit', async ({ tx, now, audit }) => {
    if (!(await admitMember(tx, groupId, userId, now))) throw new NotFound();
    await audit('learning_group.admit', null, { type: 'learning_group', id: groupId });
  });
}

/** A host declines a request or removes a member (never themselves: they leave). */
export async function removeFromGroup(deps: AppDeps, actor: Actor, groupId: string, userId: string): Promise<void> {
  const { fact } = await groupForMember(deps, actor, groupId);
  authorize(actor, 'learningGroup.host', fact);
  if (userId === actor.id) throw new NotFound();
  await useCase(deps, actor, 'learning_group.remove', async ({ tx, audit }) => {
    if (!(await deleteMember(tx, groupId, userId))) throw new NotFound();
    await audit('learning_group.remove', null, { type: 'learning_group', id: groupId });
  });
}

export interface GroupReply {
  id: string;
  authorName: string;
  text: string;
  createdAt: Date;
  mine: boolean;
}

export interface GroupReflection {
  id: string;
  writtenOn: string;
  authorName: string;
  mine: boolean;
  roundTitle: string | null;
  phase: ActionLearningPhase | null;
  tried: string;
  happened: string;
  learned: string;
  replies: GroupReply[];
}

export interface GroupMember {
  userId: string;
  name: string;
  organisationNames: string;
  host: boolean;
  admitted: boolean;
}

export interface GroupPage {
  group: { id: string; name: string; purpose: string; admission: GroupAdmission };
  isHost: boolean;
  /** Works as a peer: may write a reflection to share here (a coordinator reads and replies). */
  canReflect: boolean;
  members: GroupMember[];
  /** Those who asked to join: for hosts only. */
  requests: GroupMember[];
  reflections: GroupReflection[];
}

/** A group's page, for its admitted members: shared reflections newest first, each with its replies. */
export async function openGroup(deps: AppDeps, actor: Actor, groupId: string): Promise<GroupPage> {
  const { group, fact, actor: me } = await groupForMember(deps, actor, groupId);
  const isHost = can(me, 'learningGroup.host', fact);
  const people = (await membersOfGroup(deps.db, groupId)).map((m) => ({
    userId: m.user_id,
    name: m.chosen_name,
    organisationNames: m.organisation_names,
    host: m.host,
    admitted: m.admitted_at !== null,
  }));
  const replies = await repliesInGroup(deps.db, groupId);
  const reflections = (await reflectionsOfGroup(deps.db, groupId)).map((r) => {
    const c = deps.keyring.openJson<{ tried: string; happened: string; learned: string }>(r.data_key, r.content, REFLECTION);
    return {
      id: r.id,
      writtenOn: r.day,
      authorName: r.chosen_name,
      mine: r.peer_user_id === me.id,
      roundTitle: r.round_title,
      phase: r.phase,
      ...c,
      replies: replies
        .filter((x) => x.reflection_id === r.id)
        .map((x) => ({
          id: x.id,
          authorName: x.chosen_name,
          text: deps.keyring.openJson<{ text: string }>(x.data_key, x.content, REPLY).text,
          createdAt: x.created_at,
          mine: x.author_id === me.id,
        })),
    };
  });
  return {
    group,
    isHost,
    canReflect: can(me, 'peer.practise', {}),
    members: people.filter((p) => p.admitted),
    requests: isHost ? people.filter((p) => !p.admitted) : [],
    reflections,
  };
}

/** A member replies to a reflection shared with the group; sealed with the replier's own key. */
export async function replyTo(deps: AppDeps, actor: Actor, groupId: string, reflectionId: string, text: string): Promise<void> {
  await groupForMember(deps, actor, groupId);
  const reflection = await findReflectionFacts(deps.db, reflectionId);
  if (!reflection || reflection.group_id !== groupId) throw new NotFound();
  const me = await findUserById(deps.db, actor.kind === 'user' ? actor.id : '');
  if (!me) throw new NotFound();
  const content = deps.keyring.sealJson(me.data_key, { text }, REPLY);
  await useCase(deps, actor, 'reflection_reply.create', async ({ tx, now, audit }) => {
    const id = await insertReply(tx, { reflectionId, authorId: me.id, content });
    await audit('reflection_reply.create', null, { type: 'reflection_reply', id });
    if (reflection.peer_user_id !== me.id)
      await insertNotice(tx, { recipientId: reflection.peer_user_id, actorId: me.id, kind: 'group_reply', subjectId: groupId, now });
  });
}

/** The writer of a reply deletes it. */
export async function deleteReply(deps: AppDeps, actor: Actor, groupId: string, replyId: string): Promise<void> {
  await groupForMember(deps, actor, groupId);
  const reply = await findReplyFacts(deps.db, replyId);
  if (!reply || reply.group_id !== groupId) throw new NotFound();
  authorize(actor, 'reflectionReply.delete', { authorId: reply.author_id });
  await useCase(deps, actor, 'reflection_reply.delete', async ({ tx, audit }) => {
    await deleteReplyRow(tx, replyId);
    await audit('reflection_reply.delete', null, { type: 'reflection_reply', id: replyId });
  });
}

/** Where a peer may share a reflection: the groups they are admitted to. */
export async function groupsToShareWith(deps: AppDeps, actor: Actor): Promise<{ id: string; name: string }[]> {
  if (!can(actor, 'learningGroup.use') || actor.kind !== 'user') return [];
  return groupsOfMember(deps.db, actor.id);
}

/** The action-learning rounds a peer may tie a reflection to: those their organisations made or joined. */
export async function roundsToReflectOn(deps: AppDeps, actor: Actor): Promise<{ id: string; title: string; organisationName: string }[]> {
  const organisations = organisationsWhere(actor, 'peer.practise');
  if (organisations.length === 0) return [];
  return (await roundsOfOrganisations(deps.db, organisations)).map((r) => ({ id: r.id, title: r.title, organisationName: r.organisation_name }));
}

/** Checks a group and round chosen for a reflection: a group the peer is admitted to, a round of theirs. */
export async function checkReflectionTies(deps: AppDeps, actor: Actor, ties: { groupId: string | null; roundId: string | null }): Promise<void> {
  authorize(actor, 'peer.practise', {});
  if (ties.groupId && !can(actor, 'learningGroup.read', await factOf(deps, ties.groupId, actor.id))) throw new BadInput({ groupId: 'learning.groupInvalid' });
  if (ties.roundId && !(await roundsToReflectOn(deps, actor)).some((r) => r.id === ties.roundId)) throw new BadInput({ roundId: 'learning.roundInvalid' });
}

/** Shares one of the peer's own reflections with a group they are in. */
export async function shareReflection(deps: AppDeps, actor: Actor, reflectionId: string, groupId: string): Promise<void> {
  authorize(actor, 'peer.practise', {});
  const reflection = await findReflectionFacts(deps.db, reflectionId);
  if (!reflection || reflection.peer_user_id !== actor.id) throw new NotFound();
  await groupForMember(deps, actor, groupId);
  await useCase(deps, actor, 'reflection.share', async ({ tx, audit }) => {
    await setReflectionGroup(tx, reflectionId, actor.id, groupId);
    await audit('reflection.share', null, { type: 'learning_group', id: groupId });
  });
}
