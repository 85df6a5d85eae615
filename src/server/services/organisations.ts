import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { requireAdmin, requireOrganisationManager } from '../policy/legacy.ts';
import { newToken, hashToken } from '../crypto/tokens.ts';
import {
  findOrganisation,
  insertInvitation,
  insertOrganisation,
  insertSite,
  listOrganisations,
  membersOf,
  openInvitationsOf,
  sitesOf,
  type OrganisationKind,
} from '../repositories/organisations.ts';
import { audit } from './audit.ts';

export const organisationKinds = ['region', 'municipality', 'volunteer_centre', 'network', 'other'] as const;

export const newOrganisationSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(organisationKinds),
});

export async function createOrganisation(deps: AppDeps, actor: Actor, input: { name: string; kind: OrganisationKind }) {
  requireAdmin(actor);
  const org = await insertOrganisation(deps.db, input);
  await audit(deps.db, actor, 'organisation.create', null, { type: 'organisation', id: org.id });
  return org;
}

export async function listAllOrganisations(deps: AppDeps, actor: Actor) {
  requireAdmin(actor);
  return listOrganisations(deps.db);
}

export async function organisationOverview(deps: AppDeps, actor: Actor, organisationId: string) {
  requireOrganisationManager(actor, organisationId);
  const organisation = await findOrganisation(deps.db, organisationId);
  if (!organisation) return undefined;
  const [sites, members, invitations] = await Promise.all([
    sitesOf(deps.db, organisationId),
    membersOf(deps.db, organisationId),
    openInvitationsOf(deps.db, organisationId, deps.now()),
  ]);
  return { organisation, sites, members, invitations };
}

export async function addSite(deps: AppDeps, actor: Actor, organisationId: string, name: string) {
  requireOrganisationManager(actor, organisationId);
  const site = await insertSite(deps.db, organisationId, name);
  await audit(deps.db, actor, 'site.create', null, { type: 'site', id: site.id });
  return site;
}

export const invitationSchema = z.object({
  role: z.enum(['peer', 'professional', 'coordinator']),
  siteId: z.union([z.uuid(), z.literal('')]).transform((v) => (v === '' ? null : v)),
  volunteer: z.boolean(),
});

/** Returns the one-time token; only its hash is stored. */
export async function inviteStaff(deps: AppDeps, actor: Actor, organisationId: string, input: z.infer<typeof invitationSchema>): Promise<string | 'badSite'> {
  requireOrganisationManager(actor, organisationId);
  if (input.siteId) {
    const sites = await sitesOf(deps.db, organisationId);
    if (!sites.some((s) => s.id === input.siteId)) return 'badSite';
  }
  const token = newToken();
  await insertInvitation(deps.db, {
    tokenHash: hashToken(token),
    organisationId,
    siteId: input.siteId,
    role: input.role,
    volunteer: input.volunteer,
    invitedBy: actor.id,
    expiresAt: new Date(deps.now().getTime() + 7 * 24 * 3600_000),
  });
  await audit(deps.db, actor, 'invitation.create', null, { type: 'organisation', id: organisationId });
  return token;
}
