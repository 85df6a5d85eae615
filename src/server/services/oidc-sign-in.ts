import crypto from 'node:crypto';
import * as oidc from 'openid-client';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { OidcFlowPurpose, UserKind } from '../db/schema.ts';
import { authorize, can } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { hashToken, newToken, safeEqual } from '../crypto/tokens.ts';
import { verifyPassword } from '../crypto/passwords.ts';
import { findUserById } from '../repositories/users.ts';
import { hasPasskey } from '../repositories/passkeys.ts';
import { deleteSession } from '../repositories/sessions.ts';
import {
  citizenIdentityLinkedAt,
  findCitizenIdentity,
  findStaffIdentity,
  insertOidcFlow,
  linkCitizenIdentity,
  linkStaffIdentity,
  staffProvidersOf,
  takeOidcFlow,
  unlinkCitizenIdentity,
  unlinkStaffIdentity,
} from '../repositories/identity-providers.ts';
import { identityFrom, isLoopbackIssuer, providerCheckedSecondFactor, scopesFor } from '../../domain/identity/oidc.ts';
import { errorSummaryForLog } from '../observability/logger.ts';
import { CALLBACK_PATH, citizenBroker, identityHash, organisationProvider, type ProviderAccess } from './identity-providers.ts';
import { consume } from './rate-limit.ts';
import { startSession } from './sessions.ts';
import { useCase } from './use-case.ts';
import { setBounded } from '../../domain/collections/bounded-map.ts';

// Signing in at an OpenID provider: the authorization code flow with PKCE, state and nonce
// (openid-client). Each round trip is a one-time flow row bound to the browser by a cookie; it
// is taken out before the code is exchanged, so a replayed callback finds nothing. Accounts are
// only ever found, never made: staff by a link to their organisation's provider (made by an
// invitation or by themselves), citizens by a link they made from their account.

const FLOW_MINUTES = 10;

/** Where a provider sends the person back; `origin` is the app's own (PUBLIC_ORIGIN or the Host used). */
function redirectUri(origin: string): string {
  return `${origin}${CALLBACK_PATH}`;
}

const configurations = new Map<string, { config: oidc.Configuration; until: number }>();

/** The provider's discovered settings, kept a while: sign-in should not wait on discovery each time. */
async function configurationFor(provider: ProviderAccess): Promise<oidc.Configuration | undefined> {
  const key = crypto.createHash('sha256').update([provider.issuer, provider.clientId, provider.clientSecret].join('\u0000')).digest('hex');
  const cached = configurations.get(key);
  if (cached && cached.until > performance.now()) return cached.config;
  try {
    const config = await oidc.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, {
      // Plain HTTP only to a provider on this machine (tests, development); issuerAllowed refuses it elsewhere.
      execute: isLoopbackIssuer(provider.issuer) ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    });
    setBounded(configurations, key, { config, until: performance.now() + 15 * 60_000 }, 100);
    return config;
  } catch {
    return undefined;
  }
}

export type FlowTarget = { kind: 'staff'; organisationId: string } | { kind: 'citizen' };

function providerFor(deps: AppDeps, target: FlowTarget): Promise<ProviderAccess | undefined> | ProviderAccess | undefined {
  return target.kind === 'staff' ? organisationProvider(deps, target.organisationId) : citizenBroker(deps);
}

export type FlowStart = { ok: true; cookieToken: string; location: string } | { ok: false; problem: 'unavailable' };

async function begin(deps: AppDeps, provider: ProviderAccess, purpose: OidcFlowPurpose, userId: string | null, origin: string): Promise<FlowStart> {
  const config = await configurationFor(provider);
  if (!config) return { ok: false, problem: 'unavailable' };
  const cookieToken = newToken();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const location = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(origin),
    scope: scopesFor(provider.matchClaim),
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    // Ask for the level that counts as a second factor, so the provider can step up to it.
    ...(provider.secondFactor.acr ? { acr_values: provider.secondFactor.acr } : {}),
  });
  const now = deps.now();
  await insertOidcFlow(deps.db, {
    id: hashToken(cookieToken),
    purpose,
    organisationId: provider.organisationId,
    userId,
    state,
    nonce,
    codeVerifier,
    expiresAt: new Date(now.getTime() + FLOW_MINUTES * 60_000),
    now,
  });
  return { ok: true, cookieToken, location: location.href };
}

/** Sends a visitor to sign in at their organisation's provider, or the citizens' broker. */
export async function startSignIn(deps: AppDeps, target: FlowTarget, ip: string, origin: string): Promise<FlowStart> {
  await consume(deps, 'oidc-address', ip, deps.config.LOGIN_LIMIT_PER_ADDRESS, 10);
  const provider = await providerFor(deps, target);
  if (!provider) throw new NotFound();
  return begin(deps, provider, target.kind === 'staff' ? 'staff-sign-in' : 'citizen-sign-in', null, origin);
}

export type LinkStart = FlowStart | { ok: false; problem: 'password' | 'noPassword' };

/**
 * Links the signed-in person's identity at a provider, after they typed their password again:
 * a stolen session alone must not add a way into the account.
 */
export async function startLink(deps: AppDeps, actor: Actor, target: FlowTarget, password: string, origin: string): Promise<LinkStart> {
  if (target.kind === 'staff') authorize(actor, 'identityProvider.link', { organisationId: target.organisationId });
  else authorize(actor, 'citizen.act');
  const provider = await providerFor(deps, target);
  if (!provider) throw new NotFound();
  // An empty field is not a wrong password: nothing is tried, and nothing counted.
  if (!password) return { ok: false, problem: 'noPassword' };
  await consume(deps, 'reauth-user', actor.id, deps.config.LOGIN_LIMIT_PER_NAME, 15);
  const user = await findUserById(deps.db, actor.id);
  if (!user || password.length > 200 || !(await verifyPassword(user.password_hash, password))) return { ok: false, problem: 'password' };
  return begin(deps, provider, target.kind === 'staff' ? 'staff-link' : 'citizen-link', actor.id, origin);
}

export type FlowProblem = 'expired' | 'cancelled' | 'wrongState' | 'rejected' | 'unverified' | 'unknown' | 'unlinked' | 'taken' | 'unavailable' | 'signedOut';

export type FlowOutcome =
  | { ok: true; kind: 'signedIn'; token: string; next: 'home' | 'code'; accountKind: UserKind }
  | { ok: true; kind: 'linked' }
  | { ok: false; problem: FlowProblem };

/**
 * The provider sent the person back. `callbackUrl` is the full address it sent them to (the
 * code, state and issuer are read from it). The flow is taken out first: whatever happens
 * next, this round trip cannot be finished twice.
 */
export async function finishFlow(deps: AppDeps, actor: Actor, cookieToken: string | undefined, callbackUrl: URL): Promise<FlowOutcome> {
  if (!cookieToken || cookieToken.length > 100) return { ok: false, problem: 'expired' };
  const flow = await takeOidcFlow(deps.db, hashToken(cookieToken));
  if (!flow || flow.expires_at <= deps.now()) return { ok: false, problem: 'expired' };
  if (callbackUrl.searchParams.has('error')) return { ok: false, problem: 'cancelled' };
  if (!safeEqual(callbackUrl.searchParams.get('state') ?? '', flow.state)) return { ok: false, problem: 'wrongState' };

  const staff = flow.purpose === 'staff-sign-in' || flow.purpose === 'staff-link';
  const provider = staff ? (flow.organisation_id ? await organisationProvider(deps, flow.organisation_id) : undefined) : citizenBroker(deps);
  if (!provider) return { ok: false, problem: 'unavailable' };
  const config = await configurationFor(provider);
  if (!config) return { ok: false, problem: 'unavailable' };

  let claims: Record<string, unknown>;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.code_verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    claims = { ...tokens.claims() };
    // Many providers put e-mail and user names only in userinfo, not in the ID token.
    if (provider.matchClaim !== 'sub' && claims[provider.matchClaim] === undefined && config.serverMetadata().userinfo_endpoint) {
      claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub))), ...claims };
    }
  } catch (error) {
    // A code used before, a wrong signature or audience, a provider that went away: no session.
    deps.logger.warn({ error: errorSummaryForLog(error) }, 'an identity provider refused or failed a sign-in');
    return { ok: false, problem: 'rejected' };
  }

  let value: string;
  if (provider.matchClaim === 'sub') {
    if (typeof claims.sub !== 'string' || !claims.sub) return { ok: false, problem: 'rejected' };
    value = claims.sub;
  } else {
    const identity = identityFrom(claims, provider.matchClaim);
    if (!identity.ok) return { ok: false, problem: identity.reason === 'unverified' ? 'unverified' : 'unknown' };
    value = identity.value;
  }
  const hash = await identityHash(deps, provider, value);
  const factorFromProvider = providerCheckedSecondFactor(claims, provider.secondFactor);

  switch (flow.purpose) {
    case 'staff-sign-in': {
      const user = await findStaffIdentity(deps.db, provider.organisationId!, hash);
      if (!user || user.disabled_at || user.kind !== 'staff' || !user.is_member) return { ok: false, problem: 'unknown' };
      const needsCode = !factorFromProvider && (user.totp_secret !== null || (await hasPasskey(deps.db, user.id)));
      return signedIn(deps, actor, user.id, 'staff', needsCode, factorFromProvider);
    }
    case 'citizen-sign-in': {
      const user = await findCitizenIdentity(deps.db, provider.issuer, hash);
      if (!user || user.disabled_at || user.kind !== 'citizen') return { ok: false, problem: 'unlinked' };
      return signedIn(deps, actor, user.id, 'citizen', !factorFromProvider && user.totp_secret !== null, factorFromProvider);
    }
    case 'staff-link':
    case 'citizen-link': {
      // The person who typed their password must still be the one signed in here.
      if (actor.kind !== 'user' || actor.id !== flow.user_id || !can(actor, 'account.use')) return { ok: false, problem: 'signedOut' };
      const linked = await useCase(deps, actor, 'account.identity_link', async ({ tx, audit }) => {
        const done =
          flow.purpose === 'staff-link'
            ? await linkStaffIdentity(tx, { organisationId: provider.organisationId!, identityHash: hash, userId: actor.id })
            : await linkCitizenIdentity(tx, { issuer: provider.issuer, subjectHash: hash, userId: actor.id });
        // A citizen sees it in their log; staff links are about an organisation.
        if (provider.organisationId) await audit('account.identity_link', null, { type: 'organisation', id: provider.organisationId });
        else await audit('account.identity_link', actor.id);
        return done;
      });
      return linked ? { ok: true, kind: 'linked' } : { ok: false, problem: 'taken' };
    }
  }
}

async function signedIn(
  deps: AppDeps,
  actor: Actor,
  userId: string,
  accountKind: UserKind,
  needsCode: boolean,
  factorFromProvider: boolean,
): Promise<FlowOutcome> {
  // A new session on every sign-in; whoever was signed in in this browser before is signed out.
  if (actor.kind === 'user') await deleteSession(deps.db, actor.sessionId);
  const token = await startSession(deps, userId, needsCode, { factorFromProvider });
  return { ok: true, kind: 'signedIn', token, next: needsCode ? 'code' : 'home', accountKind };
}

// ---------------------------------------------------------------------------------------------
// The account page's list of other ways to sign in.

export interface SignInMethods {
  organisations: { id: string; name: string; linkedAt: Date | null }[];
  /** The citizens' broker, for a citizen, when the installation has one. */
  broker: { name: string; linkedAt: Date | null } | null;
}

export async function signInMethods(deps: AppDeps, actor: Actor): Promise<SignInMethods> {
  authorize(actor, 'account.use');
  const broker = can(actor, 'citizen.act') ? citizenBroker(deps) : undefined;
  return {
    organisations: (await staffProvidersOf(deps.db, actor.id)).map((o) => ({ id: o.id, name: o.name, linkedAt: o.linked_at })),
    broker: broker ? { name: deps.config.CITIZEN_OIDC_NAME, linkedAt: await citizenIdentityLinkedAt(deps.db, broker.issuer, actor.id) } : null,
  };
}

/** Whether the account page should offer other ways to sign in. */
export async function hasOtherSignInMethods(deps: AppDeps, actor: Actor): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  if (can(actor, 'citizen.act') && citizenBroker(deps)) return true;
  return (await staffProvidersOf(deps.db, actor.id)).length > 0;
}

export async function unlink(deps: AppDeps, actor: Actor, target: FlowTarget): Promise<void> {
  if (target.kind === 'staff') authorize(actor, 'identityProvider.link', { organisationId: target.organisationId });
  else authorize(actor, 'citizen.act');
  const broker = target.kind === 'citizen' ? citizenBroker(deps) : undefined;
  if (target.kind === 'citizen' && !broker) throw new NotFound();
  await useCase(deps, actor, 'account.identity_unlink', async ({ tx, audit }) => {
    const removed =
      target.kind === 'staff' ? await unlinkStaffIdentity(tx, target.organisationId, actor.id) : await unlinkCitizenIdentity(tx, broker!.issuer, actor.id);
    if (!removed) throw new NotFound();
    if (target.kind === 'staff') await audit('account.identity_unlink', null, { type: 'organisation', id: target.organisationId });
    else await audit('account.identity_unlink', actor.id);
  });
}
