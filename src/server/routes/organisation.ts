import type { Route } from '../http/types.ts';
import { isUuid } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { HttpError } from '../http/body.ts';
import { addSite, createOrganisation, invitationSchema, inviteStaff, listAllOrganisations, newOrganisationSchema, organisationOverview } from '../services/organisations.ts';
import { managedOrganisations } from '../policy/legacy.ts';
import { adminPage, adminUsersPage, chooseOrganisationPage, organisationPage } from '../views/pages/organisation.ts';
import { disableAccount, enableAccount, findUsers } from '../services/users-admin.ts';

function orgIdParam(value: string | undefined): string {
  if (!value || !isUuid(value)) throw new HttpError(404, 'notFound');
  return value;
}

export const organisationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/organisation',
    permission: 'coordinator',
    handler: async (ctx) => {
      const ids = managedOrganisations(ctx.actor);
      if (ids.length === 1) return redirect(`/organisation/${ids[0]}`);
      const orgs = ctx.actor.kind === 'user' ? ctx.actor.memberships.filter((m) => m.role === 'coordinator').map((m) => ({ id: m.organisationId, name: m.organisationName })) : [];
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
  {
    method: 'POST',
    path: '/organisation/:orgId/sites',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = orgIdParam(ctx.params.orgId);
      const form = await ctx.form();
      const name = form.string('name').trim();
      if (!name || name.length > 200) {
        const overview = await organisationOverview(ctx.deps, ctx.actor, orgId);
        if (!overview) throw new HttpError(404, 'notFound');
        return { status: 400, body: organisationPage(ctx, overview, { errors: { name: ctx.t.form.required } }) };
      }
      await addSite(ctx.deps, ctx.actor, orgId, name);
      return redirect(`/organisation/${orgId}`);
    },
  },
  {
    method: 'POST',
    path: '/organisation/:orgId/invitations',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = orgIdParam(ctx.params.orgId);
      const form = await ctx.form();
      const parsed = invitationSchema.safeParse({ role: form.string('role'), siteId: form.string('siteId'), volunteer: form.has('volunteer') });
      if (!parsed.success) throw new HttpError(400, 'badRequest');
      const token = await inviteStaff(ctx.deps, ctx.actor, orgId, parsed.data);
      const overview = await organisationOverview(ctx.deps, ctx.actor, orgId);
      if (!overview) throw new HttpError(404, 'notFound');
      if (token === 'badSite') return { status: 400, body: organisationPage(ctx, overview, { errors: { siteId: ctx.t.errors.badRequest } }) };
      const origin = ctx.deps.config.PUBLIC_ORIGIN ?? `http://${ctx.headers.host ?? 'localhost'}`;
      return { status: 200, body: organisationPage(ctx, overview, { inviteLink: `${origin}/invitation/${token}` }) };
    },
  },
  {
    method: 'GET',
    path: '/admin',
    permission: 'admin',
    handler: async (ctx) => ({ status: 200, body: adminPage(ctx, await listAllOrganisations(ctx.deps, ctx.actor)) }),
  },
  {
    method: 'POST',
    path: '/admin/organisations',
    permission: 'admin',
    handler: async (ctx) => {
      const form = await ctx.form();
      const parsed = newOrganisationSchema.safeParse({ name: form.string('name'), kind: form.string('kind') });
      if (!parsed.success) return { status: 400, body: adminPage(ctx, await listAllOrganisations(ctx.deps, ctx.actor), { name: ctx.t.form.required }) };
      const org = await createOrganisation(ctx.deps, ctx.actor, parsed.data);
      return redirect(`/organisation/${org.id}`);
    },
  },
];

const userIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
      if (!userIdPattern.test(id)) throw new HttpError(404, 'notFound');
      const form = await ctx.form();
      if (form.get('enable') === '1') await enableAccount(ctx.deps, ctx.actor, id);
      else await disableAccount(ctx.deps, ctx.actor, id);
      return redirect(`/admin/users?q=${encodeURIComponent(form.string('q'))}&done=1`);
    },
  },
);
