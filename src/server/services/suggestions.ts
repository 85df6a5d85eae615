import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize, can } from '../policy/policy.ts';
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
import { insertNotice, markSubjectNoticesSeen } from '../repositories/notices.ts';
import { nothingChanged, useCase } from './use-case.ts';
import { openStatement, peerLinkFor, writeAnswers, type OpenStatement } from './statements.ts';
import { loadTemplate } from './template-catalogue.ts';
import { myPeers, type CitizensPeerLink } from './peer-links.ts';
import { asList, asText, type FieldValue, type StatementAnswers } from '../../domain/sheets/answers.ts';
import { textLength } from '../../domain/sheets/text.ts';
import type { FieldType } from '../../domain/sheets/template-schema.ts';
import { wordDiff, type DiffPart } from '../../domain/text/word-diff.ts';

const TEXT = 'suggestion.text';
const BASE = 'suggestion.base';
const EXCERPT = 'authorship.excerpt';
export const SUGGESTION_MAX = 2000;

export type SuggestResult = { ok: true } | { ok: false; reason: 'unknownPart' | 'tooLong' | 'empty' };

/** A linked peer proposes text for one part. Nothing in the statement changes: the citizen decides. */
export async function suggest(deps: AppDeps, actor: Actor, statementId: string, fieldKey: string, text: string): Promise<SuggestResult> {
  const row = await findStatement(deps.db, statementId);
  if (!row) throw new NotFound();
  authorize(actor, 'statement.suggest', { ownerId: row.owner_id, statementId: row.id, peerLink: await peerLinkFor(deps.db, actor, row.owner_id) });
  const { template } = await loadTemplate(deps.db, row.template_id);
  const known = fieldKey === 'summary' || template.steps.some((s) => s.fields.some((f) => f.key === fieldKey));
  if (!known) return { ok: false, reason: 'unknownPart' };
  const clean = text.trim();
  if (!clean) return { ok: false, reason: 'empty' };
  if (textLength(clean) > SUGGESTION_MAX) return { ok: false, reason: 'tooLong' };
  const owner = await findUserById(deps.db, row.owner_id);
  if (!owner) throw new NotFound();
  await useCase(deps, actor, 'suggestion.create', async ({ tx, now, audit }) => {
    // What the part said when the peer suggested: the citizen is told if it has changed since.
    const base = asText(await currentValue(deps, row, owner.data_key, fieldKey));
    const suggestion = await insertSuggestion(tx, {
      statementId,
      fieldKey,
      authorUserId: actor.id,
      text: deps.keyring.sealText(owner.data_key, clean, TEXT),
      baseText: deps.keyring.sealText(owner.data_key, base, BASE),
    });
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

export type SuggestionStatus = 'open' | 'accepted' | 'edited' | 'rejected';

/** A suggestion with what became of it: the text the citizen accepted (or edited), how, and when. */
export interface DecidedSuggestion extends OpenSuggestion {
  status: SuggestionStatus;
  appliedAs: 'replace' | 'add' | null;
  finalText: string | null;
  decidedAt: Date | null;
}

/** A suggestion as the citizen reviews it: beside the part's text as it is now, and the difference. */
export interface SuggestionToReview extends OpenSuggestion {
  /** The part's text now (list lines one a line). */
  current: string;
  /** The citizen's text is no longer what the peer saw when suggesting. */
  changedSince: boolean;
  /** From the current text to the suggestion, word by word. */
  difference: DiffPart[];
}

type Stored = DecidedSuggestion & { baseText: string | null; authorId: string | null };

/** A statement's suggestions, opened with the owner's key; the read is logged. */
async function suggestionsFor(deps: AppDeps, actor: Actor, statementId: string, which: 'open' | 'all'): Promise<Stored[]> {
  const row = await findStatement(deps.db, statementId);
  if (!row) throw new NotFound();
  authorize(actor, 'statement.read', { ownerId: row.owner_id, statementId: row.id, peerLink: await peerLinkFor(deps.db, actor, row.owner_id) });
  const owner = await findUserById(deps.db, row.owner_id);
  if (!owner) throw new NotFound();
  const rows = await useCase(deps, actor, 'suggestion.read', async ({ tx, audit }) => {
    await audit('suggestion.read', row.owner_id, { type: 'statement', id: statementId });
    return suggestionsOf(tx, statementId, which);
  });
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
      appliedAs: r.applied_as,
      finalText: r.final_text ? deps.keyring.openText(owner.data_key, r.final_text, TEXT) : null,
      decidedAt: r.decided_at,
      baseText: r.base_text ? deps.keyring.openText(owner.data_key, r.base_text, BASE) : null,
      authorId: r.author_user_id,
    });
  }
  return out;
}

const publicPart = ({ baseText: _, authorId: __, ...s }: Stored): DecidedSuggestion => s;

/** A linked citizen's statement as their peer sees it, with the peer's own suggestions on it and what became of each. */
export async function statementForPeer(
  deps: AppDeps,
  actor: Actor,
  statementId: string,
): Promise<{ statement: OpenStatement; suggestions: DecidedSuggestion[]; maySuggest: boolean }> {
  // A sheet the citizen chose for this peer; suggesting is a choice of its own.
  const statement = await openStatement(deps, actor, statementId, 'read', 'read');
  const all = await suggestionsFor(deps, actor, statementId, 'all');
  const maySuggest = can(actor, 'statement.suggest', {
    ownerId: statement.ownerId,
    statementId,
    peerLink: await peerLinkFor(deps.db, actor, statement.ownerId),
  });
  return { statement, suggestions: all.filter((s) => actor.kind === 'user' && s.authorId === actor.id).map(publicPart), maySuggest };
}

function toReview(answers: StatementAnswers, s: Stored): SuggestionToReview {
  const current = partText(answers, s.fieldKey);
  return {
    id: s.id,
    fieldKey: s.fieldKey,
    text: s.text,
    authorName: s.authorName,
    createdAt: s.createdAt,
    current,
    changedSince: s.baseText !== null && s.baseText.trim() !== current.trim(),
    difference: wordDiff(current, s.text),
  };
}

/** The citizen's own statement with the suggestions waiting for a decision, each beside the
 * part's text now, and the peers they may write together with. */
export async function suggestionsToDecide(
  deps: AppDeps,
  actor: Actor,
  statementId: string,
): Promise<{ statement: OpenStatement; suggestions: SuggestionToReview[]; linkedPeers: CitizensPeerLink[] }> {
  const statement = await openStatement(deps, actor, statementId);
  const suggestions = await suggestionsFor(deps, actor, statementId, 'open');
  const { links } = await myPeers(deps, actor);
  return { statement, suggestions: suggestions.map((s) => toReview(statement.answers, s)), linkedPeers: links.filter((l) => !l.withdrawnAt) };
}

/** One waiting suggestion, for the page where the citizen edits it before it goes into the sheet. */
export async function suggestionToEdit(
  deps: AppDeps,
  actor: Actor,
  statementId: string,
  suggestionId: string,
): Promise<{ statement: OpenStatement; suggestion: SuggestionToReview } | null> {
  const statement = await openStatement(deps, actor, statementId);
  const found = (await suggestionsFor(deps, actor, statementId, 'all')).find((s) => s.id === suggestionId);
  if (!found) throw new NotFound();
  if (found.status !== 'open') return null;
  return { statement, suggestion: toReview(statement.answers, found) };
}

/**
 * What the citizen chose. `revision` is the statement's revision the citizen saw beside the
 * suggestion: if it moved, the choice is not carried out (the page shows the text as it is now).
 */
export type Decision = { kind: 'replace' | 'add'; revision: number } | { kind: 'edit'; text: string; revision: number } | { kind: 'reject' };
export type DecideResult = { ok: true } | { ok: false; reason: 'alreadyDecided' | 'tooLong' | 'empty' | 'changed' };

/**
 * The citizen replaces the part with the suggestion, adds it below what is there (a new line in
 * a list), saves their own edit of it in place of the part, or says no thanks. Nothing the
 * citizen saved after they looked is overwritten: a moved revision ends with `changed`.
 */
export async function decideSuggestion(deps: AppDeps, actor: Actor, statementId: string, suggestionId: string, decision: Decision): Promise<DecideResult> {
  authorize(actor, 'citizen.act');
  if (decision.kind === 'edit' && !decision.text.trim()) return { ok: false, reason: 'empty' };
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
      await decideSuggestionRow(tx, suggestionId, { status: 'rejected' }, now);
      await insertAuthorship(tx, {
        statementId,
        fieldKey: suggestion.field_key,
        kind: 'rejected',
        authorUserId: actor.id,
        withUserId: suggestion.author_user_id,
        excerpt: deps.keyring.sealText(owner.data_key, original, EXCERPT),
      });
      await audit('suggestion.reject', row.owner_id, { type: 'suggestion', id: suggestionId });
      await noticesDoneWhenAllAnswered(tx, row.owner_id, statementId, now);
      return { ok: true };
    }
    if (row.revision !== decision.revision) return nothingChanged({ ok: false, reason: 'changed' });
    const finalText = decision.kind === 'edit' ? decision.text.trim() : original;
    const { template } = await loadTemplate(tx, row.template_id);
    const field = template.steps.flatMap((s) => s.fields).find((f) => f.key === suggestion.field_key);
    if (suggestion.field_key !== 'summary' && !field) return nothingChanged({ ok: false, reason: 'alreadyDecided' });
    const current = await currentValue(deps, row, owner.data_key, suggestion.field_key);
    const appliedAs = decision.kind === 'add' ? 'add' : 'replace';
    const value = newValue(field?.type ?? 'longText', current, finalText, appliedAs);
    if (!fits(value, field ?? { maxLength: template.composition.maxLength, maxItems: 1 })) return nothingChanged({ ok: false, reason: 'tooLong' });
    const changes = suggestion.field_key === 'summary' ? { summary: asText(value) } : { fields: { [suggestion.field_key]: value } };
    const saved = await writeAnswers(deps, { tx, now, audit }, actor, row, decision.revision, changes, { authorship: 'none' });
    if (!saved.ok) return nothingChanged({ ok: false, reason: 'changed' });
    const status = decision.kind === 'edit' ? 'edited' : 'accepted';
    await decideSuggestionRow(tx, suggestionId, { status, appliedAs, finalText: deps.keyring.sealText(owner.data_key, finalText, TEXT) }, now);
    await insertAuthorship(tx, {
      statementId,
      fieldKey: suggestion.field_key,
      kind: status,
      authorUserId: suggestion.author_user_id,
      withUserId: actor.id,
      excerpt: deps.keyring.sealText(owner.data_key, finalText, EXCERPT),
    });
    await audit(decision.kind === 'edit' ? 'suggestion.edit' : 'suggestion.accept', row.owner_id, { type: 'suggestion', id: suggestionId });
    await noticesDoneWhenAllAnswered(tx, row.owner_id, statementId, now);
    return { ok: true };
  });
}

/** Once every suggestion on a sheet is answered, its "new suggestion" notices are no longer news. */
async function noticesDoneWhenAllAnswered(tx: Tx, ownerId: string, statementId: string, now: Date): Promise<void> {
  if ((await countOpenSuggestions(tx, statementId)) === 0) await markSubjectNoticesSeen(tx, ownerId, 'suggestion', statementId, now);
}

/** The part's new value: the text in place of what was there, or below it (a list gets new lines). */
function newValue(type: FieldType, current: FieldValue, text: string, how: 'replace' | 'add'): FieldValue {
  if (type === 'list') return how === 'add' ? [...asList(current), ...asList(text)] : asList(text);
  const before = asText(current).trim();
  if (how === 'replace' || !before) return text;
  return type === 'shortText' ? `${before} ${text}` : `${before}\n\n${text}`;
}

/** The part's limits hold (the page says so instead of the save refusing it). */
function fits(value: FieldValue, limits: { maxLength: number; maxItems: number }): boolean {
  if (typeof value === 'string') return textLength(value) <= limits.maxLength;
  return value.length <= limits.maxItems && value.every((line) => textLength(line) <= limits.maxLength);
}

function partText(answers: StatementAnswers, key: string): string {
  return key === 'summary' ? answers.summary : asText(answers.fields[key]);
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
  return { suggestions: (await suggestionsFor(deps, actor, statementId, 'all')).map(publicPart), trail: await authorshipTrail(deps, actor, statementId) };
}

async function authorshipTrail(deps: AppDeps, actor: Actor, statementId: string): Promise<TrailEntry[]> {
  const row = await findStatement(deps.db, statementId);
  if (!row) throw new NotFound();
  authorize(actor, 'statement.read', { ownerId: row.owner_id, statementId: row.id, peerLink: await peerLinkFor(deps.db, actor, row.owner_id) });
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
