import type { Transaction } from 'kysely';
import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import type { Database } from '../../db/schema.ts';
import type { Db } from '../../db/database.ts';
import { requireOrganisationManager } from '../../policy/legacy.ts';
import { NotFound } from '../../errors.ts';
import { DEFAULT_QUESTIONNAIRES } from '../../../domain/evaluation/defaults.ts';
import { nextVersion, validateQuestionnaire, type Questionnaire } from '../../../domain/evaluation/questionnaire.ts';
import { audit } from '../audit.ts';

type Executor = Db | Transaction<Database>;

export interface StoredQuestionnaire {
  id: string;
  organisationId: string | null;
  questionnaire: Questionnaire;
  hasAnswers: boolean;
}

const cache = new Map<string, Questionnaire>();

export async function loadQuestionnaire(db: Executor, id: string): Promise<{ id: string; organisationId: string | null; questionnaire: Questionnaire }> {
  const row = await db.selectFrom('questionnaires').select(['id', 'organisation_id', 'definition']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound();
  let q = cache.get(id);
  if (!q) {
    const parsed = validateQuestionnaire(typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition);
    if (!parsed.ok) throw new Error('stored questionnaire is invalid');
    q = parsed.value;
    cache.set(id, q);
  }
  return { id: row.id, organisationId: row.organisation_id, questionnaire: q };
}

/** Our own default questionnaires, stored once per version. */
export async function ensureDefaultQuestionnaires(deps: Pick<AppDeps, 'db'>): Promise<void> {
  for (const q of DEFAULT_QUESTIONNAIRES) {
    const exists = await deps.db.selectFrom('questionnaires').select('id').where('key', '=', q.key).where('version', '=', q.version).where('organisation_id', 'is', null).executeTakeFirst();
    if (!exists) {
      await deps.db
        .insertInto('questionnaires')
        .values({ organisation_id: null, key: q.key, version: q.version, audience: q.audience, definition: JSON.stringify(q) })
        .execute()
        .catch(async (e: unknown) => {
          const again = await deps.db.selectFrom('questionnaires').select('id').where('key', '=', q.key).where('version', '=', q.version).where('organisation_id', 'is', null).executeTakeFirst();
          if (!again) throw e;
        });
    }
  }
}

export async function defaultQuestionnaireId(deps: Pick<AppDeps, 'db'>, key: string): Promise<string> {
  const row = await deps.db.selectFrom('questionnaires').select('id').where('key', '=', key).where('organisation_id', 'is', null).orderBy('version', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

/** Built-in questionnaires and the organisation's own, newest version of each, with whether answers exist. */
export async function questionnairesFor(deps: AppDeps, actor: Actor, organisationId: string): Promise<StoredQuestionnaire[]> {
  requireOrganisationManager(actor, organisationId);
  const rows = await deps.db
    .selectFrom('questionnaires')
    .select(['id', 'organisation_id', 'key', 'version'])
    .where((eb) => eb.or([eb('organisation_id', 'is', null), eb('organisation_id', '=', organisationId)]))
    .orderBy('key')
    .orderBy('version', 'desc')
    .execute();
  const seen = new Set<string>();
  const out: StoredQuestionnaire[] = [];
  for (const r of rows) {
    const k = `${r.organisation_id ?? ''}:${r.key}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const loaded = await loadQuestionnaire(deps.db, r.id);
    const answered = await deps.db.selectFrom('responses').select('id').where('questionnaire_id', '=', r.id).limit(1).executeTakeFirst();
    out.push({ ...loaded, hasAnswers: !!answered });
  }
  return out;
}

export type SaveQuestionnaireResult = { ok: true; id: string; version: number } | { ok: false; errors: { path: string; message: { da: string; en: string } }[] };

/**
 * Saves an organisation's questionnaire. A version that has answers is locked: the change
 * becomes a new version, and the answered one stays as it was.
 */
export async function saveQuestionnaire(deps: AppDeps, actor: Actor, organisationId: string, input: unknown): Promise<SaveQuestionnaireResult> {
  requireOrganisationManager(actor, organisationId);
  const parsed = validateQuestionnaire(input);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => ({ path: String(e.path), message: e.message })) };
  const q = parsed.value;
  return deps.db.transaction().execute(async (trx) => {
    const latest = await trx.selectFrom('questionnaires').select(['id', 'version']).where('organisation_id', '=', organisationId).where('key', '=', q.key).orderBy('version', 'desc').limit(1).executeTakeFirst();
    let toStore = { ...q, version: 1 };
    if (latest) {
      const answered = await trx.selectFrom('responses').select('id').where('questionnaire_id', '=', latest.id).limit(1).executeTakeFirst();
      if (!answered) {
        await trx.updateTable('questionnaires').set({ definition: JSON.stringify({ ...q, version: latest.version }), audience: q.audience }).where('id', '=', latest.id).execute();
        cache.delete(latest.id);
        await audit(trx, actor, 'questionnaire.update', null, { type: 'questionnaire', id: latest.id });
        return { ok: true as const, id: latest.id, version: latest.version };
      }
      toStore = nextVersion({ ...q, version: latest.version });
    }
    const row = await trx
      .insertInto('questionnaires')
      .values({ organisation_id: organisationId, key: toStore.key, version: toStore.version, audience: toStore.audience, definition: JSON.stringify(toStore), created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, 'questionnaire.create', null, { type: 'questionnaire', id: row.id });
    return { ok: true as const, id: row.id, version: toStore.version };
  });
}
