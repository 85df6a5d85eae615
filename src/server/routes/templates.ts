import type { Route } from '../http/types.ts';
import { isUuid, publicOrigin } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { NotFound } from '../errors.ts';
import { listOrganisationTemplates, saveOrganisationTemplate, templateForEditing } from '../services/templates.ts';
import { templateEditorPage, templateListPage } from '../views/pages/template-editor.ts';
import type { Errors } from '../views/components.ts';

// An organisation's own sheet templates. The route lets coordinators (and admins) in; the
// service checks that the organisation is theirs.

const templateKey = /^[a-z][a-zA-Z0-9-]{0,39}$/;

function idParam(value: string | null | undefined): string {
  if (!value || !isUuid(value)) throw new NotFound();
  return value;
}

export const templateRoutes: Route[] = [
  {
    method: 'GET',
    path: '/organisation/:orgId/templates',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const overview = await listOrganisationTemplates(ctx.deps, ctx.actor, idParam(ctx.params.orgId));
      const savedId = ctx.url.searchParams.get('saved');
      const saved = savedId ? overview.own.find((o) => o.id === savedId) : undefined;
      return { status: 200, body: templateListPage(ctx, overview, { origin: publicOrigin(ctx), ...(saved ? { saved: { version: saved.version } } : {}) }) };
    },
  },
  {
    method: 'GET',
    path: '/organisation/:orgId/templates/new',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx.params.orgId);
      const from = ctx.url.searchParams.get('from');
      const start = await templateForEditing(ctx.deps, ctx.actor, orgId, from ? idParam(from) : undefined, 'copy');
      return { status: 200, body: templateEditorPage(ctx, { start, form: start.form }) };
    },
  },
  {
    method: 'GET',
    path: '/organisation/:orgId/templates/:templateId/edit',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const start = await templateForEditing(ctx.deps, ctx.actor, idParam(ctx.params.orgId), idParam(ctx.params.templateId), 'edit');
      return { status: 200, body: templateEditorPage(ctx, { start, form: start.form }) };
    },
  },
  {
    method: 'POST',
    path: '/organisation/:orgId/templates',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx.params.orgId);
      const fields = await ctx.form();
      const key = fields.string('key').trim();
      if (key && !templateKey.test(key)) throw new NotFound();
      const form = fields.toRecord();
      const result = await saveOrganisationTemplate(ctx.deps, ctx.actor, orgId, key || null, form);
      if (result.ok) return redirect(`/organisation/${orgId}/templates?saved=${result.id}`);
      const errors: Errors = {};
      for (const [name, messages] of Object.entries(result.errors)) errors[name] = messages.map((m) => m[ctx.locale]).join(' ');
      // The page shows exactly what was typed, with each problem beside its input.
      const start = await templateForEditing(ctx.deps, ctx.actor, orgId);
      return { status: 400, body: templateEditorPage(ctx, { start: { organisation: start.organisation, key: key || null, basedOn: null }, form, errors }) };
    },
  },
];
