import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/database.ts';
import type { Actor, AnonymousActor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { NotFound } from '../errors.ts';
import {
  countKeptForms,
  deleteKeptForm,
  deleteKeptFormsBeyond,
  findKeptForm,
  insertKeptForm,
  keptFormsOfUser,
  type KeptFormRow,
} from '../repositories/kept-forms.ts';
import { findUserById } from '../repositories/users.ts';
import { nothingChanged, useCase } from './use-case.ts';

// A form sent after the sender's sign-in ended is not lost: a professional writes the shared
// decisions through a long meeting, a peer is called away from a note, and a staff sign-in ends
// after half an hour unused (a ward computer is used by the next person). The form is kept,
// sealed with the sender's own data key, for that person only; after signing in again, on any
// computer, they see it and send it on as it was, or throw it away.

/** How long a kept form waits for its sender to sign in again. */
const KEPT_FORM_HOURS = 24;
/** A person's kept forms beyond this many, the oldest first, are not kept. */
const KEPT_FORMS_PER_PERSON = 10;
const FIELDS = 'kept.form';

type FormValues = Record<string, string | string[]>;

export interface KeptForm {
  id: string;
  /** The path the form was sent to; sending it on sends it there. */
  path: string;
  fields: FormValues;
  keptAt: Date;
  /** When it is deleted if nothing is done. */
  expiresAt: Date;
}

/**
 * Keeps a form that arrived after its sender's sign-in ended; returns its id, or null when the
 * request came with no ended sign-in.
 */
export async function keepUnsentForm(deps: AppDeps, actor: AnonymousActor, path: string, fields: FormValues): Promise<string | null> {
  const userId = actor.endedSignInOf;
  if (!userId) return null;
  return useCase(deps, { kind: 'system' }, 'kept_form.keep', async ({ tx, now, audit }) => {
    const user = await findUserById(tx, userId);
    if (!user || user.disabled_at) nothingChanged(null);
    const id = await storeSealed(deps, tx, user, { path, fields, keptAt: now, expiresAt: new Date(now.getTime() + KEPT_FORM_HOURS * 3600_000) });
    await deleteKeptFormsBeyond(tx, userId, KEPT_FORMS_PER_PERSON);
    await audit('kept_form.keep', userId);
    return id;
  });
}

/** The signed-in person's kept forms, newest first. */
export async function keptFormsOf(deps: AppDeps, actor: Actor): Promise<KeptForm[]> {
  authorize(actor, 'account.use');
  return useCase(deps, actor, 'kept_form.read', async ({ tx, now, audit }) => {
    const rows = await keptFormsOfUser(tx, actor.id, now);
    const user = rows.length ? await findUserById(tx, actor.id) : undefined;
    if (!user) nothingChanged([]);
    await audit('kept_form.read', actor.id);
    return rows.map((row) => opened(deps, user.data_key, row));
  });
}

/** How many kept forms wait for the signed-in person: the home page says so, whichever
 * computer they signed in on. A count reads none of their text. */
export async function keptFormCount(deps: AppDeps, actor: Actor): Promise<number> {
  authorize(actor, 'account.use');
  return countKeptForms(deps.db, actor.id, deps.now());
}

/** Takes one of the person's kept forms out to send it on: it is gone from the store in the same step. */
export async function takeKeptForm(deps: AppDeps, actor: Actor, id: string): Promise<KeptForm> {
  authorize(actor, 'account.use');
  return useCase(deps, actor, 'kept_form.send', async ({ tx, now, audit }) => {
    const row = await findKeptForm(tx, id, actor.id, now);
    const user = row && (await findUserById(tx, actor.id));
    if (!row || !user) throw new NotFound();
    await deleteKeptForm(tx, id, actor.id);
    await audit('kept_form.send', actor.id);
    return opened(deps, user.data_key, row);
  });
}

/** Puts a taken form back, as it was, when the address it was sent on to did not take it. */
export async function keepAgain(deps: AppDeps, actor: Actor, kept: KeptForm): Promise<void> {
  authorize(actor, 'account.use');
  await useCase(deps, actor, 'kept_form.keep', async ({ tx, audit }) => {
    const user = await findUserById(tx, actor.id);
    if (!user) nothingChanged();
    await storeSealed(deps, tx, user, kept);
    await audit('kept_form.keep', actor.id);
  });
}

/** Throws one of the person's kept forms away. */
export async function discardKeptForm(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'account.use');
  await useCase(deps, actor, 'kept_form.discard', async ({ tx, audit }) => {
    if (!(await deleteKeptForm(tx, id, actor.id))) throw new NotFound();
    await audit('kept_form.discard', actor.id);
  });
}

/** Stores a form sealed with its sender's data key; returns its id. */
function storeSealed(deps: AppDeps, tx: Tx, user: { id: string; data_key: Uint8Array }, form: Omit<KeptForm, 'id'>): Promise<string> {
  const fields = deps.keyring.sealJson(user.data_key, form.fields, FIELDS);
  return insertKeptForm(tx, { userId: user.id, path: form.path, fields, at: form.keptAt, expiresAt: form.expiresAt });
}

function opened(deps: AppDeps, dataKey: Uint8Array, row: KeptFormRow): KeptForm {
  return {
    id: row.id,
    path: row.path,
    fields: deps.keyring.openJson<FormValues>(dataKey, row.fields, FIELDS),
    keptAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
