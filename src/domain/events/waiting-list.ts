// Seats and the waiting list for an event. Pure rules; the service applies them inside one
// transaction that holds a lock on the event row, so two people asking for the last seat at
// the same moment are decided one after the other.

export type SignupStatus = 'seat' | 'waiting';

export interface Signup {
  userId: string;
  status: SignupStatus;
  signedUpAt: Date;
}

/** A new sign-up gets a seat while any is free; otherwise a place on the waiting list. */
export function statusForNewSignup(capacity: number, seatsTaken: number): SignupStatus {
  return seatsTaken < capacity ? 'seat' : 'waiting';
}

/** First come, first served: by time of sign-up, ties broken by id so the order never wavers. */
export function waitingOrder(signups: readonly Signup[]): Signup[] {
  return signups
    .filter((s) => s.status === 'waiting')
    .sort((a, b) => a.signedUpAt.getTime() - b.signedUpAt.getTime() || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/** Who moves up from the waiting list to fill free seats, first on the list first. */
export function promotions(capacity: number, signups: readonly Signup[]): string[] {
  const seats = signups.filter((s) => s.status === 'seat').length;
  const free = Math.max(0, capacity - seats);
  return waitingOrder(signups)
    .slice(0, free)
    .map((s) => s.userId);
}

/** 1-based place on the waiting list, or null if the person is not waiting. */
export function waitingPosition(signups: readonly Signup[], userId: string): number | null {
  const index = waitingOrder(signups).findIndex((s) => s.userId === userId);
  return index === -1 ? null : index + 1;
}
