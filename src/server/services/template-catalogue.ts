import type { AppDeps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { builtinTemplates, inOfferOrder } from '../../domain/sheets/builtin-templates.ts';
import { validateTemplate, type SheetTemplate } from '../../domain/sheets/template-schema.ts';
import {
  findBuiltinTemplate,
  findTemplateById,
  insertTemplate,
  latestTemplates,
  newestTemplateIdOfKey,
  organisationsLinkedTo,
  type TemplateRow,
} from '../repositories/templates.ts';

// The sheet templates a statement can be written with: the shipped (built-in) ones and an
// organisation's own. Every version is stored and never changes, so a statement keeps the
// version it was started with, and parsed versions are cached for the life of the process.
// Templates hold no personal data: nothing here is audited.

export interface LoadedTemplate {
  id: string;
  template: SheetTemplate;
  organisationId: string | null;
}

const templateCache = new Map<string, LoadedTemplate>();

/** One stored template version. Inside a transaction, pass the transaction: PGlite has one connection. */
export async function loadTemplate(db: Executor, id: string): Promise<LoadedTemplate> {
  const cached = templateCache.get(id);
  if (cached) return cached;
  const row = await findTemplateById(db, id);
  if (!row) throw new NotFound();
  return remember(row);
}

function remember(row: TemplateRow): LoadedTemplate {
  const definition = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
  const result = validateTemplate(definition);
  if (!result.ok) throw new Error(`stored template ${row.key} v${row.version} is invalid`);
  const loaded = { id: row.id, template: result.template, organisationId: row.organisation_id };
  templateCache.set(row.id, loaded);
  return loaded;
}

/** Puts the shipped templates into the database once per version. */
export async function ensureBuiltinTemplates(deps: Pick<AppDeps, 'db'>): Promise<void> {
  for (const template of builtinTemplates) {
    const existing = await findBuiltinTemplate(deps.db, template.key, template.version);
    if (!existing) {
      await insertTemplate(deps.db, { key: template.key, version: template.version, organisationId: null, definition: template, createdBy: null }).catch(
        async (error: unknown) => {
          // Another instance inserted it at the same moment: fine.
          if (!(await findBuiltinTemplate(deps.db, template.key, template.version))) throw error;
        },
      );
    }
  }
}

/** The newest version of every built-in template and of the given organisations' own. */
export async function newestTemplates(db: Executor, organisationIds: string[]): Promise<LoadedTemplate[]> {
  return (await latestTemplates(db, organisationIds)).map(remember);
}

/** What a citizen may start: the built-in templates and those of the organisations their peers work in. */
export async function startableTemplates(deps: AppDeps, actor: Actor): Promise<LoadedTemplate[]> {
  authorize(actor, 'citizen.act');
  return inOfferOrder(await newestTemplates(deps.db, await organisationsLinkedTo(deps.db, actor.id)));
}

/** The newest version of the template behind an id (an old start link still works). */
export async function newestVersionOf(deps: AppDeps, templateId: string): Promise<LoadedTemplate | undefined> {
  const row = await findTemplateById(deps.db, templateId);
  if (!row) return undefined;
  const newest = await newestTemplateIdOfKey(deps.db, row.key, row.organisation_id);
  return newest ? loadTemplate(deps.db, newest) : undefined;
}
