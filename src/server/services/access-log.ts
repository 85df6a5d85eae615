import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { auditAbout } from '../repositories/audit.ts';
import { useCase } from './use-case.ts';

// "Who has seen it": the person's own audit rows, in words a person can read. Links and
// anonymous readers are one kind to the citizen: someone with the link.

export interface AccessLogEntry {
  at: Date;
  who: { kind: 'self' | 'link' | 'named' | 'system'; name?: string };
  action: string;
  objectType: string | null;
  objectId: string | null;
}

export function accessLogEntry(r: {
  at: Date;
  actor_kind: string;
  actor_name: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
}): AccessLogEntry {
  return {
    at: r.at,
    who:
      r.actor_kind === 'self'
        ? { kind: 'self' }
        : r.actor_kind === 'link' || r.actor_kind === 'anonymous'
          ? { kind: 'link' }
          : r.actor_kind === 'system'
            ? { kind: 'system' }
            : { kind: 'named', name: r.actor_name ?? '' },
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
  };
}

/**
 * Changes to how one signs in stay in view even when done "by you": with a stolen cookie, "you"
 * may be someone else, and this is where the person would notice.
 */
const SIGN_IN_CHANGES = /^account\.(password|second_factor|passkey|recovery_codes|sign_out_everywhere|identity_link|identity_unlink)/;

/**
 * What the log says about this person, newest first: who looked at what, and when. By default
 * only what other people did: the person's own reading and the app's own steps would bury it.
 */
export async function accessLog(deps: AppDeps, actor: Actor, options: { othersOnly: boolean }): Promise<AccessLogEntry[]> {
  authorize(actor, 'account.use');
  return useCase(deps, actor, 'account.log', async ({ tx, audit }) => {
    const rows = await auditAbout(tx, actor.id);
    await audit('account.log', actor.id);
    const entries = rows.map(accessLogEntry);
    return options.othersOnly ? entries.filter((e) => e.who.kind === 'named' || e.who.kind === 'link' || SIGN_IN_CHANGES.test(e.action)) : entries;
  });
}
