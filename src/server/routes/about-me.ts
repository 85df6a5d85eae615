import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { idParam, isUuid } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { formInput } from '../http/input.ts';
import { deleteMyComment, saveMyComment, sessionsAboutMePage } from '../services/peer-practice.ts';
import { sessionsAboutMePage as aboutMePage } from '../views/pages/about-me.ts';
import { conversationGuidePage } from '../views/pages/conversation-guide.ts';
import { SESSION_COMMENT_MAX } from '../../domain/peer/practice.ts';
import { pdfLayouts } from '../pdf-layouts.ts';
import { pdfDownloadHeaders } from '../http/download.ts';

// Issue 17: the citizen's page of sessions a peer logged with them, with their own comments
// (part 3), and the peer's conversation guide (part 6).

const commentForm = z.object({ comment: z.preprocess((v) => v ?? '', z.string()) });

async function page(ctx: RequestContext, o: { editing?: string; info?: string; error?: string; value?: string } = {}, status = 200) {
  return { status, body: aboutMePage(ctx, { sessions: await sessionsAboutMePage(ctx.deps, ctx.actor), ...o }) };
}

export const aboutMeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/account/peer-sessions',
    permission: 'citizen',
    handler: async (ctx) => {
      const q = ctx.url.searchParams;
      const editing = q.get('comment');
      const info = q.has('saved') ? ctx.t.aboutMe.saved : q.has('removed') ? ctx.t.aboutMe.removed : undefined;
      return page(ctx, { ...(editing && isUuid(editing) ? { editing } : {}), ...(info ? { info } : {}) });
    },
  },
  route({
    method: 'POST',
    path: '/account/peer-sessions/:sessionId/comment',
    permission: 'citizen',
    input: formInput(commentForm),
    handler: async (ctx) => {
      const id = idParam(ctx, 'sessionId');
      const result = await saveMyComment(ctx.deps, ctx.actor, id, ctx.input.comment);
      if (result.ok) return redirect(`/account/peer-sessions?saved=1#entry-${id}`);
      const error = result.reason === 'empty' ? ctx.t.aboutMe.empty : ctx.t.aboutMe.tooLong(SESSION_COMMENT_MAX);
      return page(ctx, { editing: id, error, value: ctx.input.comment }, 400);
    },
  }),
  {
    method: 'POST',
    path: '/account/peer-sessions/:sessionId/comment/delete',
    permission: 'citizen',
    handler: async (ctx) => {
      await deleteMyComment(ctx.deps, ctx.actor, idParam(ctx, 'sessionId'));
      return redirect('/account/peer-sessions?removed=1');
    },
  },
  { method: 'GET', path: '/peer/guide', permission: 'peer', handler: async (ctx) => ({ status: 200, body: conversationGuidePage(ctx) }) },
  {
    method: 'GET',
    path: '/peer/guide/pdf',
    permission: 'peer',
    handler: async (ctx) => ({
      status: 200,
      headers: pdfDownloadHeaders(ctx.t.conversationGuide.navLabel),
      body: (await pdfLayouts.guide()).renderConversationGuidePdf(ctx),
    }),
  },
];
