import { z } from 'zod';
import { route, type Route } from '../http/types.ts';
import { formInput } from '../http/input.ts';
import { idParam } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { ROLE_COOKIE } from '../http/cookies.ts';
import { homePage } from '../views/pages/home.ts';
import { chooseRole, homeFor } from '../services/home.ts';
import { markAllNoticesSeen, openNotice } from '../services/notices.ts';

const roleSchema = z.object({ role: z.enum(['citizen', 'peer', 'professional', 'coordinator', 'admin'], 'errors.badRequest') });

export const homeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/',
    permission: 'public',
    handler: async (ctx) => ({ status: 200, body: homePage(ctx, await homeFor(ctx.deps, ctx.actor, ctx.role)) }),
  },
  route({
    method: 'POST',
    path: '/role',
    permission: 'signedIn',
    input: formInput(roleSchema),
    handler: async (ctx) => {
      ctx.setCookie(ROLE_COOKIE, chooseRole(ctx.actor, ctx.input.role), { maxAgeSeconds: 365 * 24 * 3600 });
      return redirect('/');
    },
  }),
  // Following a notice marks it seen and leads on to the thing it is about.
  {
    method: 'GET',
    path: '/notices/:noticeId',
    permission: 'signedIn',
    handler: async (ctx) => redirect(await openNotice(ctx.deps, ctx.actor, idParam(ctx, 'noticeId'))),
  },
  {
    method: 'POST',
    path: '/notices/seen',
    permission: 'signedIn',
    handler: async (ctx) => {
      await markAllNoticesSeen(ctx.deps, ctx.actor);
      return redirect('/#nyt');
    },
  },
];
