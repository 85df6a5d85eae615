import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { requireSignedIn } from '../policy/legacy.ts';
import { claimReminder, meetingsDueForReminder } from '../repositories/meetings.ts';
import { findUserById } from '../repositories/users.ts';
import { audit } from './audit.ts';
import { ZONE } from '../../domain/time/copenhagen.ts';

const EMAIL = 'user.email';
export const emailSchema = z.union([z.literal(''), z.email().max(200)]);

export async function setReminderEmail(deps: AppDeps, actor: Actor, email: string): Promise<void> {
  requireSignedIn(actor);
  const user = await findUserById(deps.db, actor.id);
  if (!user) return;
  await deps.db.updateTable('users').set({ email: email ? deps.keyring.sealText(user.data_key, email, EMAIL) : null }).where('id', '=', user.id).execute();
  await audit(deps.db, actor, 'account.email', user.id);
}

export async function reminderEmailOf(deps: AppDeps, actor: Actor): Promise<string> {
  requireSignedIn(actor);
  const user = await findUserById(deps.db, actor.id);
  return user?.email ? deps.keyring.openText(user.data_key, user.email, EMAIL) : '';
}

/**
 * Sends "you have a meeting tomorrow" for meetings 12–36 hours ahead that asked for it. The
 * mail says only the time: no name, no purpose, no one to meet. Without SMTP nothing is sent;
 * the meetings page always shows what is coming.
 */
export async function sendDueReminders(deps: AppDeps): Promise<number> {
  if (!deps.mailer.enabled) return 0;
  const now = deps.now();
  const due = await meetingsDueForReminder(deps.db, new Date(now.getTime() + 12 * 3600_000), new Date(now.getTime() + 36 * 3600_000));
  let sent = 0;
  for (const meeting of due) {
    const owner = await findUserById(deps.db, meeting.owner_id);
    if (!owner?.email) continue;
    if (!(await claimReminder(deps.db, meeting.id, now))) continue;
    const to = deps.keyring.openText(owner.data_key, owner.email, EMAIL);
    const da = owner.locale === 'da';
    const when = new Intl.DateTimeFormat(da ? 'da-DK' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: ZONE }).format(meeting.starts_at);
    const origin = deps.config.PUBLIC_ORIGIN ?? 'http://localhost:3000';
    await deps.mailer.send({
      to,
      subject: da ? 'Påmindelse: du har et møde i morgen' : 'Reminder: you have a meeting tomorrow',
      text: da
        ? `Hej\n\nDu har et møde ${when}.\nDu kan se dit ark og dine noter her: ${origin}/meetings\n\nVenlig hilsen\nEgne ord`
        : `Hello\n\nYou have a meeting ${when}.\nYou can see your sheet and notes here: ${origin}/meetings\n\nBest wishes\nEgne ord`,
    });
    await audit(deps.db, { kind: 'system' }, 'meeting.reminder', meeting.owner_id, { type: 'meeting', id: meeting.id });
    sent++;
  }
  return sent;
}
