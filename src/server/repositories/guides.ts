import type { Executor } from '../db/database.ts';
import type { Locale } from '../db/schema.ts';

// Guides published by organisations or shipped with Egne ord (starter guides, no organisation),
// and the notes citizens keep from their checklists.

function guideQuery(db: Executor) {
  return db
    .selectFrom('guides')
    .leftJoin('organisations', 'organisations.id', 'guides.organisation_id')
    .select([
      'guides.id',
      'guides.organisation_id',
      'guides.title',
      'guides.summary',
      'guides.language',
      'guides.body',
      'guides.published_at',
      'guides.updated_at',
      'organisations.name as organisation_name',
    ]);
}

export type GuideRow = {
  id: string;
  organisation_id: string | null;
  title: string;
  summary: string;
  language: Locale;
  body: string;
  published_at: Date | null;
  updated_at: Date;
  /** Null for a starter guide. */
  organisation_name: string | null;
};

/** Published guides, newest first; in one language or all. */
export function publishedGuideRows(db: Executor, language: Locale | null): Promise<GuideRow[]> {
  let q = guideQuery(db).where('guides.published_at', 'is not', null);
  if (language) q = q.where('guides.language', '=', language);
  return q.orderBy('guides.published_at', 'desc').orderBy('guides.title').execute();
}

export function findGuide(db: Executor, id: string): Promise<GuideRow | undefined> {
  return guideQuery(db).where('guides.id', '=', id).executeTakeFirst();
}

export function guidesOfOrganisation(db: Executor, organisationId: string): Promise<GuideRow[]> {
  return guideQuery(db).where('guides.organisation_id', '=', organisationId).orderBy('guides.updated_at', 'desc').execute();
}

export function findOrganisationGuide(db: Executor, organisationId: string, id: string): Promise<GuideRow | undefined> {
  return guideQuery(db).where('guides.id', '=', id).where('guides.organisation_id', '=', organisationId).executeTakeFirst();
}

export async function insertGuide(
  db: Executor,
  g: { organisationId: string; title: string; summary: string; language: Locale; body: string; createdBy: string },
): Promise<string> {
  const row = await db
    .insertInto('guides')
    .values({ organisation_id: g.organisationId, title: g.title, summary: g.summary, language: g.language, body: g.body, created_by: g.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes the organisation's guide; false if it has no such guide. */
export async function updateGuideText(
  db: Executor,
  organisationId: string,
  id: string,
  g: { title: string; summary: string; language: Locale; body: string; now: Date },
): Promise<boolean> {
  const res = await db
    .updateTable('guides')
    .set({ title: g.title, summary: g.summary, language: g.language, body: g.body, updated_at: g.now })
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Publishes (at `publishedAt`) or takes down (null) the organisation's guide; false if it has no such guide. */
export async function setGuidePublishedAt(db: Executor, organisationId: string, id: string, publishedAt: Date | null): Promise<boolean> {
  const res = await db
    .updateTable('guides')
    .set({ published_at: publishedAt })
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export function noteTextsOf(db: Executor, citizenId: string): Promise<{ text: Uint8Array; position: number }[]> {
  return db.selectFrom('guide_notes').select(['text', 'position']).where('citizen_id', '=', citizenId).execute();
}

export async function insertGuideNote(db: Executor, n: { citizenId: string; guideId: string; text: Uint8Array; position: number }): Promise<string> {
  const row = await db
    .insertInto('guide_notes')
    .values({ citizen_id: n.citizenId, guide_id: n.guideId, text: n.text, position: n.position })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The citizen's notes in their order, with the guide each came from. */
export function notesWithGuides(db: Executor, citizenId: string) {
  return db
    .selectFrom('guide_notes')
    .leftJoin('guides', 'guides.id', 'guide_notes.guide_id')
    .select(['guide_notes.id', 'guide_notes.text', 'guide_notes.done', 'guide_notes.guide_id', 'guides.title as guide_title', 'guides.published_at'])
    .where('guide_notes.citizen_id', '=', citizenId)
    .orderBy('guide_notes.position')
    .orderBy('guide_notes.created_at')
    .execute();
}

export function findGuideNote(db: Executor, noteId: string) {
  return db.selectFrom('guide_notes').select(['id', 'citizen_id', 'done']).where('id', '=', noteId).executeTakeFirst();
}

export async function setGuideNoteDone(db: Executor, noteId: string, done: boolean): Promise<void> {
  await db.updateTable('guide_notes').set({ done }).where('id', '=', noteId).execute();
}

export async function deleteGuideNote(db: Executor, noteId: string): Promise<void> {
  await db.deleteFrom('guide_notes').where('id', '=', noteId).execute();
}

/** The starter guide with this key in this language, if it has been stored. */
export function findStarterGuide(
  db: Executor,
  key: string,
  language: Locale,
): Promise<{ id: string; title: string; summary: string; body: string } | undefined> {
  return db.selectFrom('guides').select(['id', 'title', 'summary', 'body']).where('starter_key', '=', key).where('language', '=', language).executeTakeFirst();
}

/** Stores a starter guide, published at once. */
export async function insertStarterGuide(
  db: Executor,
  g: { key: string; title: string; summary: string; language: Locale; body: string; publishedAt: Date },
): Promise<void> {
  await db
    .insertInto('guides')
    .values({ starter_key: g.key, organisation_id: null, title: g.title, summary: g.summary, language: g.language, body: g.body, published_at: g.publishedAt })
    .execute();
}

/** A newer text of a starter guide (nobody edits them in place: organisations edit copies). */
export async function updateStarterGuideText(db: Executor, id: string, g: { title: string; summary: string; body: string; now: Date }): Promise<void> {
  await db
    .updateTable('guides')
    .set({ title: g.title, summary: g.summary, body: g.body, updated_at: g.now })
    .where('id', '=', id)
    .where('starter_key', 'is not', null)
    .execute();
}
