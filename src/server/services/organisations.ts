import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Role } from '../db/schema.ts';
import { authorize, organisationsWhere } from '../policy/policy.ts';
import { newToken, hashToken } from '../crypto/tokens.ts';
import {
  findOrganisation,
  insertInvitation,
  insertOrganisation,
  insertSite,
  listOrganisations,
  membersOf,
  openInvitationsOf,
  organisationNames,
  sitesOf,
  type OrganisationKind,
} from '../repositories/organisations.ts';
import { useCase } from './use-case.ts';
import { invitationIdentityClaim, invitationIdentityHash } from './identity-providers.ts';
import type { MatchClaim } from '../../domain/identity/oidc.ts';

export interface OrganisationListing {
  id: string;
  name: string;
  kind: OrganisationKind;
}

export async function createOrganisation(deps: AppDeps, actor: Actor, input: { name: string; kind: OrganisationKind }): Promise<OrganisationListing> {
  authorize(actor, 'installation.administer');
  return useCase(deps, actor, 'organisation.create', async ({ tx, audit }) => {
    const org = await insertOrganisation(tx, input);
    await audit('organisation.create', null, { type: 'organisation', id: org.id });
    return { id: org.id, name: org.name, kind: org.kind };
  });
}

export async function listAllOrganisations(deps: AppDeps, actor: Actor): Promise<OrganisationListing[]> {
  authorize(actor, 'installation.administer');
  return (await listOrganisations(deps.db)).map((o) => ({ id: o.id, name: o.name, kind: o.kind }));
}

/** The organisations the person coordinates, to choose one from. */
export async function managedOrganisations(deps: AppDeps, actor: Actor): Promise<{ id: string; name: string }[]> {
  authorize(actor, 'organisation.manageSome');
  return organisationNames(deps.db, organisationsWhere(actor, 'organisation.manage'));
}

export interface OrganisationOverview {
  organisation: { id: string; name: string };
  sites: { id: string; name: string }[];
  members: { userId: string; chosenName: string; role: Role; volunteer: boolean; siteName: string | null }[];
  invitations: { id: string; role: Role; expiresAt: Date }[];
  /** What an invitation may name of the invitee at the organisation's login; null without one. */
  identityClaim: MatchClaim | null;
}

export async function organisationOverview(deps: AppDeps, actor: Actor, organisationId: string): Promise<OrganisationOverview | undefined> {
  authorize(actor, 'organisation.manage', { organisationId });
  const organisation = await findOrganisation(deps.db, organisationId);
  if (!organisation) return undefined;
  const [sites, members, invitations, identityClaim] = await Promise.all([
    sitesOf(deps.db, organisationId),
    membersOf(deps.db, organisationId),
    openInvitationsOf(deps.db, organisationId, deps.now()),
    invitationIdentityClaim(deps, organisationId),
  ]);
  return {
    organisation: { id: organisation.id, name: organisation.name },
    sites: sites.map((s) => ({ id: s.id, name: s.name })),
    members: members.map((m) => ({ userId: m.user_id, chosenName: m.chosen_name, role: m.role, volunteer: m.volunteer, siteName: m.site_name })),
    invitations: invitations.map((i) => ({ id: i.id, role: i.role, expiresAt: i.expires_at })),
    identityClaim,
  };
}

export async function addSite(deps: AppDeps, actor: Actor, organisationId: string, name: string): Promise<{ id: string; name: string }> {
  authorize(actor, 'organisation.manage', { organisationId });
  return useCase(deps, actor, 'site.create', async ({ tx, audit }) => {
    const site = await insertSite(tx, organisationId, name);
    await audit('site.create', null, { type: 'site', id: site.id });
    return { id: site.id, name: site.name };
  });
}

interface InvitationInput {
  role: 'peer' | 'professional' | 'coordinator';
  siteId: string | null;
  volunteer: boolean;
  /** The invitee's e-mail, user name or object id at the organisation's login, when known. */
  identity?: string | null;
}

/** Returns the one-time token; only its hash is stored. */
export async function inviteStaff(deps: AppDeps, actor: Actor, organisationId: string, input: InvitationInput): Promise<string | 'badSite'> {
  authorize(actor, 'organisation.manage', { organisationId });
  if (input.siteId) {
    const sites = await sitesOf(deps.db, organisationId);
    if (!sites.some((s) => s.id === input.siteId)) return 'badSite';
  }
  const token = newToken();
  const identityHash = await invitationIdentityHash(deps, organisationId, input.identity ?? null);
  await useCase(deps, actor, 'invitation.create', async ({ tx, now, audit }) => {
    await insertInvitation(tx, {
      tokenHash: hashToken(token),
      organisationId,
      siteId: input.siteId,
      role: input.role,
      volunteer: input.volunteer,
      invitedBy: actor.id,
      expiresAt: new Date(now.getTime() + 7 * 24 * 3600_000),
      identityHash,
    });
    await audit('invitation.create', null, { type: 'organisation', id: organisationId });
  });
  return token;
}
