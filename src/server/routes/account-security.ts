import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { redirect } from '../http/app.ts';
import { formInput, formText } from '../http/input.ts';
import { idParam } from '../http/params.ts';
import { confirmIdentity, confirmationPage } from '../services/reauthentication.ts';
import { cancelTotpEnrolment, removeTotp } from '../services/accounts.ts';
import {
  changePassword,
  createRecoveryCodes,
  passwordChangeForm,
  recoverWithCode,
  recoveryCodesOverview,
  requestResetByEmail,
  resetByEmailOffered,
  resetLinkUsable,
  resetMemberSecondFactor,
  resetWithLink,
  secondFactorResetPage,
} from '../services/account-security.ts';
import {
  changePasswordPage,
  confirmIdentityPage,
  forgotPasswordPage,
  passwordProblemText,
  passwordResetInvalidPage,
  passwordResetPage,
  recoveryCodesPage,
  recoveryCodesShownPage,
  secondFactorResetPageView,
} from '../views/pages/account-security.ts';
import { returnToIn, safeReturnTo } from './accounts.ts';

// Re-authentication, password change, recovery codes, the ways back in when a password is
// forgotten, and a coordinator's reset of a staff member's second factor.

// Long enough for any password the rules accept; the rules themselves say what is wrong.
const text = (max: number) => formText(z.string().max(max, 'errors.badRequest'));
const passwordForm = z.object({ password: text(1000) });
const confirmForm = z.object({
  password: formText(z.string().min(1, 'confirmIdentity.passwordMissing').max(1000, 'errors.badRequest')),
  code: text(20),
  returnTo: text(400),
});
const nextForm = z.object({ next: text(400) });
const recoveryForm = z.object({ username: text(200), recoveryCode: text(100), password: text(1000) });
const emailForm = z.object({ emailUsername: text(200) });

const origin = (ctx: RequestContext) => ctx.deps.config.PUBLIC_ORIGIN ?? `http://${ctx.headers.host ?? 'localhost'}`;
const memberPath = (ctx: RequestContext) => `/organisation/${idParam(ctx, 'orgId')}/members/${idParam(ctx, 'userId')}/second-factor`;

export const accountSecurityRoutes: Route[] = [
  {
    method: 'GET',
    path: '/account/confirm',
    permission: 'factorEnrolment',
    handler: async (ctx) => ({
      status: 200,
      body: confirmIdentityPage(ctx, await confirmationPage(ctx.deps, ctx.actor), returnToIn(ctx.url, '/account')),
    }),
  },
  route({
    method: 'POST',
    path: '/account/confirm',
    permission: 'factorEnrolment',
    input: formInput(confirmForm),
    // No password (or a field too long to be one): say so, and try nothing.
    invalid: async (ctx, failure) => {
      const returnTo = safeReturnTo(typeof failure.values.returnTo === 'string' ? failure.values.returnTo : undefined, '/account');
      const error = failure.errors.password ?? ctx.t.confirmIdentity.failed;
      return { status: 400, body: confirmIdentityPage(ctx, await confirmationPage(ctx.deps, ctx.actor), returnTo, error) };
    },
    handler: async (ctx) => {
      const returnTo = safeReturnTo(ctx.input.returnTo, '/account');
      if (await confirmIdentity(ctx.deps, ctx.actor, ctx.input)) return redirect(returnTo);
      return { status: 401, body: confirmIdentityPage(ctx, await confirmationPage(ctx.deps, ctx.actor), returnTo, ctx.t.confirmIdentity.failed) };
    },
  }),
  {
    method: 'GET',
    path: '/account/password',
    permission: 'signedIn',
    handler: async (ctx) => ({ status: 200, body: changePasswordPage(ctx, await passwordChangeForm(ctx.deps, ctx.actor)) }),
  },
  route({
    method: 'POST',
    path: '/account/password',
    permission: 'signedIn',
    input: formInput(passwordForm),
    handler: async (ctx) => {
      const result = await changePassword(ctx.deps, ctx.actor, ctx.input.password);
      if (result.ok) return redirect('/account?passwordChanged=1');
      return { status: 400, body: changePasswordPage(ctx, { confirm: null, error: passwordProblemText(ctx.t, result.problem) }) };
    },
  }),
  {
    method: 'GET',
    path: '/account/recovery-codes',
    permission: 'signedIn',
    handler: async (ctx) => ({
      status: 200,
      body: recoveryCodesPage(ctx, {
        ...(await recoveryCodesOverview(ctx.deps, ctx.actor)),
        welcome: ctx.url.searchParams.has('welcome'),
        next: safeReturnTo(ctx.url.searchParams.get('next') ?? undefined, '/account'),
      }),
    }),
  },
  route({
    method: 'POST',
    path: '/account/recovery-codes',
    permission: 'signedIn',
    input: formInput(nextForm),
    handler: async (ctx) => ({
      status: 200,
      body: recoveryCodesShownPage(ctx, await createRecoveryCodes(ctx.deps, ctx.actor), safeReturnTo(ctx.input.next, '/account')),
    }),
  }),
  {
    method: 'POST',
    path: '/account/second-factor/cancel',
    permission: 'factorEnrolment',
    handler: async (ctx) => {
      await cancelTotpEnrolment(ctx.deps, ctx.actor);
      return redirect('/account');
    },
  },
  {
    method: 'POST',
    path: '/account/second-factor/remove',
    permission: 'signedIn',
    handler: async (ctx) => {
      await removeTotp(ctx.deps, ctx.actor);
      return redirect('/account?secondFactorRemoved=1');
    },
  },
  {
    method: 'GET',
    path: '/forgot-password',
    permission: 'public',
    handler: async (ctx) => ({ status: 200, body: forgotPasswordPage(ctx, { emailOffered: resetByEmailOffered(ctx.deps) }) }),
  },
  route({
    method: 'POST',
    path: '/forgot-password',
    permission: 'public',
    input: formInput(recoveryForm),
    handler: async (ctx) => {
      const result = await recoverWithCode(ctx.deps, { ...ctx.input, ip: ctx.ip });
      if (result.ok) return redirect('/sign-in?passwordReset=1');
      const values = { username: ctx.input.username, recoveryCode: ctx.input.recoveryCode };
      const errors: Record<string, string> =
        'problem' in result ? { password: passwordProblemText(ctx.t, result.problem) } : { recoveryCode: ctx.t.forgotPassword.wrongCode };
      return { status: 400, body: forgotPasswordPage(ctx, { emailOffered: resetByEmailOffered(ctx.deps), values, errors }) };
    },
  }),
  route({
    method: 'POST',
    path: '/forgot-password/email',
    permission: 'public',
    input: formInput(emailForm),
    handler: async (ctx) => {
      await requestResetByEmail(ctx.deps, { username: ctx.input.emailUsername, ip: ctx.ip, origin: origin(ctx) });
      // Without e-mail set up nothing was sent, and the page does not say otherwise.
      const offered = resetByEmailOffered(ctx.deps);
      return { status: 200, body: forgotPasswordPage(ctx, { emailOffered: offered, emailSent: offered }) };
    },
  }),
  {
    method: 'GET',
    path: '/reset-password/:token',
    permission: 'public',
    sample: { token: 'x'.repeat(43) },
    handler: async (ctx) => {
      const token = ctx.params.token!;
      if (!(await resetLinkUsable(ctx.deps, { token, ip: ctx.ip }))) return { status: 404, body: passwordResetInvalidPage(ctx) };
      return { status: 200, body: passwordResetPage(ctx, token) };
    },
  },
  route({
    method: 'POST',
    path: '/reset-password/:token',
    permission: 'public',
    sample: { token: 'x'.repeat(43) },
    input: formInput(passwordForm),
    handler: async (ctx) => {
      const token = ctx.params.token!;
      const result = await resetWithLink(ctx.deps, { token, password: ctx.input.password, ip: ctx.ip });
      if (result.ok) return redirect('/sign-in?passwordReset=1');
      if ('invalid' in result) return { status: 404, body: passwordResetInvalidPage(ctx) };
      return { status: 400, body: passwordResetPage(ctx, token, passwordProblemText(ctx.t, result.problem)) };
    },
  }),
  {
    method: 'GET',
    path: '/organisation/:orgId/members/:userId/second-factor',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const userId = idParam(ctx, 'userId');
      const view = await secondFactorResetPage(ctx.deps, ctx.actor, orgId, userId);
      return { status: 200, body: secondFactorResetPageView(ctx, orgId, userId, { ...view, done: ctx.url.searchParams.has('done') }) };
    },
  },
  {
    method: 'POST',
    path: '/organisation/:orgId/members/:userId/second-factor',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const path = memberPath(ctx);
      await resetMemberSecondFactor(ctx.deps, ctx.actor, idParam(ctx, 'orgId'), idParam(ctx, 'userId'));
      return redirect(`${path}?done=1`);
    },
  },
];
