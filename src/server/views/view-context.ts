import type { Locale, Messages } from '../i18n/messages.ts';
import type { Actor } from '../policy/actor.ts';
import type { WorkRole } from '../policy/policy.ts';

/**
 * What a view may know about the request: texts, language, who is looking (for the menu),
 * the form token, the address, and the time. Views get data as view models from services and
 * never reach the database, the installation or the raw request.
 */
export interface ViewContext {
  t: Messages;
  locale: Locale;
  actor: Actor;
  csrfToken: string;
  url: URL;
  /** GET pages offer a way back to themselves after changing the language. */
  method: string;
  /** The request's instant, from the installation's clock. */
  now: Date;
  /** The request's calendar date in Danish time (YYYY-MM-DD). */
  today: string;
  /** Whether this installation sends e-mail: without it, no page may promise a mail. */
  mailEnabled: boolean;
  /** The role the person works in now (it decides the home and the menu); null when not signed in. */
  role: WorkRole | null;
  /** Notices the person has not seen yet, for the count in the menu (0 on pages that do not ask). */
  unseenNotices: number;
}
