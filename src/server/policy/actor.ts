import type { Locale, Role, UserKind } from '../db/schema.ts';

export interface Membership {
  organisationId: string;
  organisationName: string;
  siteId: string | null;
  role: Role;
  volunteer: boolean;
}

export interface SignedInActor {
  kind: 'user';
  id: string;
  username: string;
  chosenName: string;
  userKind: UserKind;
  isAdmin: boolean;
  hasSecondFactor: boolean;
  secondFactorPending: boolean;
  memberships: Membership[];
  sessionId: string;
  locale: Locale;
  /** Writing together at one device: the linked peer sitting with the citizen. */
  togetherWith: string | null;
  /** When this session last proved the password (and second factor): at sign-in, or on "confirm it is you". */
  authenticatedAt: Date | null;
  /** Signs in with a code from an authenticator app (not only a passkey). */
  hasTotp: boolean;
}

export interface AnonymousActor {
  kind: 'anonymous';
  /** The person whose sign-in this browser's cookie was, when it has ended (unused too long, or
   * too old): a form they send now is kept for them until they have signed in again. */
  endedSignInOf?: string;
}

export type Actor = AnonymousActor | SignedInActor;

export const anonymous: Actor = { kind: 'anonymous' };
