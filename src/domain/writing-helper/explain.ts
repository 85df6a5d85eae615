import type { Lang } from '../sheets/template-schema.ts';
import { analyse } from './analyse.ts';

/** A piece of a text; a professional term carries its plain explanation from the jargon list. */
export interface Piece {
  text: string;
  /** In the person's own voice: the person reads the professional's text. */
  plain?: string;
  /** About the person: for the professional, while they write. */
  about?: string;
}

/**
 * Splits a professional's text so the citizen's view can explain each professional term in
 * place, at its first use ("ADL" → "everyday tasks like shopping and cleaning").
 */
export function explainJargon(text: string, lang: Lang): Piece[] {
  const terms = analyse(text, { lang })
    .filter((h) => h.kind === 'jargon' && h.match && h.suggestion)
    .sort((a, b) => (a.match?.start ?? 0) - (b.match?.start ?? 0));
  const pieces: Piece[] = [];
  let at = 0;
  for (const h of terms) {
    const m = h.match!;
    if (m.start < at) continue;
    if (m.start > at) pieces.push({ text: text.slice(at, m.start) });
    pieces.push({ text: m.text, plain: h.suggestion!, ...(h.suggestionAbout ? { about: h.suggestionAbout } : {}) });
    at = m.end;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at) });
  return pieces;
}

/** Each professional term in a text once, as first written, with its plain words: for the writer, a
 * professional writing about the person, while they write. */
export function jargonTerms(text: string, lang: Lang): { term: string; plain: string }[] {
  const seen = new Set<string>();
  const terms: { term: string; plain: string }[] = [];
  for (const p of explainJargon(text, lang)) {
    if (!p.plain || seen.has(p.text.toLocaleLowerCase(lang))) continue;
    seen.add(p.text.toLocaleLowerCase(lang));
    terms.push({ term: p.text, plain: p.about ?? p.plain });
  }
  return terms;
}
