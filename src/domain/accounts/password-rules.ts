// Password rules after NIST SP 800-63B (5.1.1.2): a minimum length and no composition rules
// (no "one digit and one capital"), but a check against passwords that are common, built from
// patterns, or made from the person's own names. How guessable a password is comes from an
// estimator handed in (zxcvbn-ts in the server), so that the rule itself stays pure.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Why a password is refused; the view turns each code into words and a suggestion. */
export type PasswordProblem = 'tooShort' | 'tooLong' | 'personal' | 'common' | 'pattern' | 'guessable';

/** What a password was read as, part by part. */
export type PasswordPart = 'personal' | 'commonPassword' | 'word' | 'pattern' | 'other';

export interface StrengthEstimate {
  /** zxcvbn's scale: 0 (guessed at once) to 4 (very hard to guess). */
  score: number;
  parts: PasswordPart[];
}

/** Estimates how guessable `password` is, counting `personalWords` as known to an attacker. */
export type EstimateStrength = (password: string, personalWords: string[]) => StrengthEstimate;

// Score 3 is at least 10^8 guesses: with a slow hash (argon2id) that is out of reach offline,
// and sign-in limits keep online guessing far below it.
const ACCEPTED_SCORE = 3;

// The service's own name is as guessable as the person's: NIST names it among the context words.
const SERVICE_WORDS = ['egne ord', 'egneord'];

/** The words an attacker would try first for this person: their names and the service's. */
export function personalWords(person: { username: string; chosenName: string }): string[] {
  const whole = [person.username, person.chosenName].map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0);
  const pieces = whole.flatMap((w) => w.split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3);
  return [...new Set([...whole, ...pieces, ...SERVICE_WORDS])];
}

export function passwordProblem(password: string, person: { username: string; chosenName: string }, estimate: EstimateStrength): PasswordProblem | null {
  // Characters as people count them (an emoji is one), as NIST asks.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'tooLong';
  const result = estimate(password, personalWords(person));
  if (result.score >= ACCEPTED_SCORE) return null;
  if (result.parts.includes('personal')) return 'personal';
  if (result.parts.includes('commonPassword')) return 'common';
  if (result.parts.includes('pattern')) return 'pattern';
  return 'guessable';
}
