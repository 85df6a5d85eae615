import type { Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

type Executor = Db | Transaction<Database>;

export interface TemplateRow {
  id: string;
  key: string;
  version: number;
  organisation_id: string | null;
  definition: unknown;
  created_at: Date;
}

const columns = ['id', 'key', 'version', 'organisation_id', 'definition', 'created_at'] as const;

export function findTemplateById(db: Executor, id: string): Promise<TemplateRow | undefined> {
  return db.selectFrom('sheet_templates').select(columns).where('id', '=', id).executeTakeFirst();
}

export function findBuiltinTemplate(db: Executor, key: string, version: number): Promise<TemplateRow | undefined> {
  return db.selectFrom('sheet_templates').select(columns).where('key', '=', key).where('version', '=', version).where('organisation_id', 'is', null).executeTakeFirst();
}

export async function insertTemplate(db: Executor, t: { key: string; version: number; organisationId: string | null; definition: unknown; createdBy: string | null }): Promise<TemplateRow> {
  return db
    .insertInto('sheet_templates')
    .values({ key: t.key, version: t.version, organisation_id: t.organisationId, definition: JSON.stringify(t.definition), created_by: t.createdBy })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** The newest version of every template a person may start: built-in ones and their organisations' own. */
export async function latestTemplates(db: Executor, organisationIds: string[]): Promise<TemplateRow[]> {
  const rows = await db
    .selectFrom('sheet_templates')
    .select(columns)
    .where((eb) => (organisationIds.length ? eb.or([eb('organisation_id', 'is', null), eb('organisation_id', 'in', organisationIds)]) : eb('organisation_id', 'is', null)))
    .orderBy('key')
    .orderBy('version', 'desc')
    .execute();
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.organisation_id ?? ''}:${r.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function templatesOfOrganisation(db: Executor, organisationId: string): Promise<TemplateRow[]> {
  return db.selectFrom('sheet_templates').select(columns).where('organisation_id', '=', organisationId).orderBy('key').orderBy('version', 'desc').execute();
}

export async function nextTemplateVersion(db: Executor, organisationId: string, key: string): Promise<number> {
  const row = await db
    .selectFrom('sheet_templates')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}
