import type { LocalizedText } from '../sheets/template-schema.ts';
import { countSentences } from '../sheets/text.ts';
import { isWord, letterCount, tokenize } from './tokens.ts';

export type LixBand = 'easy' | 'medium' | 'hard' | 'veryHard';

export interface LixResult {
  /** Unrounded, for tests and research. */
  value: number;
  /** Rounded to a whole number; this is the figure people see and the band is based on. */
  score: number;
  words: number;
  sentences: number;
  /** Words with more than six letters. */
  longWords: number;
  band: LixBand;
  bandLabel: LocalizedText;
}

const BAND_LABELS: Record<LixBand, LocalizedText> = {
  easy: { da: 'let at læse', en: 'easy to read' },
  medium: { da: 'nogenlunde let at læse', en: 'fairly easy to read' },
  hard: { da: 'svær at læse', en: 'hard to read' },
  veryHard: { da: 'meget svær at læse', en: 'very hard to read' },
};

export function lixBand(score: number): LixBand {
  if (score < 30) return 'easy';
  if (score <= 40) return 'medium';
  if (score <= 50) return 'hard';
  return 'veryHard';
}

/** LIX = words per sentence + percentage of words longer than six letters. */
export function lix(text: string): LixResult {
  const words = tokenize(text).filter(isWord);
  const longWords = words.filter((t) => letterCount(t.raw) > 6).length;
  const sentences = words.length === 0 ? 0 : Math.max(1, countSentences(text));
  const value = words.length === 0 ? 0 : words.length / sentences + (longWords * 100) / words.length;
  const score = Math.round(value);
  const band = lixBand(score);
  return { value, score, words: words.length, sentences, longWords, band, bandLabel: BAND_LABELS[band] };
}
