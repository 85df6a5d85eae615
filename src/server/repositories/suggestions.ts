import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../db/database.ts';
import { prepare } from '../db/prepared.ts';
import type { SuggestionsTable } from '../db/schema.ts';

export type SuggestionRow = Selectable<SuggestionsTable>;

export async function insertSuggestion(
  db: Executor,
  s: { statementId: string; fieldKey: string; authorUserId: string; text: Uint8Array; baseText: Uint8Array },
): Promise<SuggestionRow> {
  return db
    .insertInto('suggestions')
    .values({ statement_id: s.statementId, field_key: s.fieldKey, author_user_id: s.authorUserId, text: s.text, base_text: s.baseText })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// Every page of a statement shows how many wait.
const openCount = prepare((db, statementId: string) =>
  db
    .selectFrom('suggestions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('statement_id', '=', statementId)
    .where('status', '=', 'open'),
);

export async function countOpenSuggestions(db: Executor, statementId: string): Promise<number> {
  return Number((await openCount.first(db, statementId))?.n ?? 0);
}

/** How many suggestions wait on each of an owner's statements (statements with none left out). */
export async function openSuggestionCounts(db: Executor, ownerId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('suggestions')
    .innerJoin('statements', 'statements.id', 'suggestions.statement_id')
    .select(['suggestions.statement_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('statements.owner_id', '=', ownerId)
    .where('suggestions.status', '=', 'open')
    .groupBy('suggestions.statement_id')
    .execute();
  return new Map(rows.map((r) => [r.statement_id, Number(r.n)]));
}

/** A statement's suggestions, oldest first: those still to decide, or all of them. */
export function suggestionsOf(db: Executor, statementId: string, which: 'open' | 'all'): Promise<SuggestionRow[]> {
  return db
    .selectFrom('suggestions')
    .selectAll()
    .where('statement_id', '=', statementId)
    .$if(which === 'open', (q) => q.where('status', '=', 'open'))
    .orderBy('created_at')
    .execute();
}

export function findSuggestionForUpdate(db: Tx, id: string): Promise<SuggestionRow | undefined> {
  return db.selectFrom('suggestions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function decideSuggestion(
  db: Executor,
  id: string,
  decision: { status: 'accepted' | 'edited'; appliedAs: 'replace' | 'add'; finalText: Uint8Array } | { status: 'rejected' },
  now: Date,
): Promise<void> {
  const set =
    decision.status === 'rejected'
      ? { status: decision.status, final_text: null, applied_as: null }
      : { status: decision.status, final_text: decision.finalText, applied_as: decision.appliedAs };
  await db
    .updateTable('suggestions')
    .set({ ...set, decided_at: now })
    .where('id', '=', id)
    .execute();
}

export async function insertAuthorship(
  db: Executor,
  e: {
    statementId: string;
    fieldKey: string;
    kind: 'wrote' | 'wrote_together' | 'suggested' | 'accepted' | 'edited' | 'rejected';
    authorUserId: string | null;
    withUserId?: string | null;
    excerpt: Uint8Array | null;
  },
) {
  await db
    .insertInto('authorship_events')
    .values({
      statement_id: e.statementId,
      field_key: e.fieldKey,
      kind: e.kind,
      author_user_id: e.authorUserId,
      with_user_id: e.withUserId ?? null,
      excerpt: e.excerpt,
    })
    .execute();
}

export function authorshipOf(db: Executor, statementId: string) {
  return db
    .selectFrom('authorship_events')
    .leftJoin('users as author', 'author.id', 'authorship_events.author_user_id')
    .leftJoin('users as partner', 'partner.id', 'authorship_events.with_user_id')
    .selectAll('authorship_events')
    .select(['author.chosen_name as author_name', 'partner.chosen_name as with_name'])
    .where('statement_id', '=', statementId)
    .orderBy('at')
    .execute();
}
