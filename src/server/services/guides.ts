import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Locale } from '../db/schema.ts';
import { hasRole, requireCitizen, requireOrganisationManager } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { NotFound } from '../errors.ts';
import { findUserById } from '../repositories/users.ts';
import { audit } from './audit.ts';
import { checklistItems, parseGuide, validateGuide, type GuideInput } from '../../domain/guides/format.ts';

const NOTE = 'guide_note.text';

export interface GuideSummary {
  id: string;
  title: string;
  summary: string;
  language: Locale;
  organisationName: string;
  published: boolean;
  updatedAt: Date;
}

export interface Guide extends GuideSummary {
  organisationId: string;
  body: string;
}

type GuideRow = { id: string; organisation_id: string; title: string; summary: string; language: Locale; body: string; published_at: Date | null; updated_at: Date; organisation_name: string };

function toGuide(r: GuideRow): Guide {
  return { id: r.id, organisationId: r.organisation_id, title: r.title, summary: r.summary, language: r.language, body: r.body, published: r.published_at !== null, updatedAt: r.updated_at, organisationName: r.organisation_name };
}

function guideQuery(deps: AppDeps) {
  return deps.db
    .selectFrom('guides')
    .innerJoin('organisations', 'organisations.id', 'guides.organisation_id')
    .select(['guides.id', 'guides.organisation_id', 'guides.title', 'guides.summary', 'guides.language', 'guides.body', 'guides.published_at', 'guides.updated_at', 'organisations.name as organisation_name']);
}

/** Published guides, for everyone; newest first. */
export async function publishedGuides(deps: AppDeps, language: Locale | null): Promise<GuideSummary[]> {
  let q = guideQuery(deps).where('guides.published_at', 'is not', null);
  if (language) q = q.where('guides.language', '=', language);
  const rows = await q.orderBy('guides.published_at', 'desc').orderBy('guides.title').execute();
  return rows.map(toGuide);
}

/** May this person see the guide before it is published? Its organisation's coordinators and admins. */
function canManage(actor: Actor, organisationId: string): boolean {
  return actor.kind === 'user' && (actor.isAdmin || hasRole(actor, 'coordinator', organisationId));
}

/** A guide as a reader sees it: published, or a draft for those who manage it. Others get "not found". */
export async function readGuide(deps: AppDeps, actor: Actor, id: string): Promise<Guide> {
  const row = await guideQuery(deps).where('guides.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound();
  if (row.published_at === null && !canManage(actor, row.organisation_id)) throw new NotFound();
  return toGuide(row);
}

/** The organisation's own guides, drafts included. */
export async function organisationGuides(deps: AppDeps, actor: Actor, organisationId: string): Promise<GuideSummary[]> {
  requireOrganisationManager(actor, organisationId);
  const rows = await guideQuery(deps).where('guides.organisation_id', '=', organisationId).orderBy('guides.updated_at', 'desc').execute();
  return rows.map(toGuide);
}

export async function guideToEdit(deps: AppDeps, actor: Actor, organisationId: string, id: string): Promise<Guide> {
  requireOrganisationManager(actor, organisationId);
  const row = await guideQuery(deps).where('guides.id', '=', id).where('guides.organisation_id', '=', organisationId).executeTakeFirst();
  if (!row) throw new NotFound();
  return toGuide(row);
}

export type GuideSaveResult = { ok: true; id: string } | { ok: false; errors: Extract<ReturnType<typeof validateGuide>, { ok: false }>['errors'] };

export async function createGuide(deps: AppDeps, actor: Actor, organisationId: string, input: GuideInput): Promise<GuideSaveResult> {
  requireOrganisationManager(actor, organisationId);
  const v = validateGuide(input);
  if (!v.ok) return v;
  const row = await deps.db
    .insertInto('guides')
    .values({ organisation_id: organisationId, title: v.value.title, summary: v.value.summary, language: v.value.language, body: v.value.body, created_by: actor.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ok: true, id: row.id };
}

export async function updateGuide(deps: AppDeps, actor: Actor, organisationId: string, id: string, input: GuideInput): Promise<GuideSaveResult> {
  requireOrganisationManager(actor, organisationId);
  const v = validateGuide(input);
  if (!v.ok) return v;
  const res = await deps.db
    .updateTable('guides')
    .set({ title: v.value.title, summary: v.value.summary, language: v.value.language, body: v.value.body, updated_at: deps.now() })
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new NotFound();
  return { ok: true, id };
}

export async function setGuidePublished(deps: AppDeps, actor: Actor, organisationId: string, id: string, publish: boolean): Promise<void> {
  requireOrganisationManager(actor, organisationId);
  const res = await deps.db
    .updateTable('guides')
    .set({ published_at: publish ? deps.now() : null })
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new NotFound();
}

export interface GuideNote {
  id: string;
  text: string;
  done: boolean;
  guideId: string | null;
  guideTitle: string | null;
}

async function citizenKey(deps: AppDeps, id: string): Promise<Uint8Array> {
  const user = await findUserById(deps.db, id);
  if (!user) throw new NotFound();
  return user.data_key;
}

/**
 * Saves the chosen checklist items of a published guide into the citizen's own notes, sealed
 * with their key. Items already saved from the same guide are not saved twice. Returns how many
 * were added.
 */
export async function saveChecklistItems(deps: AppDeps, actor: Actor, guideId: string, indexes: number[]): Promise<number> {
  requireCitizen(actor);
  const guide = await readGuide(deps, actor, guideId);
  const items = checklistItems(parseGuide(guide.body));
  const chosen = [...new Set(indexes)].filter((i) => Number.isInteger(i) && i >= 0 && i < items.length).sort((a, b) => a - b);
  if (chosen.length === 0) return 0;
  const key = await citizenKey(deps, actor.id);
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('guide_notes').select(['text', 'position']).where('citizen_id', '=', actor.id).execute();
    const saved = new Set(existing.map((r) => deps.keyring.openText(key, r.text, NOTE)));
    let position = existing.reduce((max, r) => Math.max(max, r.position), 0);
    let added = 0;
    for (const i of chosen) {
      const text = items[i]!;
      if (saved.has(text)) continue;
      saved.add(text);
      position += 1;
      const row = await trx.insertInto('guide_notes').values({ citizen_id: actor.id, guide_id: guide.id, text: deps.keyring.sealText(key, text, NOTE), position }).returning('id').executeTakeFirstOrThrow();
      await audit(trx, actor, 'note.create', actor.id, { type: 'guide_note', id: row.id });
      added += 1;
    }
    return added;
  });
}

/** "Mine noter": the citizen's own saved items. */
export async function myNotes(deps: AppDeps, actor: Actor): Promise<GuideNote[]> {
  requireCitizen(actor);
  const key = await citizenKey(deps, actor.id);
  const rows = await deps.db
    .selectFrom('guide_notes')
    .leftJoin('guides', 'guides.id', 'guide_notes.guide_id')
    .select(['guide_notes.id', 'guide_notes.text', 'guide_notes.done', 'guide_notes.guide_id', 'guides.title as guide_title', 'guides.published_at'])
    .where('guide_notes.citizen_id', '=', actor.id)
    .orderBy('guide_notes.position')
    .orderBy('guide_notes.created_at')
    .execute();
  await audit(deps.db, actor, 'note.list', actor.id);
  return rows.map((r) => ({
    id: r.id,
    text: deps.keyring.openText(key, r.text, NOTE),
    done: r.done,
    // A guide that was taken down is no longer linked from the notes.
    guideId: r.published_at ? r.guide_id : null,
    guideTitle: r.published_at ? r.guide_title : null,
  }));
}

async function ownNote(deps: AppDeps, actor: Actor, noteId: string) {
  requireCitizen(actor);
  const row = await deps.db.selectFrom('guide_notes').select(['id', 'citizen_id', 'done']).where('id', '=', noteId).executeTakeFirst();
  if (!row) throw new NotFound();
  if (row.citizen_id !== actor.id) throw new AccessDenied();
  return row;
}

export async function setNoteDone(deps: AppDeps, actor: Actor, noteId: string, done: boolean): Promise<void> {
  const note = await ownNote(deps, actor, noteId);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('guide_notes').set({ done }).where('id', '=', note.id).execute();
    await audit(trx, actor, 'note.update', note.citizen_id, { type: 'guide_note', id: note.id });
  });
}

export async function removeNote(deps: AppDeps, actor: Actor, noteId: string): Promise<void> {
  const note = await ownNote(deps, actor, noteId);
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('guide_notes').where('id', '=', note.id).execute();
    await audit(trx, actor, 'note.delete', note.citizen_id, { type: 'guide_note', id: note.id });
  });
}
