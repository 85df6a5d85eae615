import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { findStatementForUpdate, findStatement } from '../repositories/statements.ts';
import { findUserById } from '../repositories/users.ts';
import {
  authorshipOf,
  countOpenSuggestions,
  decideSuggestion as decideSuggestionRow,
  findSuggestionForUpdate,
  insertAuthorship,
  insertSuggestion,
  suggestionsOf,
} from '../repositories/suggestions.ts';
import { insertNotice } from '../repositories/notices.ts';
import { nothingChanged, useCase } from './use-case.ts';
import { openStatement, peerLinkFor, writeAnswers, type OpenStatement, type SaveResult } from './statements.ts';
import { loadTemplate } from './template-catalogue.ts';
import { myPeers, type CitizensPeerLink } from './peer-links.ts';
import { asList, type FieldValue } from '../../domain/sheets/answers.ts';
import { textLength } from '../../domain/sheets/text.ts';

const TEXT = 'suggestion.text';
const EXCERPT = 'authorship.excerpt';
export const SUGGESTION_MAX = 2000;

export type SuggestResult = { ok: true } | { ok: false; reason: 'unknownPart' | 'tooLong' | 'empty' };

/** A linked peer proposes text for one part. Nothing in the statement changes: the citizen decides. */
export async function suggest(deps: AppDeps, actor: Actor, statementId: string, fieldKey: string, text: string): Promise<SuggestResult> {
  const row = await findStatement(deps.db, statementId);
  if (!row) throw new NotFound();
  authorize(actor, 'statement.suggest', { ownerId: row.owner_id, peerLink: await peerLinkFor(deps.db, actor, row.owner_id) });
  const { template } = await loadTemplate(deps.db, row.template_id);
  const known = fieldKey === 'summary' || template.steps.some((s) => s.fields.some((f) => f.key === fieldKey));
  if (!known) return { ok: false, reason: 'unknownPart' };
  const clean = text.trim();
  if (!clean) return { ok: false, reason: 'empty' };
  if (textLength(clean) > SUGGESTION_MAX) return { ok: false, reason: 'tooLong' };
  const owner = await findUserById(deps.db, row.owner_id);
  if (!owner) throw new NotFound();
  await useCase(deps, actor, 'suggestion.create', async ({ tx, now, audit }) => {
    const suggestion = await insertSuggestion(tx, { statementId, fieldKey, authorUserId: actor.id, text: deps.keyring.sealText(owner.data_key, clean, TEXT) });
    await insertAuthorship(tx, {
      statementId,
      fieldKey,
      kind: 'suggested',
      authorUserId: actor.id,
      excerpt: deps.keyring.sealText(owner.data_key, clean, EXCERPT),
    });
    await audit('suggestion.create', row.owner_id, { type: 'suggestion', id: suggestion.id });
    await insertNotice(tx, { recipientId: row.owner_id, actorId: actor.id, kind: 'suggestion', subjectId: statementId, now });
  });
  return { ok: true };
}

/** How many suggestions wait for the citizen; called only after the statement was opened
 * (and access checked) in the same request. */
export async function openSuggestionCount(deps: AppDeps, statementId: string): Promise<number> {
  return countOpenSuggestions(deps.db, statementId);
}

export interface OpenSuggestion {
  id: string;
  fieldKey: string;
  text: string;
  authorName: string;
  createdAt: Date;
}

/** A suggestion with what became of it: the text the citizen accepted (or edited), and when. */
export interface DecidedSuggestion extends OpenSuggestion {
  status: string;
  finalText: string | null;
  decidedAt: Date | null;
}

async function suggestionsFor(deps: AppDeps, actor: Actor, statementId: string, which: 'open' | 'all' = 'open'): Promise<DecidedSuggestion[]> {
  const row = await findStatement(deps.db, statementId);
  if (!row) throw new NotFound();
  authorize(actor, 'statement.read', { ownerId: row.owner_id, peerLink: await peerLinkFor(deps.db, actor, row.owner_id) });
  const owner = await findUserById(deps.db, row.owner_id);
  if (!owner) throw new NotFound();
  const rows = await suggestionsOf(deps.db, statementId, which);
  const names = new Map<string, string>();
  const out = [];
  for (const r of rows) {
    if (r.author_user_id && !names.has(r.author_user_id)) names.set(r.author_user_id, (await findUserById(deps.db, r.author_user_id))?.chosen_name ?? '');
    out.push({
      id: r.id,
      fieldKey: r.field_key,
      text: deps.keyring.openText(owner.data_key, r.text, TEXT),
      authorName: r.author_user_id ? (names.get(r.author_user_id) ?? '') : '',
      createdAt: r.created_at,
      status: r.status,
      finalText: r.final_text ? deps.keyring.openText(owner.data_key, r.final_text, TEXT) : null,
      decidedAt: r.decided_at,
    });
  }
  return out;
}

/** A linked citizen's statement as their peer sees it, with every suggestion made on it. */
export async function statementForPeer(
  deps: AppDeps,
  actor: Actor,
  statementId: string,
): Promise<{ statement: OpenStatement; suggestions: (OpenSuggestion & { status: string })[] }> {
  const statement = await openStatement(deps, actor, statementId, 'read', 'suggest');
  return { statement, suggestions: await suggestionsFor(deps, actor, statementId, 'all') };
}

/** The citizen's own statement with the suggestions waiting for a decision, and the peers they may write together with. */
export async function suggestionsToDecide(
  deps: AppDeps,
  actor: Actor,
  statementId: string,
): Promise<{ statement: OpenStatement; suggestions: (OpenSuggestion & { status: string })[]; linkedPeers: CitizensPeerLink[] }> {
  const statement = await openStatement(deps, actor, statementId);
  const suggestions = await suggestionsFor(deps, actor, statementId, 'open');
  const { links } = await myPeers(deps, actor);
  return { statement, suggestions, linkedPeers: links.filter((l) => !l.withdrawnAt) };
}

export type Decision = { kind: 'accept' } | { kind: 'edit'; text: string } | { kind: 'reject' };
export type DecideResult = { ok: true } | { ok: false; reason: 'alreadyDecided' | 'tooLong' } | { ok: false; reason: 'conflict'; result: SaveResult };

/**
 * The citizen accepts, edits or rejects a suggestion. Accepted (or edited) text is added to
 * the part — after what is there, or as a new line in a list — so nothing the citizen wrote is
 * replaced. A part the citizen emptied in the meantime simply receives the text.
 */
export async function decideSuggestion(deps: AppDeps, actor: Actor, statementId: string, suggestionId: string, decision: Decision): Promise<DecideResult> {
  authorize(actor, 'citizen.act');
  if (decision.kind === 'edit' && textLength(decision.text.trim()) > SUGGESTION_MAX) return { ok: false, reason: 'tooLong' };
  return useCase(deps, actor, 'suggestion.decide', async ({ tx, now, audit }): Promise<DecideResult> => {
    const row = await findStatementForUpdate(tx, statementId);
    if (!row) throw new NotFound();
    authorize(actor, 'statement.write', { ownerId: row.owner_id });
    const suggestion = await findSuggestionForUpdate(tx, suggestionId);
    if (!suggestion || suggestion.statement_id !== statementId) throw new NotFound();
    if (suggestion.status !== 'open') return nothingChanged({ ok: false, reason: 'alreadyDecided' });
    const owner = await findUserById(tx, row.owner_id);
    if (!owner) throw new NotFound();
    const original = deps.keyring.openText(owner.data_key, suggestion.text, TEXT);
    if (decision.kind === 'reject') {
      await decideSuggestionRow(tx, suggestionId, 'rejected', null, now);
      await insertAuthorship(tx, {
        statementId,
        fieldKey: suggestion.field_key,
        kind: 'rejected',
        authorUserId: actor.id,
        withUserId: suggestion.author_user_id,
        excerpt: deps.keyring.sealText(owner.data_key, original, EXCERPT),
      });
      await audit('suggestion.reject', row.owner_id, { type: 'suggestion', id: suggestionId });
      return { ok: true };
    }
    const finalText = decision.kind === 'edit' ? decision.text.trim() : original;
    const { template } = await loadTemplate(tx, row.template_id);
    const field = template.steps.flatMap((s) => s.fields).find((f) => f.key === suggestion.field_key);
    const current = await currentValue(deps, row, owner.data_key, suggestion.field_key);
    let changes: { fields?: Record<string, FieldValue>; summary?: string };
    if (suggestion.field_key === 'summary') changes = { summary: appendText(current as string, finalText) };
    else if (!field) return nothingChanged({ ok: false, reason: 'alreadyDecided' });
    else if (field.type === 'list') changes = { fields: { [field.key]: [...asList(current), finalText] } };
    else changes = { fields: { [field.key]: appendText(typeof current === 'string' ? current : asList(current).join('\n'), finalText) } };
    const saved = await writeAnswers(deps, { tx, now, audit }, actor, row, row.revision, changes, { authorship: 'none' });
    if (!saved.ok) return nothingChanged({ ok: false, reason: 'conflict', result: saved });
    await decideSuggestionRow(tx, suggestionId, decision.kind === 'edit' ? 'edited' : 'accepted', deps.keyring.sealText(owner.data_key, finalText, TEXT), now);
    await insertAuthorship(tx, {
      statementId,
      fieldKey: suggestion.field_key,
      kind: decision.kind === 'edit' ? 'edited' : 'accepted',
      authorUserId: suggestion.author_user_id,
      withUserId: actor.id,
      excerpt: deps.keyring.sealText(owner.data_key, finalText, EXCERPT),
    });
    await audit(decision.kind === 'edit' ? 'suggestion.edit' : 'suggestion.accept', row.owner_id, { type: 'suggestion', id: suggestionId });
    return { ok: true };
  });
}

function appendText(current: string, addition: string): string {
  return current.trim() ? `${current.trim()}\n\n${addition}` : addition;
}

async function currentValue(deps: AppDeps, row: { answers: Uint8Array }, dataKey: Uint8Array, key: string): Promise<FieldValue> {
  const answers = deps.keyring.openJson<{ fields: Record<string, FieldValue>; summary: string }>(dataKey, row.answers, 'statement.answers');
  return key === 'summary' ? (answers.summary ?? '') : (answers.fields?.[key] ?? '');
}

export interface TrailEntry {
  id: string;
  fieldKey: string;
  kind: 'wrote' | 'wrote_together' | 'suggested' | 'accepted' | 'edited' | 'rejected';
  authorName: string;
  withName: string;
  excerpt: string;
  at: Date;
}

/** The statement and who wrote what in it, in order: the citizen can see which words came from whom. */
export async function statementAuthorship(deps: AppDeps, actor: Actor, statementId: string): Promise<{ statement: OpenStatement; trail: TrailEntry[] }> {
  const statement = await openStatement(deps, actor, statementId);
  return { statement, trail: await authorshipTrail(deps, actor, statementId) };
}

/** Every suggestion made on the citizen's statement, and who wrote what in it: for "My data". */
export async function suggestionsAndAuthorship(
  deps: AppDeps,
  actor: Actor,
  statementId: string,
): Promise<{ suggestions: DecidedSuggestion[]; trail: TrailEntry[] }> {
  return { suggestions: await suggestionsFor(deps, actor, statementId, 'all'), trail: await authorshipTrail(deps, actor, statementId) };
}

async function authorshipTrail(deps: AppDeps, actor: Actor, statementId: string): Promise<TrailEntry[]> {
  const row = await findStatement(deps.db, statementId);
  if (!row) throw new NotFound();
  authorize(actor, 'statement.read', { ownerId: row.owner_id, peerLink: await peerLinkFor(deps.db, actor, row.owner_id) });
  const owner = await findUserById(deps.db, row.owner_id);
  if (!owner) throw new NotFound();
  const trail = await useCase(deps, actor, 'statement.read', async ({ tx, audit }) => {
    await audit('statement.read', row.owner_id, { type: 'statement', id: statementId });
    return authorshipOf(tx, statementId);
  });
  return trail.map((e) => ({
    id: e.id,
    fieldKey: e.field_key,
    kind: e.kind,
    authorName: e.author_name ?? '',
    withName: e.with_name ?? '',
    excerpt: e.excerpt ? deps.keyring.openText(owner.data_key, e.excerpt, EXCERPT) : '',
    at: e.at,
  }));
}
