import type { Token } from './tokens.ts';
import { exactForm, normalise } from './tokens.ts';

interface Entry<T> {
  words: string[];
  caseSensitive: boolean;
  data: T;
}

interface PhraseMatch<T> {
  data: T;
  /** Index of the last token of the match. */
  last: number;
}

export interface PhraseMatcher<T> {
  /** The longest entry starting at token i that stays inside one sentence, or null. */
  matchAt(tokens: readonly Token[], i: number): PhraseMatch<T> | null;
}

// Only words written wholly in capitals ("ECT", "KAT") are case-sensitive: lower-case "kat" is a cat.
const ALL_CAPS = /^(?=.*\p{Lu})[\p{Lu}\p{N}'-]+$/u;

/**
 * Matches listed words and phrases against tokens in constant time per token: entries are
 * indexed by their first word, and inflected forms are found by trying a short list of endings
 * on the token rather than on the entries. Only the last word of a phrase may be inflected.
 */
export function phraseMatcher<T>(items: readonly { phrase: string; data: T }[], inflections: readonly string[]): PhraseMatcher<T> {
  const byLower = new Map<string, Entry<T>[]>();
  const byExact = new Map<string, Entry<T>[]>();
  for (const { phrase, data } of items) {
    const rawWords = phrase.trim().split(/\s+/);
    const caseSensitive = rawWords.every((w) => ALL_CAPS.test(w));
    const words = rawWords.map((w) => (caseSensitive ? exactForm(w) : normalise(w)));
    const first = words[0];
    if (first === undefined || first === '') continue;
    const index = caseSensitive ? byExact : byLower;
    const list = index.get(first) ?? [];
    list.push({ words, caseSensitive, data });
    index.set(first, list);
  }

  const form = (t: Token, e: Entry<T>) => (e.caseSensitive ? t.exact : t.norm);
  const sameWord = (word: string, expected: string, inflect: boolean): boolean => {
    if (word === expected) return true;
    if (!inflect || !word.startsWith(expected)) return false;
    return inflections.includes(word.slice(expected.length));
  };

  const candidates = (t: Token): Entry<T>[] => {
    const found: Entry<T>[] = [];
    const add = (list: Entry<T>[] | undefined) => {
      if (list) for (const e of list) if (!found.includes(e)) found.push(e);
    };
    add(byLower.get(t.norm));
    add(byExact.get(t.exact));
    for (const ending of inflections) {
      if (ending === '' || !t.norm.endsWith(ending) || t.norm.length - ending.length < 3) continue;
      add(byLower.get(t.norm.slice(0, -ending.length)));
      if (t.exact.endsWith(ending)) add(byExact.get(t.exact.slice(0, -ending.length)));
    }
    return found;
  };

  return {
    matchAt(tokens, i) {
      const head = tokens[i];
      if (!head) return null;
      let best: PhraseMatch<T> | null = null;
      for (const e of candidates(head)) {
        const last = i + e.words.length - 1;
        if (best && last <= best.last) continue;
        let ok = true;
        for (let k = 0; k < e.words.length && ok; k++) {
          const t = tokens[i + k];
          const expected = e.words[k] ?? '';
          ok = t !== undefined && t.sentence === head.sentence && sameWord(form(t, e), expected, k === e.words.length - 1);
        }
        if (ok) best = { data: e.data, last };
      }
      return best;
    },
  };
}

/** A set of single words, compared in normalised form. */
export function wordSet(words: readonly string[]): Set<string> {
  return new Set(words.map(normalise));
}

/** Matches a fixed phrase (no inflection) at token i; returns the index of its last token. */
export function fixedPhraseAt(tokens: readonly Token[], i: number, words: readonly string[]): number {
  const head = tokens[i];
  if (!head) return -1;
  for (let k = 0; k < words.length; k++) {
    const t = tokens[i + k];
    if (!t || t.sentence !== head.sentence || t.norm !== words[k]) return -1;
  }
  return i + words.length - 1;
}
