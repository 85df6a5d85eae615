// The errors a service may throw. They live outside `http/` so that services, repositories and
// the policy never depend on the web layer; the request pipeline maps each one to a status.

/** The object does not exist, or the caller may not know that it exists. → 404 */
export class NotFound extends Error {
  constructor() {
    super('not found');
  }
}

/** The change was made on an older version than the stored one. → 409 */
export class Conflict extends Error {
  constructor(message = 'conflict') {
    super(message);
  }
}

/** The policy refused. → 403 */
export class AccessDenied extends Error {
  constructor() {
    super('access denied');
  }
}

/**
 * Too many attempts for now. → 429, with Retry-After saying how long to wait. `reason`: many
 * attempts (right or wrong) from one place, or failures for one name (the growing delay).
 */
export class RateLimited extends Error {
  readonly retryAfterSeconds: number;
  readonly reason: 'attempts' | 'failures';
  constructor(retryAfterSeconds = 60, reason: 'attempts' | 'failures' = 'attempts') {
    super('rate limited');
    this.retryAfterSeconds = retryAfterSeconds;
    this.reason = reason;
  }
}

/** The input is well-formed HTTP but not a valid value (a date rule, a missing choice). → 400 */
export class BadInput extends Error {
  /** Field name → message keys, for the form to show beside each field. */
  readonly fields: Record<string, string>;
  constructor(fields: Record<string, string> = {}) {
    super('bad input');
    this.fields = fields;
  }
}

/** Changing how one signs in needs a fresh "confirm it is you" on this session. → 303 to /account/confirm */
export class ReauthenticationRequired extends Error {
  constructor() {
    super('reauthentication required');
  }
}
