import { z } from 'zod';
import type { RequestContext, Route } from '../http/types.ts';
import { route } from '../http/types.ts';
import { idParam, isUuid, publicOrigin } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { NotFound } from '../errors.ts';
import { checkbox, formInput, type InputFailure } from '../http/input.ts';
import { openMeeting } from '../services/meetings.ts';
import {
  commentAsRecipient,
  commentByLink,
  createSupportShare,
  deleteSupportComment,
  openSupportByLink,
  openSupportForRecipient,
  supportSharesForMe,
  type SupportView,
} from '../services/support.ts';
import { meetingPage } from '../views/pages/meetings.ts';
import { supportInboxPage, supportPage } from '../views/pages/support.ts';
import { unavailablePage } from '../views/pages/shared.ts';
import { qrSvg } from './accounts.ts';
import type { Errors } from '../views/components.ts';

// Issue 16, item 5: a relative or a bisidder reads the meeting the citizen shared with them, by a
// link (/b/…) or in their own account (/support/…), and may leave comments of their own.

const text = (max: number) => z.preprocess((v) => v ?? '', z.string().trim().max(max));

const supportForm = z.object({
  supportDays: z.preprocess((v) => (v === undefined || v === '' ? 7 : Number(v)), z.number().int().min(1).max(90)),
  allowComment: checkbox,
  supportUsername: text(40),
  supportPeer: z.preprocess((v) => v ?? '', z.union([z.literal(''), z.uuid()])),
  supportLabel: text(100),
});

const bodyField = z.preprocess((v) => v ?? '', z.string().trim().min(1, 'support.commentMissing').max(2000));
const linkCommentForm = z.object({ name: z.preprocess((v) => v ?? '', z.string().trim().min(1, 'support.nameMissing').max(100)), body: bodyField });
const accountCommentForm = z.object({ body: bodyField });

// One answer for unknown, expired and revoked links, as for a professional's link.
const unavailable = (ctx: RequestContext) => ({ status: 404, body: unavailablePage(ctx) });

function shareIdParam(ctx: RequestContext): string {
  const id = ctx.params.shareId!;
  if (!isUuid(id)) throw new NotFound();
  return id;
}

const value = (failure: InputFailure, name: string) => (typeof failure.values[name] === 'string' ? (failure.values[name] as string) : '');

function invalidComment(ctx: RequestContext, view: SupportView, commentAction: string, askName: boolean, failure: InputFailure) {
  return {
    status: 400,
    body: supportPage(ctx, view, { commentAction, askName, errors: failure.errors, values: { name: value(failure, 'name'), body: value(failure, 'body') } }),
  };
}

export const supportRoutes: Route[] = [
  // The citizen's side.
  route({
    method: 'POST',
    path: '/meetings/:id/support',
    permission: 'citizen',
    input: formInput(supportForm),
    handler: async (ctx) => {
      const id = idParam(ctx);
      const { supportDays, allowComment, supportUsername, supportPeer, supportLabel } = ctx.input;
      if (supportPeer && supportUsername)
        return {
          status: 400,
          body: meetingPage(ctx, await openMeeting(ctx.deps, ctx.actor, id), { supportErrors: { supportPeer: ctx.t.support.peerOrUsername } }),
        };
      const result = await createSupportShare(
        ctx.deps,
        ctx.actor,
        id,
        { days: supportDays, allowComment, recipientUsername: supportUsername, recipientPeerId: supportPeer, recipientLabel: supportLabel },
        ctx.ip,
      );
      const detail = await openMeeting(ctx.deps, ctx.actor, id);
      if (!result.ok) {
        const supportErrors: Errors =
          result.reason === 'unknownRecipient'
            ? supportPeer
              ? { supportPeer: ctx.t.support.unknownRecipient }
              : { supportUsername: ctx.t.support.unknownRecipient }
            : { supportDays: ctx.t.meetings.shareNoStatement };
        return { status: 400, body: meetingPage(ctx, detail, { supportErrors }) };
      }
      const url = `${publicOrigin(ctx)}/b/${result.token}`;
      return { status: 201, body: meetingPage(ctx, detail, { supportCreated: { url, qrSvg: await qrSvg(url, ctx.t.meetings.shareQr) } }) };
    },
  }),
  {
    method: 'POST',
    path: '/meetings/:id/support-comments/:commentId/delete',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx);
      await deleteSupportComment(ctx.deps, ctx.actor, id, idParam(ctx, 'commentId'));
      return redirect(`/meetings/${id}?commentDeleted=1#support`);
    },
  },
  // By link.
  {
    method: 'GET',
    path: '/b/:token',
    permission: 'public',
    handler: async (ctx) => {
      const token = ctx.params.token!;
      const result = await openSupportByLink(ctx.deps, token, ctx.ip);
      if (!result.ok) return unavailable(ctx);
      return {
        status: 200,
        body: supportPage(ctx, result.view, { commentAction: `/b/${token}/comment`, askName: true, saved: ctx.url.searchParams.has('saved') }),
      };
    },
  },
  route({
    method: 'POST',
    path: '/b/:token/comment',
    permission: 'public',
    input: formInput(linkCommentForm),
    invalid: async (ctx, failure) => {
      const token = ctx.params.token!;
      const result = await openSupportByLink(ctx.deps, token, ctx.ip);
      if (!result.ok) return unavailable(ctx);
      return invalidComment(ctx, result.view, `/b/${token}/comment`, true, failure);
    },
    handler: async (ctx) => {
      const token = ctx.params.token!;
      const result = await commentByLink(ctx.deps, token, ctx.ip, { name: ctx.input.name, text: ctx.input.body });
      if (!result.ok) return unavailable(ctx);
      return redirect(`/b/${token}?saved=1#comments`);
    },
  }),
  // In the support person's own account.
  {
    method: 'GET',
    path: '/support',
    permission: 'signedIn',
    handler: async (ctx) => ({ status: 200, body: supportInboxPage(ctx, await supportSharesForMe(ctx.deps, ctx.actor)) }),
  },
  {
    method: 'GET',
    path: '/support/:shareId',
    permission: 'signedIn',
    handler: async (ctx) => {
      const id = shareIdParam(ctx);
      const view = await openSupportForRecipient(ctx.deps, ctx.actor, id);
      return {
        status: 200,
        body: supportPage(ctx, view, { commentAction: `/support/${id}/comment`, askName: false, saved: ctx.url.searchParams.has('saved') }),
      };
    },
  },
  route({
    method: 'POST',
    path: '/support/:shareId/comment',
    permission: 'signedIn',
    input: formInput(accountCommentForm),
    invalid: async (ctx, failure) => {
      const id = shareIdParam(ctx);
      return invalidComment(ctx, await openSupportForRecipient(ctx.deps, ctx.actor, id), `/support/${id}/comment`, false, failure);
    },
    handler: async (ctx) => {
      const id = shareIdParam(ctx);
      const result = await commentAsRecipient(ctx.deps, ctx.actor, id, ctx.input.body);
      if (!result.ok) throw new NotFound();
      return redirect(`/support/${id}?saved=1#comments`);
    },
  }),
];
