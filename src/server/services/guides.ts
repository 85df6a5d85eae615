import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Locale } from '../db/schema.ts';
import { authorize, can, organisationsWhere } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { findUserById } from '../repositories/users.ts';
import { organisationNames } from '../repositories/organisations.ts';
import {
  deleteGuideNote,
  findGuide,
  findGuideNote,
  findStarterGuide,
  findOrganisationGuide,
  guidesOfOrganisation,
  insertGuide,
  insertGuideNote,
  insertStarterGuide,
  noteTextsOf,
  notesWithGuides,
  publishedGuideRows,
  setGuideNoteDone,
  setGuidePublishedAt,
  updateGuideText,
  updateStarterGuideText,
  type GuideRow,
} from '../repositories/guides.ts';
import { nothingChanged, useCase, withoutAudit } from './use-case.ts';
import { checklistItems, parseGuide, type GuideText } from '../../domain/guides/format.ts';
import { STARTER_GUIDES } from '../../domain/guides/starter.ts';

const NOTE = 'guide_note.text';
/** Who publishes the starter guides: the product itself, by its name (the same in every language). */
const STARTER_PUBLISHER = 'Egne ord';

export interface GuideSummary {
  id: string;
  title: string;
  summary: string;
  language: Locale;
  organisationName: string;
  published: boolean;
  updatedAt: Date;
  /** Shipped with Egne ord: nobody edits it, organisations copy it. */
  starter: boolean;
}

export interface Guide extends GuideSummary {
  organisationId: string | null;
  body: string;
}

function toGuide(r: GuideRow): Guide {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    title: r.title,
    summary: r.summary,
    language: r.language,
    body: r.body,
    published: r.published_at !== null,
    updatedAt: r.updated_at,
    organisationName: r.organisation_name ?? STARTER_PUBLISHER,
    starter: r.organisation_id === null,
  };
}

/** Published guides, for everyone; newest first. */
async function publishedGuides(deps: AppDeps, language: Locale | null): Promise<GuideSummary[]> {
  const rows = await publishedGuideRows(deps.db, language);
  return rows.map(toGuide);
}

export interface GuideShelf {
  guides: GuideSummary[];
  /** A citizen keeps notes from guides: the page links to them. */
  canKeepNotes: boolean;
  /** Organisations whose guides the person writes (as their coordinator). */
  manages: { id: string; name: string }[];
}

/** The guides page: published guides, and links to the person's notes or their organisations' guides. */
export async function guideShelf(deps: AppDeps, actor: Actor, language: Locale | null): Promise<GuideShelf> {
  return {
    guides: await publishedGuides(deps, language),
    canKeepNotes: can(actor, 'citizen.act'),
    manages: await organisationNames(deps.db, organisationsWhere(actor, 'organisation.manage')),
  };
}

/** A guide as a reader sees it: published, or a draft for those who manage it. Others get "not found". */
export async function readGuide(deps: AppDeps, actor: Actor, id: string): Promise<Guide> {
  const row = await findGuide(deps.db, id);
  if (!row) throw new NotFound();
  // Drafts are seen by the guide's organisation's coordinators and by admins.
  if (row.published_at === null && (row.organisation_id === null || !can(actor, 'organisation.manage', { organisationId: row.organisation_id })))
    throw new NotFound();
  return toGuide(row);
}

/** A guide and whether the reader may save its checklist items into their own notes. */
export async function guideReading(deps: AppDeps, actor: Actor, id: string): Promise<{ guide: Guide; canKeepNotes: boolean }> {
  return { guide: await readGuide(deps, actor, id), canKeepNotes: can(actor, 'citizen.act') };
}

/**
 * Puts the starter guides into the database, published; a newer text replaces the stored one.
 * Run at every start: nothing is added twice, and organisations' copies are left alone.
 */
export async function ensureStarterGuides(deps: Pick<AppDeps, 'db' | 'now'>): Promise<void> {
  for (const g of STARTER_GUIDES) {
    const stored = await findStarterGuide(deps.db, g.key, g.language);
    if (!stored) {
      await insertStarterGuide(deps.db, { ...g, publishedAt: deps.now() }).catch(async (error: unknown) => {
        // Another instance stored it at the same moment: fine.
        if (!(await findStarterGuide(deps.db, g.key, g.language))) throw error;
      });
    } else if (stored.title !== g.title || stored.summary !== g.summary || stored.body !== g.body) {
      await updateStarterGuideText(deps.db, stored.id, { ...g, now: deps.now() });
    }
  }
}

/** The starter guides, for an organisation choosing one to copy. */
export async function starterGuides(deps: AppDeps, actor: Actor, organisationId: string): Promise<GuideSummary[]> {
  authorize(actor, 'organisation.manage', { organisationId });
  return (await publishedGuides(deps, null)).filter((g) => g.starter);
}

/**
 * "Kopiér og tilpas": a starter guide becomes a draft of this organisation, which it then edits
 * and publishes as its own. The starter guide stays as it was. Another organisation's guide is
 * theirs to give: it is not copied here.
 */
export async function copyGuide(deps: AppDeps, actor: Actor, organisationId: string, guideId: string): Promise<string> {
  authorize(actor, 'organisation.manage', { organisationId });
  const original = await findGuide(deps.db, guideId);
  if (!original || original.organisation_id !== null) throw new NotFound();
  return withoutAudit(deps, 'a guide is a publication of the organisation', ({ tx }) =>
    insertGuide(tx, {
      organisationId,
      title: original.title,
      summary: original.summary,
      language: original.language,
      body: original.body,
      createdBy: actor.id,
    }),
  );
}

/** The organisation's own guides, drafts included. */
export async function organisationGuides(deps: AppDeps, actor: Actor, organisationId: string): Promise<GuideSummary[]> {
  authorize(actor, 'organisation.manage', { organisationId });
  const rows = await guidesOfOrganisation(deps.db, organisationId);
  return rows.map(toGuide);
}

export async function guideToEdit(deps: AppDeps, actor: Actor, organisationId: string, id: string): Promise<Guide> {
  authorize(actor, 'organisation.manage', { organisationId });
  const row = await findOrganisationGuide(deps.db, organisationId, id);
  if (!row) throw new NotFound();
  return toGuide(row);
}

export async function createGuide(deps: AppDeps, actor: Actor, organisationId: string, guide: GuideText): Promise<string> {
  authorize(actor, 'organisation.manage', { organisationId });
  return withoutAudit(deps, 'a guide is a publication of the organisation', ({ tx }) => insertGuide(tx, { organisationId, ...guide, createdBy: actor.id }));
}

export async function updateGuide(deps: AppDeps, actor: Actor, organisationId: string, id: string, guide: GuideText): Promise<void> {
  authorize(actor, 'organisation.manage', { organisationId });
  const updated = await withoutAudit(deps, 'a guide is a publication of the organisation', ({ tx, now }) =>
    updateGuideText(tx, organisationId, id, { ...guide, now }),
  );
  if (!updated) throw new NotFound();
}

export async function setGuidePublished(deps: AppDeps, actor: Actor, organisationId: string, id: string, publish: boolean): Promise<void> {
  authorize(actor, 'organisation.manage', { organisationId });
  const changed = await withoutAudit(deps, 'a guide is a publication of the organisation', ({ tx, now }) =>
    setGuidePublishedAt(tx, organisationId, id, publish ? now : null),
  );
  if (!changed) throw new NotFound();
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
  authorize(actor, 'citizen.act');
  const guide = await readGuide(deps, actor, guideId);
  const items = checklistItems(parseGuide(guide.body));
  const chosen = [...new Set(indexes)].filter((i) => Number.isInteger(i) && i >= 0 && i < items.length).sort((a, b) => a - b);
  if (chosen.length === 0) return 0;
  const key = await citizenKey(deps, actor.id);
  return useCase(deps, actor, 'note.create', async ({ tx, audit }) => {
    const existing = await noteTextsOf(tx, actor.id);
    const saved = new Set(existing.map((r) => deps.keyring.openText(key, r.text, NOTE)));
    let position = existing.reduce((max, r) => Math.max(max, r.position), 0);
    let added = 0;
    for (const i of chosen) {
      const text = items[i]!;
      if (saved.has(text)) continue;
      saved.add(text);
      position += 1;
      const id = await insertGuideNote(tx, { citizenId: actor.id, guideId: guide.id, text: deps.keyring.sealText(key, text, NOTE), position });
      await audit('note.create', actor.id, { type: 'guide_note', id });
      added += 1;
    }
    // Every chosen item was saved before: nothing to log, nothing to keep.
    if (added === 0) return nothingChanged(0);
    return added;
  });
}

/** "Mine noter": the citizen's own saved items. */
export async function myNotes(deps: AppDeps, actor: Actor): Promise<GuideNote[]> {
  authorize(actor, 'citizen.act');
  const key = await citizenKey(deps, actor.id);
  const rows = await useCase(deps, actor, 'note.list', async ({ tx, audit }) => {
    const notes = await notesWithGuides(tx, actor.id);
    await audit('note.list', actor.id);
    return notes;
  });
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
  authorize(actor, 'citizen.act');
  const row = await findGuideNote(deps.db, noteId);
  if (!row) throw new NotFound();
  authorize(actor, 'guideNote.own', { ownerId: row.citizen_id });
  return row;
}

export async function setNoteDone(deps: AppDeps, actor: Actor, noteId: string, done: boolean): Promise<void> {
  const note = await ownNote(deps, actor, noteId);
  await useCase(deps, actor, 'note.update', async ({ tx, audit }) => {
    await setGuideNoteDone(tx, note.id, done);
    await audit('note.update', note.citizen_id, { type: 'guide_note', id: note.id });
  });
}

export async function removeNote(deps: AppDeps, actor: Actor, noteId: string): Promise<void> {
  const note = await ownNote(deps, actor, noteId);
  await useCase(deps, actor, 'note.delete', async ({ tx, audit }) => {
    await deleteGuideNote(tx, note.id);
    await audit('note.delete', note.citizen_id, { type: 'guide_note', id: note.id });
  });
}
