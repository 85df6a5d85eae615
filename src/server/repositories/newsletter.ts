import type { Executor, Tx } from '../db/database.ts';
import type { Locale } from '../db/schema.ts';

// The newsletter: its key, its subscribers (sealed addresses, hashed tokens) and the sent issues.

export function findNewsletterKey(db: Executor) {
  return db.selectFrom('system_keys').select('wrapped_key').where('name', '=', 'newsletter').executeTakeFirst();
}

/** Stores the key unless another request stored one first; read it back with findNewsletterKey. */
export async function insertNewsletterKey(db: Executor, wrappedKey: Uint8Array): Promise<void> {
  await db
    .insertInto('system_keys')
    .values({ name: 'newsletter', wrapped_key: wrappedKey })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export function findSubscriberByAddress(db: Executor, addressHash: string) {
  return db.selectFrom('newsletter_subscribers').select(['id', 'status']).where('address_hash', '=', addressHash).executeTakeFirst();
}

export async function renewSubscription(db: Executor, id: string, s: { locale: Locale; confirmTokenHash: string; confirmExpiresAt: Date }): Promise<void> {
  await db
    .updateTable('newsletter_subscribers')
    .set({
      status: 'pending',
      locale: s.locale,
      confirm_token_hash: s.confirmTokenHash,
      confirm_expires_at: s.confirmExpiresAt,
      confirmed_at: null,
      unsubscribed_at: null,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertSubscriber(
  db: Executor,
  s: {
    addressHash: string;
    addressSealed: Uint8Array;
    locale: Locale;
    confirmTokenHash: string;
    confirmExpiresAt: Date;
    unsubscribeTokenHash: string;
    unsubscribeTokenSealed: Uint8Array;
  },
): Promise<void> {
  await db
    .insertInto('newsletter_subscribers')
    .values({
      address_hash: s.addressHash,
      address_sealed: s.addressSealed,
      locale: s.locale,
      status: 'pending',
      confirm_token_hash: s.confirmTokenHash,
      confirm_expires_at: s.confirmExpiresAt,
      unsubscribe_token_hash: s.unsubscribeTokenHash,
      unsubscribe_token_sealed: s.unsubscribeTokenSealed,
    })
    .onConflict((oc) => oc.column('address_hash').doNothing())
    .execute();
}

export function findByConfirmToken(db: Executor, confirmTokenHash: string) {
  return db.selectFrom('newsletter_subscribers').select(['status', 'confirm_expires_at']).where('confirm_token_hash', '=', confirmTokenHash).executeTakeFirst();
}

export function lockByConfirmToken(tx: Tx, confirmTokenHash: string) {
  return tx
    .selectFrom('newsletter_subscribers')
    .select(['id', 'status', 'confirm_expires_at'])
    .where('confirm_token_hash', '=', confirmTokenHash)
    .forUpdate()
    .executeTakeFirst();
}

/** Confirms a subscription that is still waiting for it. */
export async function activateSubscriber(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('newsletter_subscribers').set({ status: 'active', confirmed_at: now }).where('id', '=', id).where('status', '=', 'pending').execute();
}

export function findByUnsubscribeToken(db: Executor, unsubscribeTokenHash: string) {
  return db.selectFrom('newsletter_subscribers').select(['id', 'status']).where('unsubscribe_token_hash', '=', unsubscribeTokenHash).executeTakeFirst();
}

export async function markUnsubscribed(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('newsletter_subscribers').set({ status: 'unsubscribed', unsubscribed_at: now }).where('id', '=', id).execute();
}

export function latestIssues(db: Executor) {
  return db.selectFrom('newsletter_issues').select(['id', 'subject', 'body', 'sent_at', 'recipient_count']).orderBy('sent_at', 'desc').limit(50).execute();
}

export async function countActiveSubscribers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('newsletter_subscribers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function activeSubscribers(db: Executor) {
  return db
    .selectFrom('newsletter_subscribers')
    .select(['id', 'address_sealed', 'unsubscribe_token_sealed', 'locale'])
    .where('status', '=', 'active')
    .execute();
}

export async function insertIssue(db: Executor, i: { subject: string; body: string; sentBy: string; sentAt: Date; recipientCount: number }): Promise<string> {
  const row = await db
    .insertInto('newsletter_issues')
    .values({ subject: i.subject, body: i.body, sent_by: i.sentBy, sent_at: i.sentAt, recipient_count: i.recipientCount })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
