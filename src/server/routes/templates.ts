import { z } from 'zod';
import { route, type Route } from '../http/types.ts';
import { knownId, publicOrigin } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { formInput } from '../http/input.ts';
import { listOrganisationTemplates, submitTemplateForm, templateForEditing } from '../services/templates.ts';
import { templateEditorPage, templateListPage, templatePreviewPage } from '../views/pages/template-editor.ts';
import type { Errors } from '../views/components.ts';
import { parseBuilderAction } from '../../domain/validation/builder-actions.ts';
import { TEMPLATE_BASES } from '../../domain/sheets/template-form.ts';

// An organisation's own sheet templates. The route lets coordinators (and admins) in; the
// service checks that the organisation is theirs.

const TEMPLATE_KEY = /^[a-z][a-zA-Z0-9-]{0,39}$/;

// The editor's inputs are as many as the sheet has steps and fields, so the schema names only
// the hidden key, the version the editing began from and the button pressed; templateFromForm
// checks the rest and says where each problem is. Every button posts the whole form, so the
// draft lives in the page and nothing typed is lost.
const templateForm = z
  .object({
    key: z
      .string()
      .trim()
      .refine((k) => k === '' || TEMPLATE_KEY.test(k), 'templates.keyInvalid')
      .default(''),
    baseVersion: z.string().default(''),
    action: z.string().optional(),
    _csrf: z.string().optional(),
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
      return { status: 200, body: templateEditorPage(ctx, { start, form: start.form, baseVersion: start.basedOn?.version }) };
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
      const { key: _unreadable, baseVersion: _base, action: _action, _csrf, ...form } = failure.values;
      return {
        status: 400,
        body: templateEditorPage(ctx, { start: { organisation: start.organisation, key: null, basedOn: null }, form, errors: failure.errors }),
      };
    },
    handler: async (ctx) => {
      const orgId = knownId(ctx.params.orgId);
      const { key, baseVersion: rawBase, action: rawAction, _csrf, ...form } = ctx.input;
      const baseVersion = /^\d{1,6}$/.test(rawBase) ? Number(rawBase) : null;
      const action = parseBuilderAction(rawAction, TEMPLATE_BASES);
      const { organisation } = await templateForEditing(ctx.deps, ctx.actor, orgId);
      const start = { organisation, key: key || null, basedOn: null };
      // A button this page never shows: the draft comes back exactly as it was sent.
      if (!action) return { status: 400, body: templateEditorPage(ctx, { start, form, baseVersion, unknownAction: true }) };
      const result = await submitTemplateForm(ctx.deps, ctx.actor, orgId, { key: key || null, baseVersion, form, action });
      if (result.kind === 'saved') return redirect(`/organisation/${orgId}/templates?saved=${result.id}`);
      if (result.kind === 'draft') return { status: 200, body: templateEditorPage(ctx, { start, form: result.form, baseVersion }) };
      if (result.kind === 'preview') return { status: 200, body: templatePreviewPage(ctx, { start, form: result.form, baseVersion }, result.template) };
      // After a conflict the page carries the newest version, so saving again is a choice, not an accident.
      if (result.kind === 'conflict')
        return { status: 409, body: templateEditorPage(ctx, { start, form: result.form, baseVersion: result.newest, conflict: true }) };
      const errors: Errors = {};
      for (const [name, messages] of Object.entries(result.errors)) errors[name] = messages.map((m) => m[ctx.locale]).join(' ');
      // The page shows exactly what was typed, with each problem beside its input.
      return { status: 400, body: templateEditorPage(ctx, { start, form: result.form, baseVersion, errors }) };
    },
  }),
];
