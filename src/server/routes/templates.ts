import { z } from 'zod';
import { route, type Route } from '../http/types.ts';
import { knownId, publicOrigin } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { formInput } from '../http/input.ts';
import { listOrganisationTemplates, saveOrganisationTemplate, templateForEditing } from '../services/templates.ts';
import { templateEditorPage, templateListPage } from '../views/pages/template-editor.ts';
import type { Errors } from '../views/components.ts';

// An organisation's own sheet templates. The route lets coordinators (and admins) in; the
// service checks that the organisation is theirs.

const TEMPLATE_KEY = /^[a-z][a-zA-Z0-9-]{0,39}$/;

// The editor's inputs are as many as the sheet has steps and fields, so the schema names only
// the hidden key; templateFromForm checks the rest and says where each problem is.
const templateForm = z
  .object({
    key: z
      .string()
      .trim()
      .refine((k) => k === '' || TEMPLATE_KEY.test(k), 'templates.keyInvalid')
      .default(''),
  })
  .catchall(z.union([z.string(), z.array(z.string())]));

export const templateRoutes: Route[] = [
  {
    method: 'GET',
    path: '/organisation/:orgId/templates',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const overview = await listOrganisationTemplates(ctx.deps, ctx.actor, knownId(ctx.params.orgId));
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
      const orgId = knownId(ctx.params.orgId);
      const from = ctx.url.searchParams.get('from');
      const start = await templateForEditing(ctx.deps, ctx.actor, orgId, from ? knownId(from) : undefined, 'copy');
      return { status: 200, body: templateEditorPage(ctx, { start, form: start.form }) };
    },
  },
  {
    method: 'GET',
    path: '/organisation/:orgId/templates/:templateId/edit',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const start = await templateForEditing(ctx.deps, ctx.actor, knownId(ctx.params.orgId), knownId(ctx.params.templateId), 'edit');
      return { status: 200, body: templateEditorPage(ctx, { start, form: start.form }) };
    },
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/templates',
    permission: 'organisationManager',
    input: formInput(templateForm),
    // A key that cannot be one was not sent by our page: show what was typed, to save as a new sheet.
    invalid: async (ctx, failure) => {
      const start = await templateForEditing(ctx.deps, ctx.actor, knownId(ctx.params.orgId));
      const { key: _unreadable, ...form } = failure.values;
      return {
        status: 400,
        body: templateEditorPage(ctx, { start: { organisation: start.organisation, key: null, basedOn: null }, form, errors: failure.errors }),
      };
    },
    handler: async (ctx) => {
      const orgId = knownId(ctx.params.orgId);
      const { key, ...form } = ctx.input;
      const result = await saveOrganisationTemplate(ctx.deps, ctx.actor, orgId, key || null, form);
      if (result.ok) return redirect(`/organisation/${orgId}/templates?saved=${result.id}`);
      const errors: Errors = {};
      for (const [name, messages] of Object.entries(result.errors)) errors[name] = messages.map((m) => m[ctx.locale]).join(' ');
      // The page shows exactly what was typed, with each problem beside its input.
      const start = await templateForEditing(ctx.deps, ctx.actor, orgId);
      return { status: 400, body: templateEditorPage(ctx, { start: { organisation: start.organisation, key: key || null, basedOn: null }, form, errors }) };
    },
  }),
];
