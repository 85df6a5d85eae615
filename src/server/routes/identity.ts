import { z } from 'zod';
import { route, type HttpResult, type RequestContext, type Route } from '../http/types.ts';
import { redirect } from '../http/app.ts';
import { RateLimited } from '../errors.ts';
import { cookieName } from '../http/cookies.ts';
import { checkbox, formInput, formText } from '../http/input.ts';
import { knownId, publicOrigin } from '../http/params.ts';
import { setSessionCookie } from '../http/session-cookie.ts';
import { CALLBACK_PATH, providerSettings, removeProvider, saveProvider, type ProviderSettingsInput } from '../services/identity-providers.ts';
import { issuerAllowed, matchClaims, type MatchClaim } from '../../domain/identity/oidc.ts';
import { finishFlow, signInMethods, startLink, startSignIn, unlink, type FlowProblem, type FlowStart, type FlowTarget } from '../services/oidc-sign-in.ts';
import { flowProblemPage, handoffPage, providerSettingsPage, signInMethodsPage } from '../views/pages/identity.ts';
import { signInWaitText } from '../views/pages/accounts.ts';
import { errorPage } from '../views/pages/errors.ts';
import { HOME_PATH } from './accounts.ts';

// Signing in with an organisation's own login or the citizens' broker (OpenID Connect), and the
// pages that set it up. The round trip's cookie lives ten minutes and only on the way there and back.

const FLOW_COOKIE = 'eo_oidc';

// A field left empty is asked for by name; one over its limit is told the limit (http/input.ts).
const providerSettingsSchema = z.object({
  issuer: formText(
    z
      .string()
      .trim()
      .min(1, 'identity.issuerMissing')
      .max(500)
      .refine(issuerAllowed, 'identity.issuerInvalid')
      .transform((v) => v.replace(/\/$/, '')),
  ),
  clientId: formText(z.string().trim().min(1, 'identity.clientIdMissing').max(200)),
  clientSecret: formText(z.string().max(500)),
  matchClaim: z.enum(matchClaims as [MatchClaim, ...MatchClaim[]], 'identity.matchClaimMissing'),
  mfaFromAmr: checkbox,
  mfaAcr: formText(z.string().trim().max(200)).transform((v) => v || null),
}) satisfies z.ZodType<ProviderSettingsInput>;

function flowCookie(ctx: RequestContext): string {
  return cookieName(FLOW_COOKIE, ctx.deps.config.COOKIE_SECURE);
}

const problemStatus: Record<FlowProblem, number> = {
  expired: 400,
  cancelled: 400,
  wrongState: 400,
  rejected: 400,
  taken: 400,
  unverified: 403,
  unknown: 403,
  unlinked: 403,
  signedOut: 403,
  unavailable: 503,
};

function problem(ctx: RequestContext, p: FlowProblem) {
  return { status: problemStatus[p], body: flowProblemPage(ctx, p) };
}

/**
 * Off to the provider, with the cookie that binds its answer to this browser (Lax, so that it
 * comes back with the provider's redirect, a top-level GET from another site). Not a redirect:
 * after a form (an invitation, a password) the browser's CSP `form-action 'self'` would stop a
 * redirect to another site. A Refresh is a navigation of its own, and the page has a button.
 */
function toProvider(ctx: RequestContext, start: FlowStart) {
  if (!start.ok) return problem(ctx, start.problem);
  ctx.setCookie(flowCookie(ctx), start.cookieToken, { maxAgeSeconds: 600, sameSite: 'Lax' });
  return { status: 200, headers: { refresh: `0;url=${start.location}` }, body: handoffPage(ctx, start.location) };
}

/**
 * Starting a sign-in is limited per network address (right or wrong): when it is used up, the
 * page says so and how many minutes to wait, as the password sign-in does.
 */
async function startSignInOrWait(ctx: RequestContext, target: FlowTarget): Promise<HttpResult> {
  try {
    return toProvider(ctx, await startSignIn(ctx.deps, target, ctx.ip, publicOrigin(ctx)));
  } catch (e) {
    if (!(e instanceof RateLimited)) throw e;
    return { status: 429, headers: { 'retry-after': String(e.retryAfterSeconds) }, body: errorPage(ctx, 'tooMany', signInWaitText(ctx, e)) };
  }
}

/** 'citizen' for the broker, or an organisation's id. */
const targetField = z.union([z.literal('citizen'), z.uuid()]);

function target(value: string): FlowTarget {
  return value === 'citizen' ? { kind: 'citizen' } : { kind: 'staff', organisationId: value };
}

async function settingsPage(ctx: RequestContext, extra: Parameters<typeof providerSettingsPage>[2] = {}) {
  const settings = await providerSettings(ctx.deps, ctx.actor, knownId(ctx.params.orgId), publicOrigin(ctx));
  return providerSettingsPage(ctx, settings, extra);
}

export const identityRoutes: Route[] = [
  {
    method: 'GET',
    path: '/organisation/:orgId/sign-in',
    permission: 'organisationManager',
    handler: async (ctx) => ({
      status: 200,
      body: await settingsPage(
        ctx,
        ctx.url.searchParams.has('saved') ? { info: ctx.t.identity.saved } : ctx.url.searchParams.has('removed') ? { info: ctx.t.identity.removed } : {},
      ),
    }),
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/sign-in',
    permission: 'organisationManager',
    input: formInput(providerSettingsSchema),
    invalid: async (ctx, failure) => ({ status: 400, body: await settingsPage(ctx, { values: failure.values, errors: failure.errors }) }),
    handler: async (ctx) => {
      const orgId = knownId(ctx.params.orgId);
      const result = await saveProvider(ctx.deps, ctx.actor, orgId, ctx.input);
      if (result === 'secretMissing') {
        const values = (await ctx.form()).toRecord();
        return { status: 400, body: await settingsPage(ctx, { values, errors: { clientSecret: ctx.t.identity.secretMissing } }) };
      }
      return redirect(`/organisation/${orgId}/sign-in?saved=1`);
    },
  }),
  {
    method: 'POST',
    path: '/organisation/:orgId/sign-in/delete',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = knownId(ctx.params.orgId);
      await removeProvider(ctx.deps, ctx.actor, orgId);
      return redirect(`/organisation/${orgId}/sign-in?removed=1`);
    },
  },
  {
    method: 'GET',
    path: '/sign-in/organisation/:orgId',
    permission: 'public',
    handler: async (ctx) => startSignInOrWait(ctx, { kind: 'staff', organisationId: knownId(ctx.params.orgId) }),
  },
  {
    method: 'GET',
    path: '/sign-in/broker',
    permission: 'public',
    handler: async (ctx) => startSignInOrWait(ctx, { kind: 'citizen' }),
  },
  {
    method: 'GET',
    path: CALLBACK_PATH,
    permission: 'public',
    handler: async (ctx) => {
      const cookie = ctx.cookies[flowCookie(ctx)];
      ctx.setCookie(flowCookie(ctx), '', { maxAgeSeconds: 0 });
      const outcome = await finishFlow(ctx.deps, ctx.actor, cookie, new URL(CALLBACK_PATH + ctx.url.search, publicOrigin(ctx)));
      if (!outcome.ok) return problem(ctx, outcome.problem);
      if (outcome.kind === 'linked') return redirect('/account/sign-in-methods?linked=1');
      setSessionCookie(ctx, outcome.token);
      if (outcome.next === 'code') return redirect('/sign-in/code');
      return redirect(HOME_PATH);
    },
  },
  {
    method: 'GET',
    path: '/account/sign-in-methods',
    permission: 'signedIn',
    handler: async (ctx) => {
      const info = ctx.url.searchParams.has('linked')
        ? ctx.t.identity.linkedInfo
        : ctx.url.searchParams.has('unlinked')
          ? ctx.t.identity.unlinkedInfo
          : undefined;
      return { status: 200, body: signInMethodsPage(ctx, await signInMethods(ctx.deps, ctx.actor), info ? { info } : {}) };
    },
  },
  route({
    method: 'POST',
    path: '/account/sign-in-methods/link',
    permission: 'signedIn',
    input: formInput(z.object({ target: targetField, password: z.string().max(200).optional().default('') })),
    handler: async (ctx) => {
      const start = await startLink(ctx.deps, ctx.actor, target(ctx.input.target), ctx.input.password, publicOrigin(ctx));
      if (start.ok) return toProvider(ctx, start);
      if (start.problem === 'password' || start.problem === 'noPassword')
        return {
          status: 400,
          body: signInMethodsPage(ctx, await signInMethods(ctx.deps, ctx.actor), {
            failedTarget: ctx.input.target,
            passwordMissing: start.problem === 'noPassword',
          }),
        };
      return problem(ctx, start.problem);
    },
  }),
  route({
    method: 'POST',
    path: '/account/sign-in-methods/unlink',
    permission: 'signedIn',
    input: formInput(z.object({ target: targetField })),
    handler: async (ctx) => {
      await unlink(ctx.deps, ctx.actor, target(ctx.input.target));
      return redirect('/account/sign-in-methods?unlinked=1');
    },
  }),
];
