/**
 * Plain-text helpers shared by the sheets and the writing helper. Everything here is a single
 * left-to-right pass, because the same code runs on every keystroke in the browser.
 */

import { setBounded } from '../collections/bounded-map.ts';
import type { Lang } from './template-schema.ts';

// C0 controls except tab and line feed, plus DEL. Line endings are normalised before this runs.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/**
 * What we store for a piece of free text: trimmed, \n line endings, no control characters,
 * NFC (so "ø" typed on different keyboards compares equal), and no lone surrogates (the
 * database rejects them). Emoji and every script are kept.
 */
export function cleanText(raw: string): string {
  return raw
    .toWellFormed()
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL, '')
    .normalize('NFC')
    .trim();
}

/**
 * Length as people count it closer than UTF-16 does: an emoji is one, not two. The browser
 * counter must use the same rule so the limit a person sees is the limit we check.
 */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export interface Span {
  start: number;
  end: number;
}

// Titles are followed by a name, so a capital letter after them does not start a sentence.
const TITLES = new Set(['dr', 'hr', 'fr', 'frk', 'mr', 'mrs', 'ms', 'prof', 'st', 'sct', 'nr', 'kl', 'ca', 'jf', 'tlf', 'vedr', 'vs']);
// These may also end a sentence ("… kager, is osv. Så …"), so a capital letter after them does.
const ABBREVIATIONS = new Set([
  'fx',
  'f.eks',
  'bl.a',
  'osv',
  'mv',
  'm.v',
  'm.m',
  'mm',
  'dvs',
  'evt',
  'pga',
  'p.g.a',
  'hhv',
  'mht',
  'm.h.t',
  'inkl',
  'ekskl',
  'ift',
  'i.f.t',
  'iflg',
  'e.g',
  'i.e',
  'etc',
  'approx',
  'incl',
]);

const TERMINATORS = new Set(['.', '!', '?', '…', '‼', '⁇', '⁈', '⁉']);
const CLOSERS = new Set([')', ']', '"', "'", '»', '«', '”', '’', '“']);
const WORDISH = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;
const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;
const DIGIT = /\p{N}/u;
const SPACE = /\s/u;

function nextVisible(text: string, from: number): string {
  for (let k = from; k < text.length; k++) {
    const ch = text[k] ?? '';
    if (!SPACE.test(ch)) return ch;
  }
  return '';
}

/** The word right before position `dot`, letters and inner dots only, lower-cased; bounded. */
function wordBefore(text: string, dot: number): string {
  let k = dot;
  // Abbreviations are short, so never look further back than this.
  const stop = Math.max(0, dot - 12);
  while (k > stop) {
    const ch = text[k - 1] ?? '';
    if (ch === '.' || LETTER.test(ch) || DIGIT.test(ch)) k--;
    else break;
  }
  return text.slice(k, dot).toLowerCase();
}

function isBoundaryDot(text: string, dot: number, after: number): boolean {
  const word = wordBefore(text, dot);
  const next = nextVisible(text, after);
  if (word === '') return true;
  if (TITLES.has(word)) return false;
  if (ABBREVIATIONS.has(word)) return UPPER.test(next);
  // "J. Hansen": a single letter before a dot is an initial.
  if (word.length === 1 && UPPER.test(text[dot - 1] ?? '') && UPPER.test(next)) return false;
  // "den 3. maj": an ordinal number, not the end of a sentence.
  if (/^\d+$/.test(word) && LOWER.test(next)) return false;
  return true;
}

/**
 * Sentences as spans of the original text. A sentence ends at . ! ? … (followed by space or the
 * end), or at a line break; text with no final punctuation is still a sentence. Spans with no
 * letter or digit (a lone emoji, stray punctuation) are not sentences.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  const push = (from: number, to: number) => {
    let s = from;
    let e = to;
    while (s < e && SPACE.test(text[s] ?? '')) s++;
    while (e > s && SPACE.test(text[e - 1] ?? '')) e--;
    if (e > s && WORDISH.test(text.slice(s, e))) spans.push({ start: s, end: e });
  };

  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i] ?? '';
    if (ch === '\n') {
      push(start, i);
      start = i + 1;
      i++;
      continue;
    }
    if (!TERMINATORS.has(ch)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && TERMINATORS.has(text[j] ?? '')) j++;
    while (j < n && CLOSERS.has(text[j] ?? '')) j++;
    const run = text.slice(i, j);
    const followedBySpace = j >= n || SPACE.test(text[j] ?? '');
    let boundary = followedBySpace;
    if (boundary && /^\.[)\]"'»«”’“]*$/.test(run)) boundary = isBoundaryDot(text, i, j);
    // "Jeg ved ikke... måske": a trailing-off thought continues in lower case.
    if (boundary && (run.startsWith('…') || run.startsWith('..')) && LOWER.test(nextVisible(text, j))) {
      boundary = false;
    }
    if (boundary) {
      push(start, j);
      start = j;
    }
    i = j;
  }
  push(start, n);
  return spans;
}

export function splitSentences(text: string): string[] {
  return sentenceSpans(text).map((s) => text.slice(s.start, s.end));
}

export function countSentences(text: string): number {
  return sentenceSpans(text).length;
}

/** A statement's purpose ("Til mødet med …") is a short label, not a text. */
export const PURPOSE_MAX = 80;

const numberFormats: Record<Lang, Intl.NumberFormat> = { da: new Intl.NumberFormat('da-DK'), en: new Intl.NumberFormat('en-GB') };
const formattedNumbers = new Map<string, string>();
const FORMATTED_NUMBERS_KEPT = 500;

/**
 * A number as it is written in the language: 2.000 in Danish, 2,000 in English. Pages show the
 * same few limits (2.000 tegn, 20 linjer) on every request, and a formatter call costs about
 * 0.45 µs where a lookup costs 0.01, so results are kept, a bounded number of them.
 */
export function formatNumber(n: number, lang: Lang): string {
  const key = `${lang}${n}`;
  let formatted = formattedNumbers.get(key);
  if (formatted === undefined) {
    formatted = numberFormats[lang].format(n);
    setBounded(formattedNumbers, key, formatted, FORMATTED_NUMBERS_KEPT);
  }
  return formatted;
}
