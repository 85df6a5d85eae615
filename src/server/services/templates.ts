import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { findOrganisation } from '../repositories/organisations.ts';
import { findTemplateById, insertTemplate, nextTemplateVersion, templatesOfOrganisation } from '../repositories/templates.ts';
import { loadTemplate, newestTemplates } from './template-catalogue.ts';
import { useCase } from './use-case.ts';
import { builtinTemplates } from '../../domain/sheets/builtin-templates.ts';
import type { LocalizedText } from '../../domain/sheets/template-schema.ts';
import {
  applyTemplateAction,
  blankTemplateForm,
  templateFromForm,
  templateToForm,
  type PostedTemplateForm,
  type TemplateFormValues,
} from '../../domain/sheets/template-form.ts';
import type { SheetTemplate } from '../../domain/sheets/template-schema.ts';
import type { BuilderAction } from '../../domain/validation/builder-actions.ts';

// An organisation's own sheets. Templates never change once stored: saving makes a new version
// with the same key, and statements keep the version they were written with.

export interface OrganisationTemplateSummary {
  /** The newest version's id. */
  id: string;
  key: string;
  version: number;
  title: LocalizedText;
  savedAt: Date;
  earlierVersions: number;
}

export interface TemplateOverview {
  organisation: { id: string; name: string };
  own: OrganisationTemplateSummary[];
  builtins: { id: string; title: LocalizedText }[];
}

async function organisationOf(deps: AppDeps, organisationId: string): Promise<{ id: string; name: string }> {
  const org = await findOrganisation(deps.db, organisationId);
  if (!org) throw new NotFound();
  return { id: org.id, name: org.name };
}

export async function listOrganisationTemplates(deps: AppDeps, actor: Actor, organisationId: string): Promise<TemplateOverview> {
  authorize(actor, 'organisation.manage', { organisationId });
  const organisation = await organisationOf(deps, organisationId);
  const rows = await templatesOfOrganisation(deps.db, organisationId);
  const own: OrganisationTemplateSummary[] = [];
  for (const row of rows) {
    // Rows come newest version first within each key.
    const current = own.find((o) => o.key === row.key);
    if (current) {
      current.earlierVersions += 1;
      continue;
    }
    const { template } = await loadTemplate(deps.db, row.id);
    own.push({ id: row.id, key: row.key, version: row.version, title: template.title, savedAt: row.created_at, earlierVersions: 0 });
  }
  const builtins = (await newestTemplates(deps.db, [])).map((b) => ({ id: b.id, title: b.template.title }));
  return { organisation, own, builtins };
}

export interface TemplateEditorStart {
  organisation: { id: string; name: string };
  /** The key of the template being edited; null for a new template. */
  key: string | null;
  form: TemplateFormValues;
  basedOn: { title: LocalizedText; version: number; builtin: boolean } | null;
}

/**
 * What the editor starts from. Without a template: an empty sheet. With a built-in template (or
 * one of the organisation's own, in 'copy' mode): a new template filled in from it. In 'edit'
 * mode the template must be the organisation's own, and the editor starts from the newest
 * version of its key, so an edit never quietly undoes a later one.
 */
export async function templateForEditing(
  deps: AppDeps,
  actor: Actor,
  organisationId: string,
  fromTemplateId?: string,
  mode: 'copy' | 'edit' = 'copy',
): Promise<TemplateEditorStart> {
  authorize(actor, 'organisation.manage', { organisationId });
  const organisation = await organisationOf(deps, organisationId);
  if (!fromTemplateId) {
    if (mode === 'edit') throw new NotFound();
    return { organisation, key: null, form: blankTemplateForm(), basedOn: null };
  }
  const row = await findTemplateById(deps.db, fromTemplateId);
  // Another organisation's template is not there, as far as this one can tell.
  if (!row || (row.organisation_id !== null && row.organisation_id !== organisationId)) throw new NotFound();
  const builtin = row.organisation_id === null;
  if (mode === 'edit') {
    if (builtin) throw new NotFound();
    const newest = (await templatesOfOrganisation(deps.db, organisationId)).find((r) => r.key === row.key)!;
    const { template } = await loadTemplate(deps.db, newest.id);
    return { organisation, key: row.key, form: templateToForm(template), basedOn: { title: template.title, version: template.version, builtin } };
  }
  const { template } = await loadTemplate(deps.db, row.id);
  return { organisation, key: null, form: templateToForm(template), basedOn: { title: template.title, version: template.version, builtin } };
}

export type SubmitTemplateResult =
  | { kind: 'saved'; id: string; version: number }
  /** The draft after an add, move or remove, or back from the preview: nothing is stored. */
  | { kind: 'draft'; form: PostedTemplateForm }
  /** The draft is a whole sheet: shown as the citizen will see it. Nothing is stored. */
  | { kind: 'preview'; form: PostedTemplateForm; template: SheetTemplate }
  | { kind: 'invalid'; form: PostedTemplateForm; errors: Record<string, LocalizedText[]> }
  /** Someone saved a newer version since the editing began: nothing is stored; saving again (with the new base) makes the next version. */
  | { kind: 'conflict'; form: PostedTemplateForm; newest: number };

const ATTEMPTS = 3;

/**
 * One press of a button in the sheet builder: change the draft (add, move, remove), show the
 * preview, or save it as a new template (key null) or as the next version of the organisation's
 * template with that key. Nothing is stored when anything is wrong, or when someone saved a newer
 * version than the one the editing began from (`baseVersion`).
 */
export async function submitTemplateForm(
  deps: AppDeps,
  actor: Actor,
  organisationId: string,
  submitted: { key: string | null; baseVersion: number | null; form: PostedTemplateForm; action: BuilderAction },
): Promise<SubmitTemplateResult> {
  const { key, baseVersion, form, action } = submitted;
  authorize(actor, 'organisation.manage', { organisationId });
  await organisationOf(deps, organisationId);
  if (key !== null && !(await templatesOfOrganisation(deps.db, organisationId)).some((r) => r.key === key)) throw new NotFound();
  if (action.kind === 'edit') return { kind: 'draft', form };
  if (action.kind !== 'save' && action.kind !== 'preview') return { kind: 'draft', form: applyTemplateAction(form, action) };

  for (let attempt = 1; ; attempt++) {
    const target = key ?? (await freeKey(deps, organisationId, [form['title.da'] ?? ''].flat()[0] ?? ''));
    const version = await nextTemplateVersion(deps.db, organisationId, target);
    const result = templateFromForm(form, { key: target, version });
    if (!result.ok) return { kind: 'invalid', form, errors: result.errors };
    if (action.kind === 'preview') return { kind: 'preview', form, template: result.template };
    if (key !== null && baseVersion !== version - 1) return { kind: 'conflict', form, newest: version - 1 };
    try {
      // An organisation's definition, no citizen's data; still logged, as who changed a sheet matters.
      const id = await useCase(deps, actor, 'template.save', async ({ tx, audit }) => {
        const row = await insertTemplate(tx, { key: target, version, organisationId, definition: result.template, createdBy: actor.id });
        await audit(version === 1 ? 'template.create' : 'template.update', null, { type: 'template', id: row.id });
        return row.id;
      });
      return { kind: 'saved', id, version };
    } catch (error) {
      // Someone saved the same key and version a moment before: a new sheet takes the next
      // number; an edit is a conflict, found on the next round.
      if (attempt < ATTEMPTS && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** A key for a new template, made from its Danish title: "Mit hverdagsliv" → "mit-hverdagsliv". */
export function keyFromTitle(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  if (!slug) return 'ark';
  return /^[a-z]/.test(slug) ? slug : `ark-${slug}`.slice(0, 32).replace(/-+$/, '');
}

async function freeKey(deps: AppDeps, organisationId: string, title: string): Promise<string> {
  const base = keyFromTitle(title);
  const taken = new Set([...builtinTemplates.map((t) => t.key), ...(await templatesOfOrganisation(deps.db, organisationId)).map((r) => r.key)]);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
