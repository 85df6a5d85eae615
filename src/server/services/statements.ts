import type { Transaction } from 'kysely';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/database.ts';

type Executor = Db | Transaction<Database>;
import { requirePeerLink, requireSignedIn, requireStatementAccess } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { activeLink } from '../repositories/peers.ts';
import { builtinTemplates } from '../../domain/sheets/builtin-templates.ts';
import { validateTemplate, type SheetTemplate } from '../../domain/sheets/template-schema.ts';
import { answersSchema, emptyAnswers, type FieldValue, type StatementAnswers } from '../../domain/sheets/answers.ts';
import { findBuiltinTemplate, findTemplateById, insertTemplate, latestTemplates, type TemplateRow } from '../repositories/templates.ts';
import {
  deleteStatement as deleteStatementRow,
  findStatement,
  findStatementWithOwner,
  findStatementForUpdate,
  findVersion,
  insertStatement,
  insertVersion,
  latestVersion,
  statementsOf,
  updateStatementAnswers,
  updateStatementPurpose,
  updateVersion,
  versionsOf,
  type StatementRow,
} from '../repositories/statements.ts';
import { findUserById } from '../repositories/users.ts';
import { claimIdempotencyKey } from '../repositories/idempotency.ts';
import { audit } from './audit.ts';
import { NotFound } from '../errors.ts';

const ANSWERS = 'statement.answers';
const PURPOSE = 'statement.purpose';
/** Saves by the same person within this window fold into one version in the history. */
const VERSION_WINDOW_MS = 10 * 60_000;
export const PURPOSE_MAX = 80;

export interface LoadedTemplate {
  id: string;
  template: SheetTemplate;
  organisationId: string | null;
}

const templateCache = new Map<string, LoadedTemplate>();

/** Template rows never change (a change is a new version), so parsed ones are kept. */
export async function loadTemplate(db: Executor, id: string): Promise<LoadedTemplate> {
  const cached = templateCache.get(id);
  if (cached) return cached;
  // Inside a transaction this must use the transaction: PGlite has one connection.
  const row = await findTemplateById(db, id);
  if (!row) throw new NotFound();
  const loaded = parseTemplateRow(row);
  templateCache.set(id, loaded);
  return loaded;
}

function parseTemplateRow(row: TemplateRow): LoadedTemplate {
  const definition = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
  const result = validateTemplate(definition);
  if (!result.ok) throw new Error(`stored template ${row.key} v${row.version} is invalid`);
  return { id: row.id, template: result.template, organisationId: row.organisation_id };
}

/** Puts the shipped templates into the database once per version. */
export async function ensureBuiltinTemplates(deps: Pick<AppDeps, 'db'>): Promise<void> {
  for (const template of builtinTemplates) {
    const existing = await findBuiltinTemplate(deps.db, template.key, template.version);
    if (!existing) {
      await insertTemplate(deps.db, { key: template.key, version: template.version, organisationId: null, definition: template, createdBy: null }).catch(async (error: unknown) => {
        // Another instance inserted it at the same moment: fine.
        if (!(await findBuiltinTemplate(deps.db, template.key, template.version))) throw error;
      });
    }
  }
}

export async function startableTemplates(deps: AppDeps, actor: Actor): Promise<LoadedTemplate[]> {
  requireSignedIn(actor);
  // Staff see their organisations' templates; a citizen those of the organisations their peers work in.
  const orgIds =
    actor.userKind === 'citizen'
      ? (await deps.db.selectFrom('peer_links').select('organisation_id').where('citizen_id', '=', actor.id).where('withdrawn_at', 'is', null).execute()).map((r) => r.organisation_id)
      : actor.memberships.map((m) => m.organisationId);
  const rows = await latestTemplates(deps.db, orgIds);
  return rows.map((r) => {
    const loaded = parseTemplateRow(r);
    templateCache.set(r.id, loaded);
    return loaded;
  });
}

/** For a peer: the link to the statement's owner, which the policy then judges. */
export async function peerLinkFor(deps: Pick<AppDeps, 'db'>, actor: Actor, ownerId: string) {
  if (actor.kind !== 'user' || actor.userKind !== 'staff') return undefined;
  return activeLink(deps.db, actor.id, ownerId);
}

/** A linked citizen's statements, for their peer (names and purposes only). */
export async function statementsOfLinkedCitizen(deps: AppDeps, actor: Actor, citizenId: string): Promise<StatementSummary[]> {
  const link = await peerLinkFor(deps, actor, citizenId);
  requirePeerLink(actor, link, citizenId);
  const rows = await statementsOf(deps.db, citizenId);
  const key = await dataKeyOf(deps, citizenId);
  await audit(deps.db, actor, 'statement.list', citizenId);
  return summariesOf(deps, rows, key);
}

async function summariesOf(deps: AppDeps, rows: StatementRow[], key: Uint8Array): Promise<StatementSummary[]> {
  const out: StatementSummary[] = [];
  for (const row of rows) {
    const { template } = await loadTemplate(deps.db, row.template_id);
    out.push({ id: row.id, purpose: deps.keyring.openText(key, row.purpose, PURPOSE), templateTitle: template.title, updatedAt: row.updated_at, revision: row.revision });
  }
  return out;
}

async function dataKeyOf(deps: AppDeps, userId: string): Promise<Uint8Array> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new NotFound();
  return user.data_key;
}

export interface StatementSummary {
  id: string;
  purpose: string;
  templateTitle: { da: string; en: string };
  updatedAt: Date;
  revision: number;
}

export async function listStatements(deps: AppDeps, actor: Actor): Promise<StatementSummary[]> {
  requireSignedIn(actor);
  if (actor.userKind !== 'citizen') throw new AccessDenied();
  const rows = await statementsOf(deps.db, actor.id);
  if (rows.length === 0) return [];
  const key = await dataKeyOf(deps, actor.id);
  await audit(deps.db, actor, 'statement.list', actor.id);
  return summariesOf(deps, rows, key);
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
  const raw = deps.keyring.openJson<unknown>(dataKey, row.answers, ANSWERS);
  const parsed = answersSchema(template).safeParse(raw);
  return {
    id: row.id,
    ownerId: row.owner_id,
    ownerName,
    purpose: deps.keyring.openText(dataKey, row.purpose, PURPOSE),
    revision: row.revision,
    updatedAt: row.updated_at,
    template,
    templateId,
    answers: parsed.success ? parsed.data : emptyAnswers(template),
  };
}

/** The template a statement was written with, for checking input before a save: access is
 * checked, but nothing of the citizen's is read, so nothing is logged. */
export async function templateOfStatement(deps: AppDeps, actor: Actor, id: string): Promise<SheetTemplate> {
  const row = await deps.db.selectFrom('statements').select(['owner_id', 'template_id']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound();
  requireStatementAccess(actor, row, 'write');
  return (await loadTemplate(deps.db, row.template_id)).template;
}

/** Opens a statement for reading and logs the read. */
export async function openStatement(deps: AppDeps, actor: Actor, id: string, reason: 'read' | 'pdf' = 'read', action: 'read' | 'suggest' = 'read'): Promise<OpenStatement> {
  return (await openWithKey(deps, actor, id, reason, action)).statement;
}

/** Opens a statement and keeps the owner's data key at hand for what the caller reads next. */
async function openWithKey(deps: AppDeps, actor: Actor, id: string, reason: 'read' | 'pdf', action: 'read' | 'suggest'): Promise<{ statement: OpenStatement; dataKey: Uint8Array }> {
  // The statement and its owner's key and name in one round trip: this runs on every page.
  const found = await findStatementWithOwner(deps.db, id);
  if (!found) throw new NotFound();
  const { row, owner } = found;
  requireStatementAccess(actor, row, action, await peerLinkFor(deps, actor, row.owner_id));
  await audit(deps.db, actor, reason === 'pdf' ? 'statement.download' : 'statement.read', row.owner_id, { type: 'statement', id: row.id });
  return { statement: await decode(deps, deps.db, row, owner.data_key, owner.chosen_name), dataKey: owner.data_key };
}

/** With an idempotency key, a retried request (a double tap, a resend after a lost answer)
 * returns the statement the first request made instead of making a second one. */
export async function createStatement(deps: AppDeps, actor: Actor, input: { purpose: string; templateId: string; answers?: StatementAnswers; idempotencyKey?: string }): Promise<string> {
  requireSignedIn(actor);
  if (actor.userKind !== 'citizen') throw new AccessDenied();
  // Any stored template may be started: built-in ones, and an organisation's own, which
  // its peers hand out as a start link. Templates hold no personal data.
  const chosen = await loadTemplate(deps.db, input.templateId);
  const key = await dataKeyOf(deps, actor.id);
  const answers = input.answers ?? emptyAnswers(chosen.template);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const sealedAnswers = deps.keyring.sealJson(key, answers, ANSWERS);
    const row = await insertStatement(trx, { ownerId: actor.id, templateId: chosen.id, purpose: deps.keyring.sealText(key, input.purpose.trim(), PURPOSE), answers: sealedAnswers, now });
    if (input.idempotencyKey) {
      const earlier = await claimIdempotencyKey(trx, actor.id, input.idempotencyKey, row.id);
      if (earlier) {
        await deleteStatementRow(trx, row.id);
        return earlier;
      }
    }
    await insertVersion(trx, { statementId: row.id, revision: row.revision, answers: sealedAnswers, authorId: actor.id, now });
    await audit(trx, actor, 'statement.create', actor.id, { type: 'statement', id: row.id });
    return row.id;
  });
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
  changes: { fields?: Record<string, FieldValue>; summary?: string; selfCheck?: Record<string, boolean> },
  options: { newVersion?: boolean } = {},
): Promise<SaveResult> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await findStatementForUpdate(trx, id);
    if (!row) throw new NotFound();
    requireStatementAccess(actor, row, 'write');
    return writeAnswers(deps, trx, actor, row, expectedRevision, changes, options);
  });
}

/**
 * The write itself, inside the caller's transaction on a locked row: statement, version,
 * authorship and audit rows together or not at all.
 */
export async function writeAnswers(
  deps: AppDeps,
  trx: Transaction<Database>,
  actor: Actor,
  row: StatementRow,
  expectedRevision: number,
  changes: { fields?: Record<string, FieldValue>; summary?: string; selfCheck?: Record<string, boolean> },
  options: { newVersion?: boolean; authorship?: 'none' } = {},
): Promise<SaveResult> {
  const now = deps.now();
  const owner = await findUserById(trx, row.owner_id);
  if (!owner) throw new NotFound();
  const current = await decode(deps, trx, row, owner.data_key, owner.chosen_name);
  const merged: StatementAnswers = {
    fields: { ...current.answers.fields, ...(changes.fields ?? {}) },
    summary: changes.summary ?? current.answers.summary,
    selfCheck: { ...current.answers.selfCheck, ...(changes.selfCheck ?? {}) },
  };
  if (row.revision !== expectedRevision) {
    // Nothing is written: the caller shows both texts and lets the person choose.
    await audit(trx, actor, 'statement.read', row.owner_id, { type: 'statement', id: row.id });
    return { ok: false as const, conflict: current, mine: merged };
  }
  const validated = answersSchema(current.template).parse(merged);
  const sealed = deps.keyring.sealJson(owner.data_key, validated, ANSWERS);
  const revision = await updateStatementAnswers(trx, row.id, expectedRevision, sealed, now);
  if (revision === null) throw new Error('revision moved under a row lock');
  await recordVersion(trx, row.id, revision, sealed, actor.kind === 'user' ? actor.id : null, now, options.newVersion ?? false);
  if (options.authorship !== 'none' && actor.kind === 'user') {
    for (const key of changedKeys(current.answers, validated)) {
      const value = key === 'summary' ? validated.summary : validated.fields[key] ?? '';
      await recordWriting(trx, row.id, key, actor.id, actor.togetherWith, deps.keyring.sealText(owner.data_key, excerptOf(value), 'authorship.excerpt'), now);
    }
  }
  await audit(trx, actor, 'statement.update', row.owner_id, { type: 'statement', id: row.id });
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
async function recordWriting(trx: Transaction<Database>, statementId: string, fieldKey: string, authorId: string, togetherWith: string | null, excerpt: Uint8Array, now: Date): Promise<void> {
  const kind = togetherWith ? 'wrote_together' : 'wrote';
  const last = await trx
    .selectFrom('authorship_events')
    .select(['id', 'kind', 'author_user_id', 'with_user_id', 'at'])
    .where('statement_id', '=', statementId)
    .where('field_key', '=', fieldKey)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last && last.kind === kind && last.author_user_id === authorId && last.with_user_id === togetherWith && now.getTime() - last.at.getTime() < VERSION_WINDOW_MS) {
    await trx.updateTable('authorship_events').set({ excerpt }).where('id', '=', last.id).execute();
    return;
  }
  await trx.insertInto('authorship_events').values({ statement_id: statementId, field_key: fieldKey, kind, author_user_id: authorId, with_user_id: togetherWith, excerpt, at: now }).execute();
}

async function recordVersion(trx: Transaction<Database>, statementId: string, revision: number, sealed: Uint8Array, authorId: string | null, now: Date, forceNew: boolean): Promise<void> {
  const latest = await latestVersion(trx, statementId);
  if (!forceNew && latest && latest.author_id === authorId && now.getTime() - latest.created_at.getTime() < VERSION_WINDOW_MS) {
    await updateVersion(trx, latest.id, { revision, answers: sealed, now });
  } else {
    await insertVersion(trx, { statementId, revision, answers: sealed, authorId, now });
  }
}

export async function renameStatement(deps: AppDeps, actor: Actor, id: string, purpose: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await findStatementForUpdate(trx, id);
    if (!row) throw new NotFound();
    requireStatementAccess(actor, row, 'write');
    const owner = await findUserById(trx, row.owner_id);
    if (!owner) throw new NotFound();
    await updateStatementPurpose(trx, id, deps.keyring.sealText(owner.data_key, purpose.trim(), PURPOSE), deps.now());
    await audit(trx, actor, 'statement.update', row.owner_id, { type: 'statement', id });
  });
}

export interface VersionSummary {
  id: string;
  revision: number;
  savedAt: Date;
  byOwner: boolean;
}

export async function listVersions(deps: AppDeps, actor: Actor, id: string): Promise<{ statement: OpenStatement; versions: VersionSummary[] }> {
  const statement = await openStatement(deps, actor, id);
  const rows = await versionsOf(deps.db, id);
  return {
    statement,
    versions: rows.map((v) => ({ id: v.id, revision: v.revision, savedAt: v.updated_at, byOwner: v.author_id === statement.ownerId })),
  };
}

export async function openVersion(deps: AppDeps, actor: Actor, id: string, versionId: string): Promise<{ statement: OpenStatement; answers: StatementAnswers; savedAt: Date }> {
  const { statement, dataKey } = await openWithKey(deps, actor, id, 'read', 'read');
  const version = await findVersion(deps.db, id, versionId);
  if (!version) throw new NotFound();
  return { statement, answers: versionAnswers(deps, statement.template, dataKey, version.answers), savedAt: version.updated_at };
}

/** A statement with every version's text, for the citizen's export: one read, one log row. */
export async function statementWithVersions(deps: AppDeps, actor: Actor, id: string): Promise<{ statement: OpenStatement; versions: (VersionSummary & { answers: StatementAnswers })[] }> {
  const { statement, dataKey } = await openWithKey(deps, actor, id, 'read', 'read');
  const rows = await versionsOf(deps.db, id);
  return {
    statement,
    versions: rows.map((v) => ({ id: v.id, revision: v.revision, savedAt: v.updated_at, byOwner: v.author_id === statement.ownerId, answers: versionAnswers(deps, statement.template, dataKey, v.answers) })),
  };
}

function versionAnswers(deps: AppDeps, template: SheetTemplate, dataKey: Uint8Array, sealed: Uint8Array): StatementAnswers {
  const parsed = answersSchema(template).safeParse(deps.keyring.openJson<unknown>(dataKey, sealed, ANSWERS));
  return parsed.success ? parsed.data : emptyAnswers(template);
}

/** Restoring is a new save of the old text: nothing in the history is lost. */
export async function restoreVersion(deps: AppDeps, actor: Actor, id: string, versionId: string): Promise<SaveResult> {
  const { statement, answers } = await openVersion(deps, actor, id, versionId);
  // Its own version, so the text it replaces stays in the history.
  return saveAnswers(deps, actor, id, statement.revision, answers, { newVersion: true });
}

export async function copyStatement(deps: AppDeps, actor: Actor, id: string, purpose: string): Promise<string> {
  const statement = await openStatement(deps, actor, id);
  return createStatement(deps, actor, { purpose, templateId: statement.templateId, answers: statement.answers });
}

/** Real deletion: the row and its versions go; the audit log keeps only that it happened. */
export async function deleteStatement(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await findStatementForUpdate(trx, id);
    if (!row) throw new NotFound();
    requireStatementAccess(actor, row, 'delete');
    await deleteStatementRow(trx, id);
    await audit(trx, actor, 'statement.delete', row.owner_id, { type: 'statement', id });
  });
}

/** The newest version of the template behind an id (an old start link still works). */
export async function newestVersionOf(deps: AppDeps, templateId: string): Promise<LoadedTemplate | undefined> {
  const row = await findTemplateById(deps.db, templateId);
  if (!row) return undefined;
  const newest = await deps.db
    .selectFrom('sheet_templates')
    .select('id')
    .where('key', '=', row.key)
    .where((eb) => (row.organisation_id ? eb('organisation_id', '=', row.organisation_id) : eb('organisation_id', 'is', null)))
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return newest ? loadTemplate(deps.db, newest.id) : undefined;
}

/** Moves a statement written on the device (no account) into the account, in one step. */
export async function importDeviceStatement(deps: AppDeps, actor: Actor, input: { templateKey: string; purpose: string; answers: unknown }): Promise<string | 'invalid'> {
  requireSignedIn(actor);
  const templates = await startableTemplates(deps, actor);
  const chosen = templates.find((t) => t.organisationId === null && t.template.key === input.templateKey);
  if (!chosen) return 'invalid';
  const parsed = answersSchema(chosen.template).safeParse(input.answers);
  if (!parsed.success) return 'invalid';
  return createStatement(deps, actor, { purpose: input.purpose, templateId: chosen.id, answers: parsed.data });
}
