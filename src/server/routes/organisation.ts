import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { isUuid, publicOrigin } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { HttpError } from '../http/body.ts';
import { checkbox, formInput, formText, uuid, type InputFailure } from '../http/input.ts';
import { organisationKinds } from '../../domain/organisations/kinds.ts';
import { addSite, createOrganisation, inviteStaff, listAllOrganisations, managedOrganisations, organisationOverview } from '../services/organisations.ts';
import { adminPage, adminUsersPage, chooseOrganisationPage, organisationPage } from '../views/pages/organisation.ts';
import { disableAccount, enableAccount, findUsers } from '../services/users-admin.ts';

function orgIdParam(value: string | undefined): string {
  if (!value || !isUuid(value)) throw new HttpError(404, 'notFound');
  return value;
}

const invitationSchema = z.object({
  role: z.enum(['peer', 'professional', 'coordinator']),
  siteId: z.union([uuid, z.literal('')]).transform((v) => (v === '' ? null : v)),
  volunteer: checkbox,
  identity: z
    .string()
    .trim()
    .max(320)
    .optional()
    .transform((v) => v || null),
});

// A name left empty is asked for by name; one over the limit is told the limit.
const newOrganisationSchema = z.object({
  name: formText(z.string().trim().min(1, 'admin.nameMissing').max(200)),
  kind: z.enum(organisationKinds, 'admin.kindMissing'),
});

const siteSchema = z.object({
  name: formText(z.string().trim().min(1, 'organisation.siteNameMissing').max(200)),
});

/** The organisation page again with the form's messages; the organisation check comes first. */
async function overviewWithErrors(ctx: RequestContext, failure: InputFailure) {
  const overview = await organisationOverview(ctx.deps, ctx.actor, orgIdParam(ctx.params.orgId));
  if (!overview) throw new HttpError(404, 'notFound');
  return { status: 400, body: organisationPage(ctx, overview, { errors: failure.errors }) };
}

export const organisationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/organisation',
    permission: 'coordinator',
    handler: async (ctx) => {
      const orgs = await managedOrganisations(ctx.deps, ctx.actor);
      if (orgs.length === 1) return redirect(`/organisation/${orgs[0]!.id}`);
      return { status: 200, body: chooseOrganisationPage(ctx, orgs) };
    },
  },
  {
    method: 'GET',
    path: '/organisation/:orgId',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const overview = await organisationOverview(ctx.deps, ctx.actor, orgIdParam(ctx.params.orgId));
      if (!overview) throw new HttpError(404, 'notFound');
      return { status: 200, body: organisationPage(ctx, overview) };
    },
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/sites',
    permission: 'organisationManager',
    input: formInput(siteSchema),
    invalid: overviewWithErrors,
    handler: async (ctx) => {
      const orgId = orgIdParam(ctx.params.orgId);
      await addSite(ctx.deps, ctx.actor, orgId, ctx.input.name);
      return redirect(`/organisation/${orgId}`);
    },
  }),
  route({
    method: 'POST',
    path: '/organisation/:orgId/invitations',
    permission: 'organisationManager',
    input: formInput(invitationSchema),
    invalid: overviewWithErrors,
    handler: async (ctx) => {
      const orgId = orgIdParam(ctx.params.orgId);
      const token = await inviteStaff(ctx.deps, ctx.actor, orgId, ctx.input);
      const overview = await organisationOverview(ctx.deps, ctx.actor, orgId);
      if (!overview) throw new HttpError(404, 'notFound');
      if (token === 'badSite') return { status: 400, body: organisationPage(ctx, overview, { errors: { siteId: ctx.t.errors.badRequest } }) };
      const origin = publicOrigin(ctx);
      return { status: 200, body: organisationPage(ctx, overview, { inviteLink: `${origin}/invitation/${token}` }) };
    },
  }),
  {
    method: 'GET',
    path: '/admin',
    permission: 'admin',
    handler: async (ctx) => ({ status: 200, body: adminPage(ctx, await listAllOrganisations(ctx.deps, ctx.actor)) }),
  },
  route({
    method: 'POST',
    path: '/admin/organisations',
    permission: 'admin',
    input: formInput(newOrganisationSchema),
    invalid: async (ctx, failure) => ({ status: 400, body: adminPage(ctx, await listAllOrganisations(ctx.deps, ctx.actor), failure.errors) }),
    handler: async (ctx) => {
      const org = await createOrganisation(ctx.deps, ctx.actor, ctx.input);
      return redirect(`/organisation/${org.id}`);
    },
  }),
];

organisationRoutes.push(
  {
    method: 'GET',
    path: '/admin/users',
    permission: 'admin',
    handler: async (ctx) => {
      const q = ctx.url.searchParams.get('q') ?? '';
      return { status: 200, body: adminUsersPage(ctx, q, await findUsers(ctx.deps, ctx.actor, q), ctx.url.searchParams.has('done')) };
    },
  },
  {
    method: 'POST',
    path: '/admin/users/:userId/disable',
    permission: 'admin',
    handler: async (ctx) => {
      const id = ctx.params.userId!;
      if (!isUuid(id)) throw new HttpError(404, 'notFound');
      const form = await ctx.form();
      if (form.get('enable') === '1') await enableAccount(ctx.deps, ctx.actor, id);
      else await disableAccount(ctx.deps, ctx.actor, id);
      return redirect(`/admin/users?q=${encodeURIComponent(form.string('q'))}&done=1`);
    },
  },
);
