import crypto from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import type { Locale } from '../db/schema.ts';
import { anonymous } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { hashToken, newToken } from '../crypto/tokens.ts';
import {
  activateSubscriber,
  activeSubscribers,
  countActiveSubscribers,
  findByConfirmToken,
  findByUnsubscribeToken,
  findNewsletterKey,
  findSubscriberByAddress,
  insertIssue,
  insertNewsletterKey,
  insertSubscriber,
  latestIssues,
  lockByConfirmToken,
  markUnsubscribed,
  renewSubscription,
} from '../repositories/newsletter.ts';
import { consume } from './rate-limit.ts';
import { nothingChanged, useCase } from './use-case.ts';
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
  let row = await findNewsletterKey(deps.db);
  if (!row) {
    await insertNewsletterKey(deps.db, deps.keyring.newWrappedDataKey());
    row = await findNewsletterKey(deps.db);
    if (!row) throw new Error('the newsletter key was not stored');
  }
  cached = { db: deps.db, key: row.wrapped_key };
  return row.wrapped_key;
}

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

export function addressHash(address: string): string {
  return crypto
    .createHash('sha256')
    .update(`newsletter:${normaliseAddress(address)}`)
    .digest('hex');
}

export const addressSchema = z.email().max(254);

function validAddress(address: string): boolean {
  const a = normaliseAddress(address);
  return a.length > 0 && addressSchema.safeParse(a).success;
}

/** The sign-up form: one address. */
export const signUpSchema = z.object({
  address: z.string('newsletter.addressInvalid').trim().refine(validAddress, 'newsletter.addressInvalid'),
});

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
  await consume(deps, 'newsletter-signup-address', hash, 3, 60);
  await consume(deps, 'newsletter-signup-ip', input.ip, 60, 60);
  const key = await newsletterDataKey(deps);
  const confirmToken = newToken();
  const expires = new Date(now.getTime() + CONFIRM_DAYS * 24 * 3600_000);
  const existing = await findSubscriberByAddress(deps.db, hash);
  if (existing?.status === 'active') return;
  await useCase(deps, anonymous, 'newsletter.sign_up', async ({ tx, audit }) => {
    if (existing) {
      await renewSubscription(tx, existing.id, { locale: input.locale, confirmTokenHash: hashToken(confirmToken), confirmExpiresAt: expires });
    } else {
      const unsubscribeToken = newToken();
      await insertSubscriber(tx, {
        addressHash: hash,
        addressSealed: deps.keyring.sealText(key, address, ADDRESS),
        locale: input.locale,
        confirmTokenHash: hashToken(confirmToken),
        confirmExpiresAt: expires,
        unsubscribeTokenHash: hashToken(unsubscribeToken),
        unsubscribeTokenSealed: deps.keyring.sealText(key, unsubscribeToken, UNSUBSCRIBE),
      });
    }
    await audit('newsletter.sign_up', null);
  });
  const m = messagesFor(input.locale);
  const link = `${input.origin}/newsletter/confirm/${confirmToken}`;
  await deps.mailer.send({ to: address, subject: m.confirmMailSubject, text: m.confirmMailText(link, CONFIRM_DAYS) });
}

export type ConfirmOutcome = 'confirmed' | 'alreadyConfirmed' | 'unsubscribed' | 'expired' | 'unknown';

/** What a confirmation link would do, without doing it (the GET page shows a button). */
export async function previewConfirmation(deps: AppDeps, token: string): Promise<ConfirmOutcome | 'ready'> {
  const row = await findByConfirmToken(deps.db, hashToken(token));
  if (!row) return 'unknown';
  if (row.status === 'active') return 'alreadyConfirmed';
  if (row.status === 'unsubscribed') return 'unsubscribed';
  if (!row.confirm_expires_at || row.confirm_expires_at <= deps.now()) return 'expired';
  return 'ready';
}

/** Confirms the address behind a live link; used twice, used after unsubscribing, or expired: no change. */
export async function confirm(deps: AppDeps, token: string): Promise<ConfirmOutcome> {
  return useCase(deps, { kind: 'link' }, 'newsletter.confirm', async ({ tx, now, audit }): Promise<ConfirmOutcome> => {
    const row = await lockByConfirmToken(tx, hashToken(token));
    if (!row) return nothingChanged('unknown');
    if (row.status === 'active') return nothingChanged('alreadyConfirmed');
    if (row.status === 'unsubscribed') return nothingChanged('unsubscribed');
    if (!row.confirm_expires_at || row.confirm_expires_at <= now) return nothingChanged('expired');
    await activateSubscriber(tx, row.id, now);
    await audit('newsletter.confirm', null);
    return 'confirmed';
  });
}

export type UnsubscribeState = 'subscribed' | 'unsubscribed' | 'unknown';

export async function unsubscribeState(deps: AppDeps, token: string): Promise<UnsubscribeState> {
  const row = await findByUnsubscribeToken(deps.db, hashToken(token));
  if (!row) return 'unknown';
  return row.status === 'unsubscribed' ? 'unsubscribed' : 'subscribed';
}

/** One click (or one button) ends every mail to the address; the link keeps working. */
export async function unsubscribe(deps: AppDeps, token: string): Promise<UnsubscribeState> {
  const row = await findByUnsubscribeToken(deps.db, hashToken(token));
  if (!row) return 'unknown';
  if (row.status !== 'unsubscribed') {
    await useCase(deps, { kind: 'link' }, 'newsletter.unsubscribe', async ({ tx, now, audit }) => {
      await markUnsubscribed(tx, row.id, now);
      await audit('newsletter.unsubscribe', null);
    });
  }
  return 'unsubscribed';
}

export const issueSchema = z.object({
  // One line: a line break in a subject must never become a new mail header.
  subject: z
    .string('newsletter.subjectMissing')
    .transform((v) => v.replace(/[\r\n]+/g, ' ').trim())
    .pipe(z.string().min(1, 'newsletter.subjectMissing').max(150, 'newsletter.subjectMissing')),
  body: z.string().trim().min(1, 'newsletter.bodyMissing').max(20000),
});

interface SentIssue {
  id: string;
  subject: string;
  body: string;
  sentAt: Date;
  recipientCount: number;
}

export interface NewsletterDesk {
  issues: SentIssue[];
  subscribers: number;
}

/** What the editor sees: the latest sent issues and how many confirmed subscribers there are. */
export async function newsletterDesk(deps: AppDeps, actor: Actor): Promise<NewsletterDesk> {
  // Only people who manage an organisation (coordinators, admins) write the newsletter.
  authorize(actor, 'organisation.manageSome');
  const rows = await latestIssues(deps.db);
  return {
    issues: rows.map((r) => ({ id: r.id, subject: r.subject, body: r.body, sentAt: r.sent_at, recipientCount: r.recipient_count })),
    subscribers: await countActiveSubscribers(deps.db),
  };
}

/** Sends an issue to confirmed subscribers only, each with their own unsubscribe link. */
export async function sendIssue(deps: AppDeps, actor: Actor, input: z.infer<typeof issueSchema>, origin: string): Promise<{ id: string; recipients: number }> {
  authorize(actor, 'organisation.manageSome');
  const key = await newsletterDataKey(deps);
  const subscribers = await activeSubscribers(deps.db);
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
  const id = await useCase(deps, actor, 'newsletter.send', async ({ tx, now, audit }) => {
    const issueId = await insertIssue(tx, { subject: input.subject, body: input.body, sentBy: actor.id, sentAt: now, recipientCount: sent });
    await audit('newsletter.send', null, { type: 'newsletter_issue', id: issueId });
    return issueId;
  });
  return { id, recipients: sent };
}
