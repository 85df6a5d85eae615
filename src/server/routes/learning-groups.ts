import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { idParam } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { formInput, type InputFailure } from '../http/input.ts';
import type { GroupAdmission } from '../db/schema.ts';
import {
  admit,
  createGroup,
  deleteReply,
  joinGroup,
  learningGroupsPage,
  leaveGroup,
  openGroup,
  removeFromGroup,
  replyTo,
} from '../services/learning-groups.ts';
import { GROUP_ADMISSIONS, LEARNING_LIMITS } from '../../domain/peer/learning.ts';
import { learningGroupPage, learningGroupsPage as listPage } from '../views/pages/learning-groups.ts';
import type { Errors } from '../views/components.ts';

// Learning groups across organisations: anyone who works as a peer or coordinator (permission
// 'staff'; the service asks the policy) lists, makes and joins groups; members read and reply.

const groupForm = z.object({
  name: z.string('learning.nameMissing').trim().min(1, 'learning.nameMissing').max(LEARNING_LIMITS.name, 'learning.nameMissing'),
  purpose: z.string().trim().max(LEARNING_LIMITS.purpose, 'learning.purposeTooLong').default(''),
  admission: z.enum(GROUP_ADMISSIONS as [GroupAdmission, ...GroupAdmission[]], 'learning.admissionMissing'),
});

const replyForm = z.object({
  text: z.string('learning.replyMissing').trim().min(1, 'learning.replyMissing').max(LEARNING_LIMITS.reply, 'learning.replyMissing'),
});

function one(failure: InputFailure, name: string): string {
  const v = failure.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

async function groupView(ctx: RequestContext, groupId: string, extra: { errors?: Errors; replyValues?: Record<string, string>; info?: string } = {}) {
  return learningGroupPage(ctx, { ...(await openGroup(ctx.deps, ctx.actor, groupId)), ...extra });
}

const INFO = ['created', 'joined', 'admitted', 'removed', 'replied', 'replyDeleted'] as const;

export const learningGroupRoutes: Route[] = [
  {
    method: 'GET',
    path: '/groups',
    permission: 'staff',
    handler: async (ctx) => {
      const q = ctx.url.searchParams;
      const t = ctx.t.learning;
      const info = q.has('asked') ? t.askedInfo : q.has('left') ? t.left : undefined;
      return { status: 200, body: listPage(ctx, { ...(await learningGroupsPage(ctx.deps, ctx.actor)), ...(info ? { info } : {}) }) };
    },
  },
  route({
    method: 'POST',
    path: '/groups',
    permission: 'staff',
    input: formInput(groupForm),
    invalid: async (ctx, failure) => ({
      status: 400,
      body: listPage(ctx, {
        ...(await learningGroupsPage(ctx.deps, ctx.actor)),
        errors: failure.errors,
        values: { name: one(failure, 'name'), purpose: one(failure, 'purpose'), admission: one(failure, 'admission') },
      }),
    }),
    handler: async (ctx) => redirect(`/groups/${await createGroup(ctx.deps, ctx.actor, ctx.input)}?created=1`),
  }),
  {
    method: 'GET',
    path: '/groups/:groupId',
    permission: 'staff',
    handler: async (ctx) => {
      const shown = INFO.find((k) => ctx.url.searchParams.has(k));
      return { status: 200, body: await groupView(ctx, idParam(ctx, 'groupId'), shown ? { info: ctx.t.learning[shown] } : {}) };
    },
  },
  {
    method: 'POST',
    path: '/groups/:groupId/join',
    permission: 'staff',
    handler: async (ctx) => {
      const groupId = idParam(ctx, 'groupId');
      const result = await joinGroup(ctx.deps, ctx.actor, groupId);
      // Already in it, or already asked: the list says where one stands.
      return redirect(result === 'joined' ? `/groups/${groupId}?joined=1` : result === 'asked' ? '/groups?asked=1' : '/groups');
    },
  },
  {
    method: 'POST',
    path: '/groups/:groupId/leave',
    permission: 'staff',
    handler: async (ctx) => {
      await leaveGroup(ctx.deps, ctx.actor, idParam(ctx, 'groupId'));
      return redirect('/groups?left=1');
    },
  },
  {
    method: 'POST',
    path: '/groups/:groupId/members/:userId/admit',
    permission: 'staff',
    handler: async (ctx) => {
      const groupId = idParam(ctx, 'groupId');
      await admit(ctx.deps, ctx.actor, groupId, idParam(ctx, 'userId'));
      return redirect(`/groups/${groupId}?admitted=1`);
    },
  },
  {
    method: 'POST',
    path: '/groups/:groupId/members/:userId/remove',
    permission: 'staff',
    handler: async (ctx) => {
      const groupId = idParam(ctx, 'groupId');
      await removeFromGroup(ctx.deps, ctx.actor, groupId, idParam(ctx, 'userId'));
      return redirect(`/groups/${groupId}?removed=1`);
    },
  },
  route({
    method: 'POST',
    path: '/groups/:groupId/reflections/:reflectionId/replies',
    permission: 'staff',
    input: formInput(replyForm),
    invalid: async (ctx, failure) => {
      const reflectionId = idParam(ctx, 'reflectionId');
      return {
        status: 400,
        body: await groupView(ctx, idParam(ctx, 'groupId'), {
          errors: { [`reply-${reflectionId}`]: failure.errors.text ?? ctx.t.learning.replyMissing },
          replyValues: { [reflectionId]: one(failure, 'text') },
        }),
      };
    },
    handler: async (ctx) => {
      const groupId = idParam(ctx, 'groupId');
      await replyTo(ctx.deps, ctx.actor, groupId, idParam(ctx, 'reflectionId'), ctx.input.text);
      return redirect(`/groups/${groupId}?replied=1`);
    },
  }),
  {
    method: 'POST',
    path: '/groups/:groupId/replies/:replyId/delete',
    permission: 'staff',
    handler: async (ctx) => {
      const groupId = idParam(ctx, 'groupId');
      await deleteReply(ctx.deps, ctx.actor, groupId, idParam(ctx, 'replyId'));
      return redirect(`/groups/${groupId}?replyDeleted=1`);
    },
  },
];
