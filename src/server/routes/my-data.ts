import { z } from 'zod';
import type { Route } from '../http/types.ts';
import { route } from '../http/types.ts';
import { formInput } from '../http/input.ts';
import { accessLog } from '../services/access-log.ts';
import { eraseMyAccount, exportMyData } from '../services/my-data.ts';
import { accessLogPage, erasedPage, myDataPage } from '../views/pages/meetings.ts';
import { myDataSummary } from '../views/pages/my-data-summary.ts';
import { clearSessionCookie } from '../http/session-cookie.ts';
import { emailSchema, reminderEmailOf, setReminderEmail } from '../services/reminders.ts';
import { redirect } from '../http/app.ts';
import { CLEAR_BROWSER } from '../http/security-headers.ts';

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const emailForm = z.object({ email: z.preprocess(trimmed, emailSchema) });

export const myDataRoutes: Route[] = [
  {
    method: 'GET',
    path: '/account/data',
    permission: 'citizen',
    handler: async (ctx) => {
      const info = ctx.url.searchParams.has('emailSaved')
        ? ctx.t.reminders.saved
        : ctx.url.searchParams.has('emailRemoved')
          ? ctx.t.reminders.removed
          : undefined;
      return { status: 200, body: myDataPage(ctx, { email: await reminderEmailOf(ctx.deps, ctx.actor), ...(info ? { info } : {}) }) };
    },
  },
  route({
    method: 'POST',
    path: '/account/email',
    permission: 'citizen',
    input: formInput(emailForm),
    invalid: async (ctx, failure) => ({ status: 400, body: myDataPage(ctx, { email: trimmed(failure.values.email), emailError: true }) }),
    handler: async (ctx) => {
      const { email } = ctx.input;
      await setReminderEmail(ctx.deps, ctx.actor, email);
      return redirect(`/account/data?${email ? 'emailSaved' : 'emailRemoved'}=1`);
    },
  }),
  {
    method: 'GET',
    path: '/account/log',
    permission: 'signedIn',
    handler: async (ctx) => {
      const everyone = ctx.url.searchParams.get('who') === 'everyone';
      return { status: 200, body: accessLogPage(ctx, await accessLog(ctx.deps, ctx.actor, { othersOnly: !everyone }), { everyone }) };
    },
  },
  {
    method: 'GET',
    path: '/account/export',
    permission: 'citizen',
    handler: async (ctx) => ({
      status: 200,
      headers: { 'content-type': 'application/zip', 'content-disposition': 'attachment; filename="egne-ord-mine-data.zip"' },
      body: await exportMyData(ctx.deps, ctx.actor, ctx.locale, (summary) => String(myDataSummary(ctx, summary))),
    }),
  },
  {
    method: 'POST',
    path: '/account/delete',
    permission: 'citizen',
    handler: async (ctx) => {
      const form = await ctx.form();
      const password = form.string('password');
      // The page comes back as on a visit, with the saved e-mail address in its field.
      const again = async (problem: { passwordMissing: true } | { wrongPassword: true }) => ({
        status: 400,
        body: myDataPage(ctx, { ...problem, email: await reminderEmailOf(ctx.deps, ctx.actor) }),
      });
      // An empty field is not a wrong password: ask for it, and try nothing.
      if (!password) return again({ passwordMissing: true });
      const done = await eraseMyAccount(ctx.deps, ctx.actor, password, form.string('code'));
      if (!done) return again({ wrongPassword: true });
      clearSessionCookie(ctx);
      ctx.actor = { kind: 'anonymous' };
      // Nothing of the erased account stays in this browser either: no sheet, no cached page.
      return { status: 200, headers: CLEAR_BROWSER, body: erasedPage(ctx) };
    },
  },
];
