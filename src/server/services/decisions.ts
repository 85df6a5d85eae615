import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import { findUserById } from '../repositories/users.ts';
import { findMeeting, findMeetingForUpdate, findPlan } from '../repositories/meetings.ts';
import { decisionVersions, insertDecisionVersion } from '../repositories/decisions.ts';
import { insertNotice } from '../repositories/notices.ts';
import { nothingChanged, useCase, type Work } from './use-case.ts';
import { applyEdit, emptyRecord, type DecisionRecord, type Party, type PartyEdit } from '../../domain/decisions/record.ts';

// The decision record of a meeting (domain/decisions/record.ts), sealed with the citizen's key.
// Each save is a new version; a save based on an older revision is refused with the current
// record, so both texts can be shown.

const DECISIONS = 'meeting.decisions';
/** The free-text plans of before decision records. */
const PLAN = 'meeting.plan';

export interface DecisionVersion {
  id: string;
  revision: number;
  by: Party;
  /** The citizen's name, or the professional's (their account's name, or the name they wrote). */
  name: string;
  at: Date;
  record: DecisionRecord;
}

export interface DecisionRecordView {
  record: DecisionRecord;
  /** The revision a save must be based on; 0 before anything is written. */
  revision: number;
  /** Newest first. */
  versions: DecisionVersion[];
  /** A free-text plan written before decision records existed: shown as it was. */
  legacyPlan: { id: string; text: string; author: string; updatedAt: Date } | null;
}

type Owner = { id: string; data_key: Uint8Array; chosen_name: string };

/** The record as it is now, with who wrote each version. Runs inside the caller's use case. */
export async function loadDecisionRecord(deps: AppDeps, db: Executor, meetingId: string, owner: Owner): Promise<DecisionRecordView> {
  const rows = await decisionVersions(db, meetingId);
  const versions: DecisionVersion[] = [];
  let record = emptyRecord();
  for (const row of rows) {
    record = deps.keyring.openJson<DecisionRecord>(owner.data_key, row.content, DECISIONS);
    let name = owner.chosen_name;
    if (row.author_party === 'professional') {
      const account = row.author_user_id ? await findUserById(db, row.author_user_id) : undefined;
      name = account?.chosen_name ?? record.professionalName;
    }
    versions.unshift({ id: row.id, revision: row.revision, by: row.author_party, name, at: row.created_at, record });
  }
  const plan = await findPlan(db, meetingId);
  let legacyPlan: DecisionRecordView['legacyPlan'] = null;
  if (plan) {
    const written = deps.keyring.openJson<{ text: string; author: string }>(owner.data_key, plan.content, PLAN);
    const account = plan.author_user_id ? await findUserById(db, plan.author_user_id) : undefined;
    legacyPlan = { id: plan.id, text: written.text, author: account?.chosen_name ?? written.author, updatedAt: plan.updated_at };
  }
  return { record, revision: rows.at(-1)?.revision ?? 0, versions, legacyPlan };
}

export type SaveDecisionsResult = { ok: true } | { ok: false; reason: 'conflict'; current: DecisionRecordView };

/**
 * One party's save, inside the caller's use case: refused when the record changed since
 * `baseRevision`, otherwise a new version. When the professional writes, the citizen gets a notice.
 */
export async function saveDecisionsIn(
  deps: AppDeps,
  { tx, now, audit }: Work,
  s: { meetingId: string; owner: Owner; party: Party; authorUserId: string | null; shareId: string | null; edit: PartyEdit; baseRevision: number },
): Promise<SaveDecisionsResult> {
  if (!(await findMeetingForUpdate(tx, s.meetingId))) throw new NotFound();
  const current = await loadDecisionRecord(deps, tx, s.meetingId, s.owner);
  if (current.revision !== s.baseRevision) nothingChanged({ ok: false, reason: 'conflict', current });
  const next = applyEdit(current.record, s.party, s.edit, randomUUID);
  if (JSON.stringify(next) === JSON.stringify(current.record)) nothingChanged({ ok: true });
  const row = await insertDecisionVersion(tx, {
    meetingId: s.meetingId,
    ownerId: s.owner.id,
    revision: current.revision + 1,
    authorParty: s.party,
    authorUserId: s.authorUserId,
    shareId: s.shareId,
    content: deps.keyring.sealJson(s.owner.data_key, next, DECISIONS),
    now,
  });
  if (!row) nothingChanged({ ok: false, reason: 'conflict', current });
  if (s.party === 'professional') {
    await audit(current.revision === 0 ? 'plan.create' : 'plan.update', s.owner.id, { type: 'share', id: s.shareId ?? s.meetingId });
    await insertNotice(tx, { recipientId: s.owner.id, actorId: s.authorUserId, kind: 'plan', subjectId: s.meetingId, now });
  } else {
    await audit('decisions.save', s.owner.id, { type: 'meeting', id: s.meetingId });
  }
  return { ok: true };
}

export async function saveCitizenDecisions(
  deps: AppDeps,
  actor: Actor,
  meetingId: string,
  edit: PartyEdit,
  baseRevision: number,
): Promise<SaveDecisionsResult> {
  const meeting = await findMeeting(deps.db, meetingId);
  if (!meeting) throw new NotFound();
  authorize(actor, 'meeting.own', { ownerId: meeting.owner_id });
  const owner = await findUserById(deps.db, meeting.owner_id);
  if (!owner) throw new NotFound();
  return useCase(deps, actor, 'decisions.save', (work) =>
    saveDecisionsIn(deps, work, { meetingId, owner, party: 'citizen', authorUserId: actor.id, shareId: null, edit, baseRevision }),
  );
}
