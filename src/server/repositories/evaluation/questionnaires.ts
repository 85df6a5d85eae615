import type { Executor } from '../../db/database.ts';
import type { Audience } from '../../db/schema.ts';

export function findQuestionnaire(db: Executor, id: string) {
  return db.selectFrom('questionnaires').select(['id', 'organisation_id', 'definition']).where('id', '=', id).executeTakeFirst();
}

export function findBuiltinQuestionnaire(db: Executor, key: string, version: number) {
  return db
    .selectFrom('questionnaires')
    .select('id')
    .where('key', '=', key)
    .where('version', '=', version)
    .where('organisation_id', 'is', null)
    .executeTakeFirst();
}

export async function insertBuiltinQuestionnaire(db: Executor, q: { key: string; version: number; audience: Audience; definition: unknown }): Promise<void> {
  await db
    .insertInto('questionnaires')
    .values({ organisation_id: null, key: q.key, version: q.version, audience: q.audience, definition: JSON.stringify(q.definition) })
    .execute();
}

/** The newest built-in version of a questionnaire; throws when none is stored. */
export async function latestBuiltinQuestionnaireId(db: Executor, key: string): Promise<string> {
  const row = await db
    .selectFrom('questionnaires')
    .select('id')
    .where('key', '=', key)
    .where('organisation_id', 'is', null)
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Built-in questionnaires and the organisation's own, every version, newest version first per key. */
export function questionnaireVersionsFor(db: Executor, organisationId: string) {
  return db
    .selectFrom('questionnaires')
    .select(['id', 'organisation_id', 'key', 'version'])
    .where((eb) => eb.or([eb('organisation_id', 'is', null), eb('organisation_id', '=', organisationId)]))
    .orderBy('key')
    .orderBy('version', 'desc')
    .execute();
}

/** Whether anyone has answered it, counting answers still waiting in the queue. */
export async function questionnaireHasAnswers(db: Executor, questionnaireId: string): Promise<boolean> {
  const answered = await db.selectFrom('responses').select('id').where('questionnaire_id', '=', questionnaireId).limit(1).executeTakeFirst();
  if (answered) return true;
  const waiting = await db.selectFrom('answer_queue').select('id').where('questionnaire_id', '=', questionnaireId).limit(1).executeTakeFirst();
  return !!waiting;
}

export function latestOwnVersion(db: Executor, organisationId: string, key: string) {
  return db
    .selectFrom('questionnaires')
    .select(['id', 'version'])
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function updateQuestionnaireDefinition(db: Executor, id: string, definition: unknown, audience: Audience): Promise<void> {
  await db
    .updateTable('questionnaires')
    .set({ definition: JSON.stringify(definition), audience })
    .where('id', '=', id)
    .execute();
}

export async function insertQuestionnaire(
  db: Executor,
  q: { organisationId: string; key: string; version: number; audience: Audience; definition: unknown; createdBy: string },
): Promise<string> {
  const row = await db
    .insertInto('questionnaires')
    .values({
      organisation_id: q.organisationId,
      key: q.key,
      version: q.version,
      audience: q.audience,
      definition: JSON.stringify(q.definition),
      created_by: q.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
