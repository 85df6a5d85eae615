import crypto from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Executor } from '../db/database.ts';
import { authorize } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { findOrganisation } from '../repositories/organisations.ts';
import { findSystemKey, insertSystemKeyIfMissing } from '../repositories/evaluation/keys.ts';
import {
  deleteIdentityProvider,
  findIdentityProvider,
  linkStaffIdentity,
  organisationsWithIdentityProvider,
  saveIdentityProvider,
} from '../repositories/identity-providers.ts';
import { normaliseIdentity, type MatchClaim, type SecondFactorRule } from '../../domain/identity/oidc.ts';
import { useCase } from './use-case.ts';

// An organisation's own identity provider (Entra ID, KOMBIT, a NemLog-in broker): configured by
// its coordinators or an administrator; the client secret is sealed and never shown again.
// Staff are matched to accounts that were invited here or linked by themselves — never made.

export const CALLBACK_PATH = '/sign-in/oidc/callback';

/** Everything needed to talk to one provider: an organisation's, or the citizens' broker. */
export interface ProviderAccess {
  organisationId: string | null;
  issuer: string;
  clientId: string;
  clientSecret: string;
  matchClaim: MatchClaim | 'sub';
  secondFactor: SecondFactorRule;
}

function secretPurpose(organisationId: string): string {
  return `oidc-client-secret:${organisationId}`;
}

export async function organisationProvider(deps: Pick<AppDeps, 'db' | 'keyring'>, organisationId: string): Promise<ProviderAccess | undefined> {
  const row = await findIdentityProvider(deps.db, organisationId);
  if (!row) return undefined;
  return {
    organisationId,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecret: deps.keyring.openText(row.data_key, row.client_secret, secretPurpose(organisationId)),
    matchClaim: row.match_claim,
    secondFactor: { fromAmr: row.mfa_from_amr, acr: row.mfa_acr },
  };
}

/** The installation's broker for citizens (MitID), when its settings are given. */
export function citizenBroker(deps: Pick<AppDeps, 'config'>): ProviderAccess | undefined {
  const c = deps.config;
  if (!c.CITIZEN_OIDC_ISSUER || !c.CITIZEN_OIDC_CLIENT_ID || !c.CITIZEN_OIDC_CLIENT_SECRET) return undefined;
  return {
    organisationId: null,
    issuer: c.CITIZEN_OIDC_ISSUER,
    clientId: c.CITIZEN_OIDC_CLIENT_ID,
    clientSecret: c.CITIZEN_OIDC_CLIENT_SECRET,
    matchClaim: 'sub',
    secondFactor: { fromAmr: true, acr: c.CITIZEN_OIDC_MFA_ACR ?? null },
  };
}

// ---------------------------------------------------------------------------------------------
// Keyed hashes: identities are compared, never read back, so only an HMAC of them is stored,
// under a key that only the installation key unwraps (a copy of the database cannot be searched
// for a known e-mail address or MitID subject).

let identityKey: { db: unknown; key: Buffer } | undefined;

async function identityHashKey(deps: Pick<AppDeps, 'db' | 'keyring'>): Promise<Buffer> {
  if (identityKey?.db === deps.db) return identityKey.key;
  let row = await findSystemKey(deps.db, 'identity');
  if (!row) {
    await insertSystemKeyIfMissing(deps.db, 'identity', deps.keyring.newWrappedDataKey());
    row = await findSystemKey(deps.db, 'identity');
    if (!row) throw new Error('the identity key was not stored');
  }
  const key = Buffer.from(crypto.hkdfSync('sha256', deps.keyring.unwrap(row.wrapped_key), '', 'identity-hash', 32));
  identityKey = { db: deps.db, key };
  return key;
}

/** The stored form of an identity at a provider: the issuer and claim are part of it, so a
 * provider that is replaced or matches on another claim matches no old link. */
export async function identityHash(deps: Pick<AppDeps, 'db' | 'keyring'>, provider: ProviderAccess, value: string): Promise<string> {
  const parts = [provider.organisationId ? 'staff' : 'citizen', provider.organisationId ?? '', provider.issuer, provider.matchClaim, value];
  return crypto
    .createHmac('sha256', await identityHashKey(deps))
    .update(parts.join('\u0000'))
    .digest('hex');
}

// ---------------------------------------------------------------------------------------------
// The organisation's settings page.

export interface ProviderSettings {
  organisation: { id: string; name: string };
  /** The address to register at the provider. */
  redirectUri: string;
  configured: { issuer: string; clientId: string; matchClaim: MatchClaim; mfaFromAmr: boolean; mfaAcr: string | null } | null;
}

export async function providerSettings(deps: AppDeps, actor: Actor, organisationId: string, origin: string): Promise<ProviderSettings> {
  authorize(actor, 'identityProvider.configure', { organisationId });
  const organisation = await findOrganisation(deps.db, organisationId);
  if (!organisation) throw new NotFound();
  const row = await findIdentityProvider(deps.db, organisationId);
  return {
    organisation: { id: organisation.id, name: organisation.name },
    redirectUri: `${origin}${CALLBACK_PATH}`,
    configured: row ? { issuer: row.issuer, clientId: row.client_id, matchClaim: row.match_claim, mfaFromAmr: row.mfa_from_amr, mfaAcr: row.mfa_acr } : null,
  };
}

/** The organisation's login as the settings form sends it (routes/identity.ts checks it). */
export interface ProviderSettingsInput {
  issuer: string;
  clientId: string;
  /** Empty keeps the saved secret; the first save needs one. */
  clientSecret: string;
  matchClaim: MatchClaim;
  mfaFromAmr: boolean;
  mfaAcr: string | null;
}

/** Saves the organisation's provider; 'secretMissing' when there is no secret to keep. */
export async function saveProvider(deps: AppDeps, actor: Actor, organisationId: string, input: ProviderSettingsInput): Promise<'saved' | 'secretMissing'> {
  authorize(actor, 'identityProvider.configure', { organisationId });
  if (!(await findOrganisation(deps.db, organisationId))) throw new NotFound();
  const existing = await findIdentityProvider(deps.db, organisationId);
  if (!input.clientSecret && !existing) return 'secretMissing';
  const dataKey = existing?.data_key ?? deps.keyring.newWrappedDataKey();
  const clientSecret = input.clientSecret ? deps.keyring.sealText(dataKey, input.clientSecret, secretPurpose(organisationId)) : existing!.client_secret;
  await useCase(deps, actor, 'identityProvider.save', async ({ tx, now, audit }) => {
    await saveIdentityProvider(tx, {
      organisationId,
      issuer: input.issuer,
      clientId: input.clientId,
      dataKey,
      clientSecret,
      matchClaim: input.matchClaim,
      mfaFromAmr: input.mfaFromAmr,
      mfaAcr: input.mfaAcr,
      now,
    });
    await audit('organisation.identity_provider_save', null, { type: 'organisation', id: organisationId });
  });
  return 'saved';
}

export async function removeProvider(deps: AppDeps, actor: Actor, organisationId: string): Promise<void> {
  authorize(actor, 'identityProvider.configure', { organisationId });
  await useCase(deps, actor, 'identityProvider.remove', async ({ tx, audit }) => {
    if (!(await deleteIdentityProvider(tx, organisationId))) throw new NotFound();
    await audit('organisation.identity_provider_remove', null, { type: 'organisation', id: organisationId });
  });
}

// ---------------------------------------------------------------------------------------------
// Invitations that name the invitee's identity at the provider.

/** What an invitation form asks for, when the organisation has a provider. */
export async function invitationIdentityClaim(deps: AppDeps, organisationId: string): Promise<MatchClaim | null> {
  return (await findIdentityProvider(deps.db, organisationId))?.match_claim ?? null;
}

/** The hash to store on an invitation for the identity a coordinator typed; null without one. */
export async function invitationIdentityHash(deps: AppDeps, organisationId: string, typed: string | null): Promise<string | null> {
  if (!typed) return null;
  const provider = await organisationProvider(deps, organisationId);
  return provider ? identityHash(deps, provider, normaliseIdentity(typed)) : null;
}

/** Accepting an invitation that named an identity links it to the new account. */
export async function linkInvitedIdentity(
  tx: Executor,
  invitation: { organisation_id: string; identity_hash: string | null },
  userId: string,
): Promise<boolean> {
  // The provider may have been removed since the invitation was made: then there is nothing to link to.
  if (!invitation.identity_hash || !(await findIdentityProvider(tx, invitation.organisation_id))) return false;
  return linkStaffIdentity(tx, { organisationId: invitation.organisation_id, identityHash: invitation.identity_hash, userId });
}

// ---------------------------------------------------------------------------------------------

export interface SignInChoices {
  organisations: { id: string; name: string }[];
  /** The broker's name (MitID) when citizens can sign in through it. */
  citizenBroker: string | null;
}

/** What the sign-in page offers besides the password. */
export async function signInChoices(deps: AppDeps): Promise<SignInChoices> {
  return {
    organisations: await organisationsWithIdentityProvider(deps.db),
    citizenBroker: citizenBroker(deps) ? deps.config.CITIZEN_OIDC_NAME : null,
  };
}
