import { openSuggestionCounts } from '../repositories/suggestions.ts';
import type { AppDeps } from '../deps.ts';
import type { Executor, Tx } from '../db/database.ts';
import type { Actor, SignedInActor } from '../policy/actor.ts';
import { authorize, can, type PeerLinkFact } from '../policy/policy.ts';
import { BadInput, NotFound } from '../errors.ts';
import { useCase, type Work } from './use-case.ts';
import { loadTemplate, newestVersionOf, startableTemplates } from './template-catalogue.ts';
import { activeLink, linkSheetIds } from '../repositories/peers.ts';
import { findOwnerKey, findUserById } from '../repositories/users.ts';
import { claimIdempotencyKey } from '../repositories/idempotency.ts';
import {
  deleteStatement as deleteStatementRow,
  findStatementOwner,
  findStatementWithOwner,
  findStatementForUpdate,
  findVersion,
  insertStatement,
  insertVersion,
  insertWriting,
  latestVersion,
  latestWriting,
  statementsOf,
  updateStatementAnswers,
  updateVersion,
  updateWritingExcerpt,
  versionsOf,
  type StatementRow,
} from '../repositories/statements.ts';
import type { LocalizedText, SheetTemplate } from '../../domain/sheets/template-schema.ts';
import { answersSchema, emptyAnswers, type FieldValue, type StatementAnswers } from '../../domain/sheets/answers.ts';
import { applyChanges, type PageChanges } from '../../domain/sheets/page-changes.ts';
import { removesText } from '../../domain/sheets/versions.ts';

// A citizen's statements: written with a template, sealed with the owner's data key, kept with
// their versions. Every read and every change runs in one use case with its audit row.

const ANSWERS = 'statement.answers';
const PURPOSE = 'statement.purpose';
/** Saves by the same person within this window fold into one version in the history. */
const VERSION_WINDOW_MS = 10 * 60_000;

/** For a peer: the link to the statement's owner, which the policy then judges. */
export async function peerLinkFor(db: Executor, actor: Actor, ownerId: string): Promise<PeerLinkFact | undefined> {
  // Only peers can hold a link; everyone else is spared the query on every page.
  if (actor.kind !== 'user' || !can(actor, 'peer.practise', {})) return undefined;
  const link = await activeLink(db, actor.id, ownerId);
  if (!link) return undefined;
  return { ...link, sheet_ids: link.all_sheets ? [] : await linkSheetIds(db, link.id) };
}

export interface StatementSummary {
  id: string;
  purpose: string;
  templateTitle: LocalizedText;
  updatedAt: Date;
  revision: number;
  /** Suggestions from a peer that wait for the citizen's answer. */
  waitingSuggestions: number;
}

/** A linked citizen's statements, for their peer (names and purposes only). */
export async function statementsOfLinkedCitizen(deps: AppDeps, actor: Actor, citizenId: string): Promise<StatementSummary[]> {
  return useCase(deps, actor, 'statement.list', async ({ tx, audit }) => {
    const peerLink = await peerLinkFor(tx, actor, citizenId);
    authorize(actor, 'citizen.followAsPeer', { citizenId, peerLink });
    // Only the sheets the citizen chose for this peer: the others are not even named.
    const summaries = (await summariesOf(deps, tx, citizenId)).filter((s) => can(actor, 'statement.read', { ownerId: citizenId, statementId: s.id, peerLink }));
    await audit('statement.list', citizenId);
    return summaries;
  });
}

/** The citizen's own sheets, the one last written first. */
export async function listStatements(deps: AppDeps, actor: Actor): Promise<StatementSummary[]> {
  authorize(actor, 'citizen.act');
  return useCase(deps, actor, 'statement.list', async ({ tx, audit }) => {
    const summaries = await summariesOf(deps, tx, actor.id);
    await audit('statement.list', actor.id);
    return summaries;
  });
}

async function summariesOf(deps: AppDeps, tx: Tx, ownerId: string): Promise<StatementSummary[]> {
  const rows = await statementsOf(tx, ownerId);
  if (rows.length === 0) return [];
  const key = await dataKeyOf(tx, ownerId);
  const waiting = await openSuggestionCounts(tx, ownerId);
  const out: StatementSummary[] = [];
  for (const row of rows) {
    const { template } = await loadTemplate(tx, row.template_id);
    out.push({
      id: row.id,
      purpose: deps.keyring.openText(key, row.purpose, PURPOSE),
      templateTitle: template.title,
      updatedAt: row.updated_at,
      revision: row.revision,
      waitingSuggestions: waiting.get(row.id) ?? 0,
    });
  }
  return out;
}

async function dataKeyOf(db: Executor, userId: string): Promise<Uint8Array> {
  const user = await findUserById(db, userId);
  if (!user) throw new NotFound();
  return user.data_key;
}

export interface StatementsOverview {
  statements: StatementSummary[];
  /** What a new statement can be started with; a start link's template first when it is not among them. */
  templates: { id: string; title: LocalizedText }[];
  /** The template a start link (`?template=`) asked for, in its newest version. */
  preselectedTemplateId: string | undefined;
}

/** The citizen's list page: their statements and what they can start. */
export async function statementsOverview(deps: AppDeps, actor: Actor, requestedTemplateId: string | undefined): Promise<StatementsOverview> {
  const templates = await startableTemplates(deps, actor);
  // Any stored template may be started from a link: its organisation's peers hand it out.
  const preselected = requestedTemplateId ? await newestVersionOf(deps, requestedTemplateId) : undefined;
  if (preselected && !templates.some((t) => t.id === preselected.id)) templates.unshift(preselected);
  return {
    statements: await listStatements(deps, actor),
    templates: templates.map((t) => ({ id: t.id, title: t.template.title })),
    preselectedTemplateId: preselected?.id,
  };
}

export interface OpenStatement {
  id: string;
  ownerId: string;
  ownerName: string;
  purpose: string;
  revision: number;
  updatedAt: Date;
  template: SheetTemplate;
  templateId: string;
  answers: StatementAnswers;
}

async function decode(deps: AppDeps, db: Executor, row: StatementRow, dataKey: Uint8Array, ownerName: string): Promise<OpenStatement> {
  const { template, id: templateId } = await loadTemplate(db, row.template_id);
  return {
    id: row.id,
    ownerId: row.owner_id,
    ownerName,
    purpose: deps.keyring.openText(dataKey, row.purpose, PURPOSE),
    revision: row.revision,
    updatedAt: row.updated_at,
    template,
    templateId,
    answers: sealedAnswers(deps, template, dataKey, row.answers),
  };
}

function sealedAnswers(deps: AppDeps, template: SheetTemplate, dataKey: Uint8Array, sealed: Uint8Array): StatementAnswers {
  const parsed = answersSchema(template).safeParse(deps.keyring.openJson<unknown>(dataKey, sealed, ANSWERS));
  return parsed.success ? parsed.data : emptyAnswers(template);
}

/** The template a statement was written with, for checking input before a save: access is
 * checked, but nothing of the citizen's is read, so nothing is logged. */
export async function templateOfStatement(deps: AppDeps, actor: Actor, id: string): Promise<SheetTemplate> {
  const row = await findStatementOwner(deps.db, id);
  if (!row) throw new NotFound();
  authorize(actor, 'statement.write', { ownerId: row.owner_id });
  return (await loadTemplate(deps.db, row.template_id)).template;
}

/** Opens a statement for reading and logs the read. */
export async function openStatement(
  deps: AppDeps,
  actor: Actor,
  id: string,
  reason: 'read' | 'pdf' = 'read',
  action: 'read' | 'suggest' = 'read',
): Promise<OpenStatement> {
  return useCase(deps, actor, `statement.${reason}`, async (work) => (await openIn(deps, work, actor, id, reason, action)).statement);
}

/**
 * Opens a statement inside a use case, logs the read, and keeps the owner's data key at hand
 * for what the caller reads next. Access is decided on the row before anything is decoded.
 */
async function openIn(
  deps: AppDeps,
  { tx, audit }: Work,
  actor: Actor,
  id: string,
  reason: 'read' | 'pdf',
  action: 'read' | 'suggest',
): Promise<{ statement: OpenStatement; dataKey: Uint8Array }> {
  // The statement and its owner's key and name in one round trip: this runs on every page.
  const found = await findStatementWithOwner(tx, id);
  if (!found) throw new NotFound();
  const { row, owner } = found;
  authorize(actor, `statement.${action}`, { ownerId: row.owner_id, statementId: row.id, peerLink: await peerLinkFor(tx, actor, row.owner_id) });
  await audit(reason === 'pdf' ? 'statement.download' : 'statement.read', row.owner_id, { type: 'statement', id: row.id });
  return { statement: await decode(deps, tx, row, owner.data_key, owner.chosen_name), dataKey: owner.data_key };
}

/** A retried create (same idempotency key): rolls the new row back and names the first one. */
class CreatedBefore extends Error {
  readonly id: string;
  constructor(id: string) {
    super('created before');
    this.id = id;
  }
}

/** With an idempotency key, a retried request (a double tap, a resend after a lost answer)
 * returns the statement the first request made instead of making a second one. */
export async function createStatement(
  deps: AppDeps,
  actor: Actor,
  input: { purpose: string; templateId: string; answers?: StatementAnswers; idempotencyKey?: string },
): Promise<string> {
  authorize(actor, 'citizen.act');
  try {
    return await useCase(deps, actor, 'statement.create', (work) => createIn(deps, work, actor, input));
  } catch (error) {
    if (error instanceof CreatedBefore) return error.id;
    throw error;
  }
}

async function createIn(
  deps: AppDeps,
  { tx, now, audit }: Work,
  actor: SignedInActor,
  input: { purpose: string; templateId: string; answers?: StatementAnswers; idempotencyKey?: string },
): Promise<string> {
  // Any stored template may be started: built-in ones, and an organisation's own, which
  // its peers hand out as a start link. Templates hold no personal data.
  const chosen = await loadTemplate(tx, input.templateId);
  const key = await dataKeyOf(tx, actor.id);
  const sealed = deps.keyring.sealJson(key, input.answers ?? emptyAnswers(chosen.template), ANSWERS);
  const row = await insertStatement(tx, {
    ownerId: actor.id,
    templateId: chosen.id,
    purpose: deps.keyring.sealText(key, input.purpose.trim(), PURPOSE),
    answers: sealed,
    now,
  });
  if (input.idempotencyKey) {
    const earlier = await claimIdempotencyKey(tx, actor.id, input.idempotencyKey, row.id);
    if (earlier) throw new CreatedBefore(earlier);
  }
  await insertVersion(tx, { statementId: row.id, revision: row.revision, answers: sealed, authorId: actor.id, now });
  await audit('statement.create', actor.id, { type: 'statement', id: row.id });
  return row.id;
}

export type SaveResult = { ok: true; revision: number } | { ok: false; conflict: OpenStatement; mine: StatementAnswers };

/**
 * Saves changed parts if nobody else saved since `expectedRevision`. Statement, version and
 * audit row are written in one transaction: all three or none.
 */
export async function saveAnswers(
  deps: AppDeps,
  actor: Actor,
  id: string,
  expectedRevision: number,
  changes: PageChanges,
  options: { newVersion?: boolean } = {},
): Promise<SaveResult> {
  return useCase(deps, actor, 'statement.update', (work) => saveIn(deps, work, actor, id, expectedRevision, changes, options));
}

async function saveIn(
  deps: AppDeps,
  work: Work,
  actor: Actor,
  id: string,
  expectedRevision: number,
  changes: PageChanges,
  options: { newVersion?: boolean },
): Promise<SaveResult> {
  const row = await findStatementForUpdate(work.tx, id);
  if (!row) throw new NotFound();
  authorize(actor, 'statement.write', { ownerId: row.owner_id });
  return writeAnswers(deps, work, actor, row, expectedRevision, changes, options);
}

/**
 * The write itself, inside the caller's use case on a locked row: statement, version,
 * authorship and audit rows together or not at all.
 */
export async function writeAnswers(
  deps: AppDeps,
  { tx, now, audit }: Work,
  actor: Actor,
  row: StatementRow,
  expectedRevision: number,
  changes: PageChanges,
  options: { newVersion?: boolean; authorship?: 'none' } = {},
): Promise<SaveResult> {
  const owner = await findOwnerKey(tx, row.owner_id);
  if (!owner) throw new NotFound();
  // A save needs only the answers; the whole statement (its purpose too) only for a conflict.
  const { template } = await loadTemplate(tx, row.template_id);
  const before = sealedAnswers(deps, template, owner.data_key, row.answers);
  const merged = applyChanges(before, changes);
  if (row.revision !== expectedRevision) {
    // Nothing is written: the caller shows both texts and lets the person choose.
    await audit('statement.read', row.owner_id, { type: 'statement', id: row.id });
    return { ok: false as const, conflict: await decode(deps, tx, row, owner.data_key, owner.chosen_name), mine: merged };
  }
  // Pages and autosave check their own parts first; this catches what no page can show
  // (two texts kept together over a limit): refused as input, never stored.
  const checked = answersSchema(template).safeParse(merged);
  if (!checked.success) throw new BadInput();
  const validated = checked.data;
  const sealed = deps.keyring.sealJson(owner.data_key, validated, ANSWERS);
  const revision = await updateStatementAnswers(tx, row.id, expectedRevision, sealed, now);
  if (revision === null) throw new Error('revision moved under a row lock');
  // A save that takes a larger piece of text away keeps the text before it as a version of its own.
  const newVersion = (options.newVersion ?? false) || removesText(before, validated);
  await recordVersion(tx, row.id, revision, sealed, actor.kind === 'user' ? actor.id : null, now, newVersion);
  if (options.authorship !== 'none' && actor.kind === 'user') {
    for (const key of changedKeys(before, validated)) {
      const value = key === 'summary' ? validated.summary : (validated.fields[key] ?? '');
      await recordWriting(tx, row.id, key, actor.id, actor.togetherWith, deps.keyring.sealText(owner.data_key, excerptOf(value), 'authorship.excerpt'), now);
    }
  }
  await audit('statement.update', row.owner_id, { type: 'statement', id: row.id });
  return { ok: true as const, revision };
}

function changedKeys(before: StatementAnswers, after: StatementAnswers): string[] {
  const keys = Object.keys(after.fields).filter((k) => JSON.stringify(before.fields[k] ?? '') !== JSON.stringify(after.fields[k] ?? ''));
  if (before.summary !== after.summary) keys.push('summary');
  return keys;
}

function excerptOf(value: FieldValue): string {
  const text = Array.isArray(value) ? value.join('\n') : value;
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/** One trail entry per stretch of writing: saves by the same person within the version
 * window update the latest entry instead of adding one per autosave. */
async function recordWriting(
  tx: Tx,
  statementId: string,
  fieldKey: string,
  authorId: string,
  togetherWith: string | null,
  excerpt: Uint8Array,
  now: Date,
): Promise<void> {
  const kind = togetherWith ? 'wrote_together' : 'wrote';
  const last = await latestWriting(tx, statementId, fieldKey);
  if (
    last &&
    last.kind === kind &&
    last.author_user_id === authorId &&
    last.with_user_id === togetherWith &&
    now.getTime() - last.at.getTime() < VERSION_WINDOW_MS
  ) {
    await updateWritingExcerpt(tx, last.id, excerpt);
    return;
  }
  await insertWriting(tx, { statementId, fieldKey, kind, authorUserId: authorId, withUserId: togetherWith, excerpt, at: now });
}

async function recordVersion(
  tx: Tx,
  statementId: string,
  revision: number,
  sealed: Uint8Array,
  authorId: string | null,
  now: Date,
  forceNew: boolean,
): Promise<void> {
  const latest = await latestVersion(tx, statementId);
  if (!forceNew && latest && latest.author_id === authorId && now.getTime() - latest.created_at.getTime() < VERSION_WINDOW_MS) {
    await updateVersion(tx, latest.id, { revision, answers: sealed, now });
  } else {
    await insertVersion(tx, { statementId, revision, answers: sealed, authorId, now });
  }
}

export interface VersionSummary {
  id: string;
  revision: number;
  savedAt: Date;
  byOwner: boolean;
}

export async function listVersions(deps: AppDeps, actor: Actor, id: string): Promise<{ statement: OpenStatement; versions: VersionSummary[] }> {
  return useCase(deps, actor, 'statement.read', async (work) => {
    const { statement } = await openIn(deps, work, actor, id, 'read', 'read');
    const rows = await versionsOf(work.tx, id);
    return { statement, versions: rows.map((v) => ({ id: v.id, revision: v.revision, savedAt: v.updated_at, byOwner: v.author_id === statement.ownerId })) };
  });
}

interface OpenedVersion {
  statement: OpenStatement;
  answers: StatementAnswers;
  savedAt: Date;
}

export async function openVersion(deps: AppDeps, actor: Actor, id: string, versionId: string): Promise<OpenedVersion> {
  return useCase(deps, actor, 'statement.read', (work) => openVersionIn(deps, work, actor, id, versionId));
}

async function openVersionIn(deps: AppDeps, work: Work, actor: Actor, id: string, versionId: string): Promise<OpenedVersion> {
  const { statement, dataKey } = await openIn(deps, work, actor, id, 'read', 'read');
  const version = await findVersion(work.tx, id, versionId);
  if (!version) throw new NotFound();
  return { statement, answers: sealedAnswers(deps, statement.template, dataKey, version.answers), savedAt: version.updated_at };
}

/** A statement with every version's text, for the citizen's export: one read, one log row. */
export async function statementWithVersions(
  deps: AppDeps,
  actor: Actor,
  id: string,
): Promise<{ statement: OpenStatement; versions: (VersionSummary & { answers: StatementAnswers })[] }> {
  return useCase(deps, actor, 'statement.read', async (work) => {
    const { statement, dataKey } = await openIn(deps, work, actor, id, 'read', 'read');
    const rows = await versionsOf(work.tx, id);
    return {
      statement,
      versions: rows.map((v) => ({
        id: v.id,
        revision: v.revision,
        savedAt: v.updated_at,
        byOwner: v.author_id === statement.ownerId,
        answers: sealedAnswers(deps, statement.template, dataKey, v.answers),
      })),
    };
  });
}

/** Restoring is a new save of the old text: nothing in the history is lost. */
export async function restoreVersion(deps: AppDeps, actor: Actor, id: string, versionId: string): Promise<SaveResult> {
  return useCase(deps, actor, 'statement.update', async (work) => {
    const { statement, answers } = await openVersionIn(deps, work, actor, id, versionId);
    // Its own version, so the text it replaces stays in the history.
    return saveIn(deps, work, actor, id, statement.revision, answers, { newVersion: true });
  });
}

/** A new statement with the same template and text; `purposeOf` names it from the original's purpose. */
export async function copyStatement(deps: AppDeps, actor: Actor, id: string, purposeOf: (purpose: string) => string): Promise<string> {
  authorize(actor, 'citizen.act');
  return useCase(deps, actor, 'statement.create', async (work) => {
    const { statement } = await openIn(deps, work, actor, id, 'read', 'read');
    return createIn(deps, work, actor, { purpose: purposeOf(statement.purpose), templateId: statement.templateId, answers: statement.answers });
  });
}

/** Real deletion: the row and its versions go; the audit log keeps only that it happened. */
export async function deleteStatement(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await useCase(deps, actor, 'statement.delete', async ({ tx, audit }) => {
    const row = await findStatementForUpdate(tx, id);
    if (!row) throw new NotFound();
    authorize(actor, 'statement.delete', { ownerId: row.owner_id });
    await deleteStatementRow(tx, id);
    await audit('statement.delete', row.owner_id, { type: 'statement', id });
  });
}

/** Moves a statement written on the device (no account) into the account, in one step.
 * `state` is the device's answers as base64url JSON. */
export async function importDeviceStatement(
  deps: AppDeps,
  actor: Actor,
  input: { templateKey: string; purpose: string; state: string },
): Promise<string | 'invalid'> {
  const templates = await startableTemplates(deps, actor);
  let answers: unknown;
  try {
    answers = JSON.parse(Buffer.from(input.state, 'base64url').toString('utf8'));
  } catch {
    return 'invalid';
  }
  const chosen = templates.find((t) => t.organisationId === null && t.template.key === input.templateKey);
  if (!chosen) return 'invalid';
  const parsed = answersSchema(chosen.template).safeParse(answers);
  if (!parsed.success) return 'invalid';
  return createStatement(deps, actor, { purpose: input.purpose, templateId: chosen.id, answers: parsed.data });
}
