import { sentenceSpans } from '../sheets/text.ts';

export interface Token {
  /** UTF-16 offsets into the original text, so matches can be highlighted where they are. */
  start: number;
  end: number;
  raw: string;
  /** Lower case, curly apostrophe made straight, hyphens removed: "Recovery-orienteret" → "recoveryorienteret". */
  norm: string;
  /** Like norm but keeping case, for entries that only match in capitals (ECT, KAT). */
  exact: string;
  /** Index of the sentence the token is in. */
  sentence: number;
}

// Letters, marks and digits, joined by inner hyphens and apostrophes ("§ 85-støtte", "I'm"),
// and by a dot or comma between digits ("14.30"). "§" is its own token so jargon like
// "§ 85-støtte" can be listed. No nested quantifiers, so the scan stays linear.
const WORD = /[\p{L}\p{M}\p{N}]+(?:(?:['’\u2010-]|(?<=\p{N})[.,](?=\p{N}))[\p{L}\p{M}\p{N}]+)*|§/gu;
const LETTER = /\p{L}/gu;

export function normalise(word: string): string {
  return word
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/[\u2010-]/g, '');
}

export function exactForm(word: string): string {
  return word.replace(/’/g, "'").replace(/[\u2010-]/g, '');
}

export function tokenize(text: string): Token[] {
  const spans = sentenceSpans(text);
  const tokens: Token[] = [];
  let s = 0;
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    const raw = m[0];
    while (s < spans.length - 1 && (spans[s]?.end ?? 0) <= start) s++;
    tokens.push({ start, end: start + raw.length, raw, norm: normalise(raw), exact: exactForm(raw), sentence: s });
  }
  return tokens;
}

/** Tokens that are words for counting: "§" alone is not one. */
export function isWord(token: Token): boolean {
  return token.raw !== '§';
}

export function letterCount(word: string): number {
  return word.match(LETTER)?.length ?? 0;
}
