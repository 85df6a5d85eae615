import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { claimReminder, meetingsDueForReminder } from '../repositories/meetings.ts';
import { findUserById, setEmail } from '../repositories/users.ts';
import { nothingChanged, useCase } from './use-case.ts';
import { formatMeetingTime } from '../i18n/dates.ts';

const EMAIL = 'user.email';
export const emailSchema = z.union([z.literal(''), z.email().max(200)]);

export async function setReminderEmail(deps: AppDeps, actor: Actor, email: string): Promise<void> {
  authorize(actor, 'account.use');
  const user = await findUserById(deps.db, actor.id);
  if (!user) return;
  await useCase(deps, actor, 'account.email', async ({ tx, audit }) => {
    await setEmail(tx, user.id, email ? deps.keyring.sealText(user.data_key, email, EMAIL) : null);
    await audit('account.email', user.id);
  });
}

export async function reminderEmailOf(deps: AppDeps, actor: Actor): Promise<string> {
  authorize(actor, 'account.use');
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
    const email = owner.email;
    // Claimed, sent and logged in one transaction: claimed once across instances, and a
    // failed send leaves the reminder unclaimed for the next round.
    const claimed = await useCase(deps, { kind: 'system' }, 'meeting.reminder', async ({ tx, audit }) => {
      if (!(await claimReminder(tx, meeting.id, now))) nothingChanged(false);
      const to = deps.keyring.openText(owner.data_key, email, EMAIL);
      const da = owner.locale === 'da';
      const when = formatMeetingTime(da ? 'da' : 'en', meeting.starts_at);
      const origin = deps.config.PUBLIC_ORIGIN ?? 'http://localhost:3000';
      await deps.mailer.send({
        to,
        subject: da ? 'Påmindelse: du har et møde i morgen' : 'Reminder: you have a meeting tomorrow',
        text: da
          ? `Hej\n\nDu har et møde ${when}.\nDu kan se dit ark og dine noter her: ${origin}/meetings\n\nVenlig hilsen\nEgne ord`
          : `Hello\n\nYou have a meeting ${when}.\nYou can see your sheet and notes here: ${origin}/meetings\n\nBest wishes\nEgne ord`,
      });
      await audit('meeting.reminder', meeting.owner_id, { type: 'meeting', id: meeting.id });
      return true;
    });
    if (claimed) sent++;
  }
  return sent;
}
