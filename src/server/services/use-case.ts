import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../policy/actor.ts';
import { audit, type AuditActor } from './audit.ts';

// Every service function that reads or changes a citizen's data runs its work through
// `useCase`: one transaction, and an audit writer bound to that same transaction, so the audit
// row exists exactly when the work happened. A use case that writes no audit row is rolled back
// with MissingAudit — a forgotten audit call fails the first test that takes the path instead of
// silently leaving a change unlogged. Work on data that is not a citizen's (events, the
// newsletter, questionnaires) says so by name with `withoutAudit`.
//
// Services never call `db.transaction()` themselves: the architecture test forbids it.

export interface Work {
  /** The transaction: pass it to repository functions. */
  readonly tx: Tx;
  /** One instant for the whole use case, from the installation's clock. */
  readonly now: Date;
  /** Writes an audit row in this transaction, as the use case's actor. */
  audit(action: string, subjectUserId: string | null, object?: { type: string; id: string }): Promise<void>;
}

export class MissingAudit extends Error {
  constructor(what: string) {
    super(`use case "${what}" read or changed a citizen's data without writing an audit row`);
  }
}

/**
 * Runs `work` in one transaction as `actor`. `name` identifies the use case in the MissingAudit
 * error and is never shown to people. Access is checked by the caller before calling this.
 */
export async function useCase<T>(deps: Pick<AppDeps, 'db' | 'now'>, actor: Actor | AuditActor, name: string, work: (w: Work) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction().execute(async (tx) => {
      let audited = 0;
      const now = deps.now();
      const result = await work({
        tx,
        now,
        audit: async (action, subjectUserId, object) => {
          audited++;
          await audit(tx, actor, action, subjectUserId, object);
        },
      });
      if (audited === 0) throw new MissingAudit(name);
      return result;
    });
  } catch (e) {
    if (e instanceof Unchanged) return e.result as T;
    throw e;
  }
}

class Unchanged {
  readonly result: unknown;
  constructor(result: unknown) {
    this.result = result;
  }
}

/**
 * Leaves a use case that found nothing to change (a code already used, a suggestion already
 * decided, a consent already withdrawn): the transaction is rolled back, so no audit row is
 * needed, and `useCase` returns `result`.
 */
export function nothingChanged(result?: unknown): never {
  throw new Unchanged(result);
}

/**
 * Runs a step of a use case that may end with `nothingChanged` on its own (refreshSnapshotIn,
 * when what was brought to a past meeting stays): the enclosing use case goes on with the
 * step's result instead of ending there.
 */
export async function orNothingChanged<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (e) {
    if (e instanceof Unchanged) return e.result as T;
    throw e;
  }
}

/**
 * A transaction for data that belongs to no citizen (events, newsletter, questionnaires,
 * organisation settings). `why` is for the reader of the code: it says which data this is.
 */
export async function withoutAudit<T>(deps: Pick<AppDeps, 'db' | 'now'>, why: string, work: (w: { tx: Tx; now: Date }) => Promise<T>): Promise<T> {
  void why;
  return deps.db.transaction().execute((tx) => work({ tx, now: deps.now() }));
}
