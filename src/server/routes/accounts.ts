import QRCode from 'qrcode';
import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { formInput, formText } from '../http/input.ts';
import { accountFieldText } from '../views/pages/account-security.ts';
import { redirect } from '../http/app.ts';
import { trusted, html, type SafeHtml } from '../views/html.ts';
import {
  accountPage,
  chosenNamePage,
  invitationInvalidPage,
  invitationPage,
  secondFactorPage,
  signInPage,
  signUpPage,
  totpEnrolPage,
} from '../views/pages/accounts.ts';
import { deviceSheetsPage } from '../views/pages/statements.ts';
import { builtinTemplates } from '../../domain/sheets/builtin-templates.ts';
import { CHOSEN_NAME_MAX } from '../../domain/accounts/names.ts';
import {
  acceptInvitation,
  accountOverview,
  beginTotpEnrolment,
  changeChosenName,
  completeSecondFactor,
  confirmTotpEnrolment,
  findInvitation,
  rememberLocale,
  signIn,
  signUpCitizen,
} from '../services/accounts.ts';
import { endSession, resolveSession, signOutEverywhere } from '../services/sessions.ts';
import { signInChoices } from '../services/identity-providers.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../http/session-cookie.ts';
import { importCarried } from './statements.ts';
import { CLEAR_BROWSER } from '../http/security-headers.ts';
import { anonymous } from '../policy/actor.ts';
import { RateLimited } from '../errors.ts';
import { base32, otpauthUri } from '../crypto/totp.ts';
import { needsSecondFactor } from '../policy/policy.ts';
import type { Locale } from '../db/schema.ts';

const ok = (body: SafeHtml, status = 200) => ({ status, body });

/** Only what is missing is checked here; a name or password that is too long is wrong like any other. */
const signInForm = z.object({
  username: formText(z.string().refine((v) => v.trim() !== '', 'signIn.usernameMissing')),
  password: formText(z.string().min(1, 'signIn.passwordMissing')),
});

/** What a citizen is called: asked for when empty, as at sign-up. */
const chosenNameForm = z.object({
  chosenName: formText(z.string().trim().min(1, 'signUp.chosenNameMissing').max(CHOSEN_NAME_MAX, 'signUp.chosenNameTooLong')),
});

/** A sheet carried from the device through sign-up or sign-in, if the form has one. */
function carriedImport(form: { get(name: string): string | undefined }): { state: string; templateKey: string } | undefined {
  const state = form.get('importState');
  const templateKey = form.get('importTemplate');
  if (!state || !templateKey || !/^[A-Za-z0-9_-]+$/.test(state) || !/^[a-z][a-zA-Z0-9-]{0,39}$/.test(templateKey)) return undefined;
  return { state, templateKey };
}

/** Only same-site paths: a crafted returnTo must not send anyone to another site. */
export function safeReturnTo(value: string | undefined, fallback: string): string {
  if (!value || !/^\/(?![/\\])[A-Za-z0-9/_\-?=&.%]*$/.test(value) || value.length > 300) return fallback;
  return value;
}

/** The page's own `returnTo`, if it is a safe one; `fallback` otherwise. */
export function returnToIn(url: URL, fallback: string): string {
  return safeReturnTo(url.searchParams.get('returnTo') ?? undefined, fallback);
}

/** Every role lands on its own home (services/home.ts) after signing in or up. */
export const HOME_PATH = '/';

const DEVICE_SHEETS_PATH = '/statements/device';

/** Where a citizen lands after signing in or up: with sheets kept in this browser (the page's
 * script says so), first on the offer to move them; "leave it" goes on to where they were going. */
export function landingWithDeviceSheets(deviceSheets: boolean, next: string): string {
  if (!deviceSheets) return next;
  return next === HOME_PATH ? DEVICE_SHEETS_PATH : `${DEVICE_SHEETS_PATH}?returnTo=${encodeURIComponent(next)}`;
}

export async function qrSvg(text: string, label: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return html`<span role="img" aria-label="${label}">${trusted(svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" '))}</span>`;
}

export const accountRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sign-up',
    permission: 'public',
    handler: async (ctx) => ok(signUpPage(ctx, {}, {}, undefined, returnToIn(ctx.url, ''))),
  },
  {
    method: 'POST',
    path: '/sign-up',
    permission: 'public',
    handler: async (ctx) => {
      const form = await ctx.form();
      const values = { username: form.string('username'), chosenName: form.string('chosenName') };
      const result = await signUpCitizen(ctx.deps, { ...values, password: form.string('password'), locale: ctx.locale, ip: ctx.ip }, (k) =>
        accountFieldText(ctx.t, k),
      );
      const carried = carriedImport(form);
      const returnTo = safeReturnTo(form.get('returnTo'), '');
      if (!result.ok) return ok(signUpPage(ctx, values, result.errors, carried, returnTo), 400);
      setSessionCookie(ctx, result.token);
      if (carried) {
        const id = await importCarried(ctx, carried, await resolveSession(ctx.deps, result.token));
        return redirect(`/statements/${id}/write/done?imported=1`);
      }
      // Recovery codes are offered at once: without e-mail they are the only way back in. Then on
      // to the home, or to the offer to move a sheet kept in this browser.
      const next = landingWithDeviceSheets(form.get('deviceSheets') === '1', returnTo || HOME_PATH);
      return redirect(`/account/recovery-codes?welcome=1&next=${encodeURIComponent(next)}`);
    },
  },
  {
    method: 'GET',
    path: '/sign-in',
    permission: 'public',
    handler: async (ctx) =>
      ok(
        signInPage(ctx, {
          returnTo: returnToIn(ctx.url, ''),
          choices: await signInChoices(ctx.deps),
          signedOut: ctx.url.searchParams.has('signedOut'),
          ...(ctx.url.searchParams.has('passwordReset') ? { info: ctx.t.forgotPassword.done } : {}),
        }),
      ),
  },
  route({
    method: 'POST',
    path: '/sign-in',
    permission: 'public',
    input: formInput(signInForm),
    // An empty name or password is asked for at its field, not called wrong: nothing is tried,
    // and nothing counts against the limits. What was typed as the name stays.
    invalid: async (ctx, failure) => {
      const form = await ctx.form();
      const carried = carriedImport(form);
      const missing = {
        ...(failure.errors.username ? { username: failure.errors.username } : {}),
        ...(failure.errors.password ? { password: failure.errors.password } : {}),
      };
      return {
        status: 400,
        body: signInPage(ctx, {
          username: form.string('username'),
          missing,
          returnTo: safeReturnTo(form.get('returnTo'), ''),
          ...(carried ? { carried } : {}),
        }),
      };
    },
    handler: async (ctx) => {
      const form = await ctx.form();
      const { username, password } = ctx.input;
      const returnTo = safeReturnTo(form.get('returnTo'), '');
      let result: Awaited<ReturnType<typeof signIn>>;
      try {
        result = await signIn(ctx.deps, { username, password, ip: ctx.ip });
      } catch (e) {
        if (e instanceof RateLimited)
          return {
            status: 429,
            headers: { 'retry-after': String(e.retryAfterSeconds) },
            body: signInPage(ctx, { username, returnTo, rateLimited: e }),
          };
        throw e;
      }
      const carried = carriedImport(form);
      if (!result.ok) return ok(signInPage(ctx, { username, failed: true, returnTo, ...(carried ? { carried } : {}) }), 401);
      setSessionCookie(ctx, result.token);
      if (carried && result.next === 'home' && result.accountKind === 'citizen') {
        const id = await importCarried(ctx, carried, await resolveSession(ctx.deps, result.token));
        return redirect(`/statements/${id}/write/done?imported=1`);
      }
      if (result.next === 'code') return redirect(`/sign-in/code${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`);
      const landing = returnTo || HOME_PATH;
      return redirect(result.accountKind === 'citizen' ? landingWithDeviceSheets(form.get('deviceSheets') === '1', landing) : landing);
    },
  }),
  {
    method: 'GET',
    path: '/sign-in/code',
    permission: 'secondFactorPending',
    handler: async (ctx) => ok(secondFactorPage(ctx, { returnTo: returnToIn(ctx.url, '') })),
  },
  {
    method: 'POST',
    path: '/sign-in/code',
    permission: 'secondFactorPending',
    handler: async (ctx) => {
      const form = await ctx.form();
      const result = await completeSecondFactor(ctx.deps, ctx.actor, form.string('code'));
      if (!result.ok) return ok(secondFactorPage(ctx, { failed: true, returnTo: returnToIn(ctx.url, '') }), 401);
      setSessionCookie(ctx, result.token);
      return redirect(returnToIn(ctx.url, '/'));
    },
  },
  {
    method: 'POST',
    path: '/sign-out',
    permission: 'public',
    handler: async (ctx) => {
      const token = sessionToken(ctx);
      if (token) await endSession(ctx.deps, token);
      clearSessionCookie(ctx);
      // On a computer others use, nothing of this site stays in the browser. The page is the
      // answer itself rather than a redirect, so that only this POST can ask for it.
      if ((await ctx.form()).get('shared') === '1') {
        ctx.actor = anonymous;
        return { status: 200, headers: CLEAR_BROWSER, body: signInPage(ctx, { cleared: true }) };
      }
      return redirect('/sign-in?signedOut=1');
    },
  },
  {
    // The sheets kept in this browser are only known to the page's script, which fills this page in.
    method: 'GET',
    path: DEVICE_SHEETS_PATH,
    permission: 'citizen',
    handler: async (ctx) =>
      ok(
        deviceSheetsPage(ctx, {
          sheets: builtinTemplates.map((tpl) => ({ key: tpl.key, title: tpl.title[ctx.locale] })),
          leaveTo: returnToIn(ctx.url, HOME_PATH),
        }),
      ),
  },
  {
    method: 'POST',
    path: '/language',
    permission: 'public',
    handler: async (ctx) => {
      const form = await ctx.form();
      const locale: Locale = form.get('locale') === 'en' ? 'en' : 'da';
      ctx.setCookie('eo_lang', locale, { maxAgeSeconds: 365 * 24 * 3600, httpOnly: false });
      await rememberLocale(ctx.deps, ctx.actor, locale);
      return redirect(safeReturnTo(form.get('returnTo'), '/'));
    },
  },
  {
    method: 'GET',
    path: '/account',
    permission: 'signedIn',
    handler: async (ctx) => ok(accountPage(ctx, await accountOverview(ctx.deps, ctx.actor), accountNotice(ctx))),
  },
  {
    method: 'GET',
    path: '/account/name',
    permission: 'citizen',
    // The name was read with the session for this request: the account overview's other queries are not needed.
    handler: async (ctx) => ok(chosenNamePage(ctx, { value: ctx.actor.kind === 'user' ? ctx.actor.chosenName : '' })),
  },
  route({
    method: 'POST',
    path: '/account/name',
    permission: 'citizen',
    input: formInput(chosenNameForm),
    // What was typed stays in the field, with what is wrong with it.
    invalid: async (ctx, failure) => ok(chosenNamePage(ctx, { value: String(failure.values.chosenName ?? ''), error: failure.errors.chosenName }), 400),
    handler: async (ctx) => {
      await changeChosenName(ctx.deps, ctx.actor, ctx.input.chosenName);
      return redirect('/account?nameChanged=1');
    },
  }),
  {
    method: 'POST',
    path: '/account/sign-out-everywhere',
    permission: 'signedIn',
    handler: async (ctx) => {
      await signOutEverywhere(ctx.deps, ctx.actor);
      clearSessionCookie(ctx);
      return redirect('/sign-in?signedOut=1');
    },
  },
  {
    method: 'GET',
    path: '/account/second-factor',
    permission: 'factorEnrolment',
    handler: async (ctx) => ok(await enrolPage(ctx)),
  },
  route({
    method: 'POST',
    path: '/account/second-factor',
    permission: 'factorEnrolment',
    input: formInput(z.object({ code: formText(z.string().max(20, 'errors.badRequest')) })),
    handler: async (ctx) => {
      if (await confirmTotpEnrolment(ctx.deps, ctx.actor, ctx.input.code)) return redirect('/account?secondFactorOn=1');
      return ok(await enrolPage(ctx, true), 400);
    },
  }),
  {
    method: 'GET',
    path: '/invitation/:token',
    permission: 'public',
    sample: { token: 'x'.repeat(43) },
    handler: async (ctx) => {
      const invitation = await findInvitation(ctx.deps, ctx.params.token!);
      if (!invitation) return invalidInvitation(ctx);
      return ok(invitationPage(ctx, { token: ctx.params.token!, organisationName: invitation.organisation_name, role: ctx.t.roles[invitation.role] }));
    },
  },
  {
    method: 'POST',
    path: '/invitation/:token',
    permission: 'public',
    sample: { token: 'x'.repeat(43) },
    handler: async (ctx) => {
      const form = await ctx.form();
      const token = ctx.params.token!;
      const values = { username: form.string('username'), chosenName: form.string('chosenName') };
      const result = await acceptInvitation(ctx.deps, { token, ...values, password: form.string('password'), locale: ctx.locale, ip: ctx.ip }, (k) =>
        accountFieldText(ctx.t, k),
      );
      if (result.ok) {
        setSessionCookie(ctx, result.token);
        // Invited with their identity at the organisation's login: sign in there now, no app code needed.
        return redirect(result.linkedOrganisationId ? `/sign-in/organisation/${result.linkedOrganisationId}` : '/account/second-factor');
      }
      if ('invalid' in result) return invalidInvitation(ctx);
      const invitation = await findInvitation(ctx.deps, token);
      if (!invitation) return invalidInvitation(ctx);
      return ok(
        invitationPage(ctx, { token, organisationName: invitation.organisation_name, role: ctx.t.roles[invitation.role], values, errors: result.errors }),
        400,
      );
    },
  },
];

async function enrolPage(ctx: RequestContext, failed = false) {
  const enrolment = await beginTotpEnrolment(ctx.deps, ctx.actor);
  if (enrolment.confirm) return totpEnrolPage(ctx, { confirm: enrolment.confirm });
  const account = ctx.actor.kind === 'user' ? ctx.actor.username : '';
  return totpEnrolPage(ctx, {
    confirm: null,
    secretBase32: base32(enrolment.secret),
    qrSvg: await qrSvg(otpauthUri(enrolment.secret, account), ctx.t.totp.secret),
    failed,
    required: needsSecondFactor(ctx.actor),
    replacing: enrolment.replacing,
    removable: enrolment.removable,
    resetAt: enrolment.resetAt,
  });
}

function accountNotice(ctx: RequestContext): string | undefined {
  const q = ctx.url.searchParams;
  if (q.has('nameChanged')) return ctx.t.account.nameChanged;
  if (q.has('secondFactorOn')) return ctx.t.totp.done;
  if (q.has('passwordChanged')) return ctx.t.account.passwordChanged;
  if (q.has('secondFactorRemoved')) return ctx.t.account.secondFactorRemoved;
  return undefined;
}

function invalidInvitation(ctx: RequestContext) {
  // One answer for unknown, used and expired tokens: the page tells nothing about which.
  return { status: 404, body: invitationInvalidPage(ctx) };
}
