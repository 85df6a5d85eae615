import crypto from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Locale } from '../db/schema.ts';
import { managedOrganisations } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { hashToken, newToken } from '../crypto/tokens.ts';
import { consume } from './rate-limit.ts';
import { audit } from './audit.ts';
import { messagesFor as catalogue } from '../i18n/messages.ts';

// The peer network's newsletter. Anyone may sign up with an e-mail address; nothing but the
// confirmation mail is sent until the owner of the address confirms (double opt-in). The
// address is sealed with an installation-level newsletter key (people here have no account,
// so no personal key); lookups use a SHA-256 of the normalised address.

const ADDRESS = 'newsletter.address';
const UNSUBSCRIBE = 'newsletter.unsubscribe';
const CONFIRM_DAYS = 7;

let cached: { db: unknown; key: Uint8Array } | undefined;

/** The installation's newsletter key (wrapped by the installation key), made on first use. */
export async function newsletterDataKey(deps: Pick<AppDeps, 'db' | 'keyring'>): Promise<Uint8Array> {
  if (cached && cached.db === deps.db) return cached.key;
  let row = await deps.db.selectFrom('system_keys').select('wrapped_key').where('name', '=', 'newsletter').executeTakeFirst();
  if (!row) {
    await deps.db
      .insertInto('system_keys')
      .values({ name: 'newsletter', wrapped_key: deps.keyring.newWrappedDataKey() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    row = await deps.db.selectFrom('system_keys').select('wrapped_key').where('name', '=', 'newsletter').executeTakeFirstOrThrow();
  }
  cached = { db: deps.db, key: row.wrapped_key };
  return row.wrapped_key;
}

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

export function addressHash(address: string): string {
  return crypto.createHash('sha256').update(`newsletter:${normaliseAddress(address)}`).digest('hex');
}

export const addressSchema = z.email().max(254);

export function validAddress(address: string): boolean {
  const a = normaliseAddress(address);
  return a.length > 0 && addressSchema.safeParse(a).success;
}

function messagesFor(locale: Locale) {
  return catalogue(locale).newsletter;
}

function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * Sign-up. The answer is the same whether the address is new, waiting, already confirmed or
 * unsubscribed earlier: the caller shows "check your e-mail" in every case. A confirmation mail
 * is sent to new, waiting and earlier-unsubscribed addresses; a confirmed address gets nothing.
 */
export async function signUp(deps: AppDeps, input: { address: string; locale: Locale; origin: string; ip: string }): Promise<void> {
  const address = normaliseAddress(input.address);
  if (!validAddress(address)) throw new Error('invalid address');
  const hash = addressHash(address);
  const now = deps.now();
  await consume(deps.db, 'newsletter-signup-address', hash, 3, 60, now);
  await consume(deps.db, 'newsletter-signup-ip', input.ip, 60, 60, now);
  const key = await newsletterDataKey(deps);
  const confirmToken = newToken();
  const expires = new Date(now.getTime() + CONFIRM_DAYS * 24 * 3600_000);
  const existing = await deps.db.selectFrom('newsletter_subscribers').select(['id', 'status']).where('address_hash', '=', hash).executeTakeFirst();
  if (existing?.status === 'active') return;
  if (existing) {
    await deps.db
      .updateTable('newsletter_subscribers')
      .set({ status: 'pending', locale: input.locale, confirm_token_hash: hashToken(confirmToken), confirm_expires_at: expires, confirmed_at: null, unsubscribed_at: null })
      .where('id', '=', existing.id)
      .execute();
  } else {
    const unsubscribeToken = newToken();
    await deps.db
      .insertInto('newsletter_subscribers')
      .values({
        address_hash: hash,
        address_sealed: deps.keyring.sealText(key, address, ADDRESS),
        locale: input.locale,
        status: 'pending',
        confirm_token_hash: hashToken(confirmToken),
        confirm_expires_at: expires,
        unsubscribe_token_hash: hashToken(unsubscribeToken),
        unsubscribe_token_sealed: deps.keyring.sealText(key, unsubscribeToken, UNSUBSCRIBE),
      })
      .onConflict((oc) => oc.column('address_hash').doNothing())
      .execute();
  }
  await audit(deps.db, { kind: 'anonymous' }, 'newsletter.sign_up', null);
  const m = messagesFor(input.locale);
  const link = `${input.origin}/newsletter/confirm/${confirmToken}`;
  await deps.mailer.send({ to: address, subject: m.confirmMailSubject, text: m.confirmMailText(link, CONFIRM_DAYS) });
}

export type ConfirmOutcome = 'confirmed' | 'alreadyConfirmed' | 'unsubscribed' | 'expired' | 'unknown';

/** What a confirmation link would do, without doing it (the GET page shows a button). */
export async function previewConfirmation(deps: AppDeps, token: string): Promise<ConfirmOutcome | 'ready'> {
  const row = await deps.db
    .selectFrom('newsletter_subscribers')
    .select(['status', 'confirm_expires_at'])
    .where('confirm_token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return 'unknown';
  if (row.status === 'active') return 'alreadyConfirmed';
  if (row.status === 'unsubscribed') return 'unsubscribed';
  if (!row.confirm_expires_at || row.confirm_expires_at <= deps.now()) return 'expired';
  return 'ready';
}

/** Confirms the address behind a live link; used twice, used after unsubscribing, or expired: no change. */
export async function confirm(deps: AppDeps, token: string): Promise<ConfirmOutcome> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('newsletter_subscribers')
      .select(['id', 'status', 'confirm_expires_at'])
      .where('confirm_token_hash', '=', hashToken(token))
      .forUpdate()
      .executeTakeFirst();
    if (!row) return 'unknown';
    if (row.status === 'active') return 'alreadyConfirmed';
    if (row.status === 'unsubscribed') return 'unsubscribed';
    if (!row.confirm_expires_at || row.confirm_expires_at <= deps.now()) return 'expired';
    await trx.updateTable('newsletter_subscribers').set({ status: 'active', confirmed_at: deps.now() }).where('id', '=', row.id).where('status', '=', 'pending').execute();
    await audit(trx, { kind: 'link' }, 'newsletter.confirm', null);
    return 'confirmed';
  });
}

export type UnsubscribeState = 'subscribed' | 'unsubscribed' | 'unknown';

export async function unsubscribeState(deps: AppDeps, token: string): Promise<UnsubscribeState> {
  const row = await deps.db.selectFrom('newsletter_subscribers').select('status').where('unsubscribe_token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row) return 'unknown';
  return row.status === 'unsubscribed' ? 'unsubscribed' : 'subscribed';
}

/** One click (or one button) ends every mail to the address; the link keeps working. */
export async function unsubscribe(deps: AppDeps, token: string): Promise<UnsubscribeState> {
  const row = await deps.db.selectFrom('newsletter_subscribers').select(['id', 'status']).where('unsubscribe_token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row) return 'unknown';
  if (row.status !== 'unsubscribed') {
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('newsletter_subscribers').set({ status: 'unsubscribed', unsubscribed_at: deps.now() }).where('id', '=', row.id).execute();
      await audit(trx, { kind: 'link' }, 'newsletter.unsubscribe', null);
    });
  }
  return 'unsubscribed';
}

export const issueSchema = z.object({
  // One line: a line break in a subject must never become a new mail header.
  subject: z.string().transform((v) => v.replace(/[\r\n]+/g, ' ').trim()).pipe(z.string().min(1).max(150)),
  body: z.string().trim().min(1).max(20000),
});

export interface SentIssue {
  id: string;
  subject: string;
  body: string;
  sentAt: Date;
  recipientCount: number;
}

/** Only people who manage an organisation (coordinators, admins) write the newsletter. */
function requireNewsletterEditor(actor: Actor): void {
  if (actor.kind !== 'user') throw new AccessDenied();
  if (!actor.isAdmin && managedOrganisations(actor).length === 0) throw new AccessDenied();
}

export async function sentIssues(deps: AppDeps, actor: Actor): Promise<SentIssue[]> {
  requireNewsletterEditor(actor);
  const rows = await deps.db.selectFrom('newsletter_issues').select(['id', 'subject', 'body', 'sent_at', 'recipient_count']).orderBy('sent_at', 'desc').limit(50).execute();
  return rows.map((r) => ({ id: r.id, subject: r.subject, body: r.body, sentAt: r.sent_at, recipientCount: r.recipient_count }));
}

export async function activeSubscriberCount(deps: AppDeps, actor: Actor): Promise<number> {
  requireNewsletterEditor(actor);
  const row = await deps.db.selectFrom('newsletter_subscribers').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sends an issue to confirmed subscribers only, each with their own unsubscribe link. */
export async function sendIssue(deps: AppDeps, actor: Actor, input: z.infer<typeof issueSchema>, origin: string): Promise<{ id: string; recipients: number }> {
  requireNewsletterEditor(actor);
  if (actor.kind !== 'user') throw new AccessDenied();
  const key = await newsletterDataKey(deps);
  const subscribers = await deps.db.selectFrom('newsletter_subscribers').select(['id', 'address_sealed', 'unsubscribe_token_sealed', 'locale']).where('status', '=', 'active').execute();
  let sent = 0;
  for (const s of subscribers) {
    const address = deps.keyring.openText(key, s.address_sealed, ADDRESS);
    const token = deps.keyring.openText(key, s.unsubscribe_token_sealed, UNSUBSCRIBE);
    const url = `${origin}/newsletter/unsubscribe/${token}`;
    const m = messagesFor(s.locale);
    try {
      await deps.mailer.send({ to: address, subject: input.subject, text: `${input.body}\n\n-- \n${m.issueFooter(url)}`, headers: unsubscribeHeaders(url) });
      sent += 1;
    } catch (error) {
      // One failing address must not stop the rest; nothing personal goes to the log.
      deps.logger.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'newsletter mail failed');
    }
  }
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('newsletter_issues')
      .values({ subject: input.subject, body: input.body, sent_by: actor.id, sent_at: deps.now(), recipient_count: sent })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, 'newsletter.send', null, { type: 'newsletter_issue', id: inserted.id });
    return inserted;
  });
  return { id: row.id, recipients: sent };
}
