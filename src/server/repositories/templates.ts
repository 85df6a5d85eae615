import type { Executor } from '../db/database.ts';

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
  return db
    .selectFrom('sheet_templates')
    .select(columns)
    .where('key', '=', key)
    .where('version', '=', version)
    .where('organisation_id', 'is', null)
    .executeTakeFirst();
}

export async function insertTemplate(
  db: Executor,
  t: { key: string; version: number; organisationId: string | null; definition: unknown; createdBy: string | null },
): Promise<TemplateRow> {
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
    .where((eb) =>
      organisationIds.length ? eb.or([eb('organisation_id', 'is', null), eb('organisation_id', 'in', organisationIds)]) : eb('organisation_id', 'is', null),
    )
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

/** The newest version's id of the template with this key, built-in (organisation null) or an organisation's. */
export async function newestTemplateIdOfKey(db: Executor, key: string, organisationId: string | null): Promise<string | undefined> {
  const newest = await db
    .selectFrom('sheet_templates')
    .select('id')
    .where('key', '=', key)
    .where((eb) => (organisationId ? eb('organisation_id', '=', organisationId) : eb('organisation_id', 'is', null)))
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return newest?.id;
}

/** The organisations whose own templates a citizen may start: those their active peer links were made through. */
export async function organisationsLinkedTo(db: Executor, citizenId: string): Promise<string[]> {
  return (await db.selectFrom('peer_links').select('organisation_id').where('citizen_id', '=', citizenId).where('withdrawn_at', 'is', null).execute()).map(
    (r) => r.organisation_id,
  );
}
