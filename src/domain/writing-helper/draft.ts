import type { StatementAnswers } from '../sheets/answers.ts';
import { asList, asText } from '../sheets/answers.ts';
import type { Lang, SheetTemplate, TemplateField } from '../sheets/template-schema.ts';
import { fieldsOf } from '../sheets/template-schema.ts';
import { countSentences, splitSentences, textLength } from '../sheets/text.ts';
import { mentionsDiagnosis } from './analyse.ts';

// The compose page's "use a draft": a first version of the short statement made only from the
// person's own words, put into the template's frame so that it reads as plain, grammatical
// sentences. Words are moved, never invented: the only words added are the frame's own
// ("Jeg vil gerne have hjælp til …") and an "at"/"to" where the grammar needs one. The person
// edits the result; it is a suggestion, never saved on its own.
//
// A frame clause like "{whoIAm}." takes the person's sentences whole. A placeholder inside a
// sentence ("… hjælp til {helpWith}, så jeg kan {soThat}.") takes the first sentence of each
// answer as a clause, with the person's own "Jeg vil gerne …" taken off the front so the frame
// does not say it twice; the rest of that answer follows the frame sentence, whole.

/** How much of one part the draft keeps before it stops at a sentence boundary. */
const PART_BUDGET = 220;
/** The sentences that follow a frame sentence ("Jeg ligger vågen om natten."). */
const FOLLOWER_BUDGET = 180;
/** A list put into one sentence keeps its first items up to this length. */
const LIST_BUDGET = 300;
/** A kept thought this short ("Mine drenge.") is not a whole thought: the next sentence joins it. */
const FRAGMENT_WORDS = 4;

const TERMINATORS = new Set(['.', '!', '?', '…', '‼', '⁇', '⁈', '⁉']);
const CLOSERS = new Set([')', ']', '"', "'", '»', '«', '”', '’', '“']);
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** What is left once the person's lead-in is taken off: a verb phrase, something open, or a whole sentence. */
type ClauseKind = 'verb' | 'open' | 'sentence';

interface LeadIn {
  words: string[];
  kind: 'verb' | 'open';
}

const leadIns = (kind: 'verb' | 'open', phrases: string[]): LeadIn[] => phrases.map((p) => ({ words: p.split(' '), kind }));

// Longest first, so "jeg vil gerne have" wins over "jeg vil gerne".
const LEAD_INS: Record<Lang, LeadIn[]> = {
  da: [
    ...leadIns('open', [
      'jeg vil rigtig gerne have hjælp til',
      'jeg vil gerne have hjælp til',
      'jeg vil gerne have hjælp med',
      'jeg har brug for hjælp til',
      'jeg har brug for hjælp med',
      'jeg vil have hjælp til',
      'jeg skal have hjælp til',
      'jeg ønsker hjælp til',
    ]),
    ...leadIns('verb', [
      'jeg kunne godt tænke mig at',
      'jeg vil rigtig gerne kunne',
      'jeg vil gerne igen kunne',
      'jeg vil gerne kunne',
      'jeg ønsker at kunne',
      'jeg håber at kunne',
      'jeg drømmer om at',
      'jeg vil rigtig gerne',
      'jeg vil så gerne',
      'jeg vil kunne',
      'så jeg igen kan',
      'mit mål er at',
      'jeg ønsker at',
      'jeg håber at',
    ]),
    ...leadIns('open', [
      'jeg kunne godt tænke mig',
      'jeg vil gerne have',
      'jeg har brug for',
      'jeg drømmer om',
      'jeg skal have',
      'jeg vil have',
      'jeg ønsker mig',
      'mit mål er',
      'jeg mangler',
      'jeg ønsker',
    ]),
    ...leadIns('verb', ['jeg vil gerne', 'så jeg kan', 'jeg vil', 'jeg skal']),
  ],
  en: [
    ...leadIns('verb', [
      'i would like to be able to',
      'i would love to be able to',
      'i want to be able to',
      "i'd like to be able to",
      'i would like help to',
      "i'd like help to",
      'i need help to',
      'i want help to',
    ]),
    ...leadIns('open', ['i would like some help with', 'i would like help with', "i'd like help with", 'i need help with', 'i want help with']),
    ...leadIns('verb', [
      'i would like to',
      'i would love to',
      "i'd like to",
      'my goal is to',
      'so that i can',
      'i want to',
      'i hope to',
      'i need to',
      'i wish to',
      'so i can',
    ]),
    ...leadIns('open', ['i would like', "i'd like", 'my goal is', 'i hope for', 'i want', 'i need']),
  ],
};

/** After these, a verb phrase needs "at" / "to" in front: "hjælp til at sove", "my goal is to sing". */
const NEEDS_INFINITIVE_MARK: Record<Lang, Set<string>> = {
  da: new Set(['til', 'er', 'om', 'for', 'med', 'på', 'af', 'ved', 'være', 'blive']),
  en: new Set(['is', 'am', 'be', 'was']),
};
// Grammar, not words shown to anyone: the infinitive marker of each language.
const INFINITIVE_MARK = (lang: Lang): string => (lang === 'da' ? 'at' : 'to');
const NEGATIONS: Record<Lang, Set<string>> = {
  da: new Set(['ikke', 'aldrig', 'ingen', 'intet']),
  en: new Set(['not', 'never', 'no', "don't", "can't"]),
};
/** A clause starting with one of these is a sentence of its own and cannot go inside the frame. */
const SUBJECTS: Record<Lang, Set<string>> = {
  da: new Set(['jeg', 'du', 'han', 'hun', 'vi', 'de', 'den', 'det', 'der', 'man', 'dem']),
  en: new Set(['i', "i'm", "i've", "i'd", 'you', 'he', 'she', 'we', 'they', 'it', "it's", 'there', 'this']),
};

const norm = (word: string): string => word.toLowerCase().replace(/’/g, "'");
const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function endsSentence(text: string): boolean {
  let k = text.length;
  while (k > 0 && CLOSERS.has(text.charAt(k - 1))) k--;
  return k > 0 && TERMINATORS.has(text.charAt(k - 1));
}

function upperFirst(text: string, lang: Lang): string {
  const first = String.fromCodePoint(text.codePointAt(0) ?? 0);
  return first.toLocaleUpperCase(lang) + text.slice(first.length);
}

/** One of the person's sentences as it stands alone: a capital first, a full stop last. */
function asSentence(text: string, lang: Lang): string {
  let s = oneLine(text).replace(/[\s,;:–—-]+$/u, '');
  if (s === '') return '';
  if (!endsSentence(s)) s = `${s}.`;
  return upperFirst(s, lang);
}

/** Takes the full stop, comma or "!" off a clause that goes inside a frame sentence. */
function asClause(text: string): string {
  let end = text.length;
  while (end > 0 && (TERMINATORS.has(text.charAt(end - 1)) || /[\s,;:]/.test(text.charAt(end - 1)))) end--;
  return text.slice(0, end);
}

/**
 * A clause inside a sentence starts in lower case, unless its first word is a name or an
 * abbreviation: written in capitals, "I", or capitalised where it is not the start of a sentence.
 */
function lowerFirst(clause: string, context: string, lang: Lang): string {
  const first = words(clause)[0] ?? '';
  if (/^\p{Lu}\p{Lu}/u.test(first)) return clause;
  if (lang === 'en' && /^I(?:['’]|$)/.test(first)) return clause;
  const bare = first.replace(/[^\p{L}\p{N}'’-]/gu, '');
  if (bare !== '' && new RegExp(`[\\p{L}\\p{N},;:] ${escapeRegExp(bare)}(?![\\p{L}\\p{N}])`, 'u').test(context)) return clause;
  const head = String.fromCodePoint(clause.codePointAt(0) ?? 0);
  return head.toLocaleLowerCase(lang) + clause.slice(head.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A label ending in "…" ("Så jeg kan …") is the start of the sentence; the person may have typed it too. */
function labelLeadIn(field: TemplateField, lang: Lang): LeadIn | null {
  const m = /^(.*?)\s*(?:…|\.\.\.)$/u.exec(field.label[lang].trim());
  const lead = m?.[1]?.trim();
  return lead ? { words: words(lead).map(norm), kind: 'open' } : null;
}

function startsWith(ws: string[], lead: string[]): boolean {
  return lead.length <= ws.length && lead.every((w, i) => norm(ws[i] ?? '') === w);
}

interface Clause {
  text: string;
  kind: ClauseKind;
}

/** The person's first sentence made ready to go inside a frame sentence. */
function clauseOf(sentence: string, field: TemplateField, lang: Lang): Clause {
  const ws = words(oneLine(sentence));
  const own = labelLeadIn(field, lang);
  const lead = [...(own ? [own] : []), ...LEAD_INS[lang]].find((l) => startsWith(ws, l.words));
  let rest = lead ? ws.slice(lead.words.length) : ws;
  let kind: ClauseKind = lead?.kind ?? 'open';
  const first = norm(rest[0] ?? '');
  // "Jeg vil ikke indlægges" says no, not what to help with: it stays a sentence of its own.
  if (rest.length === 0 || NEGATIONS[lang].has(first) || /^[,;:]/.test(rest[0] ?? '')) return { text: oneLine(sentence), kind: 'sentence' };
  if (first === INFINITIVE_MARK(lang) && rest.length > 1) {
    rest = rest.slice(1);
    kind = 'verb';
  } else if (!lead && SUBJECTS[lang].has(first)) {
    return { text: oneLine(sentence), kind: 'sentence' };
  }
  return { text: asClause(rest.join(' ')), kind };
}

/** "sleep better" → "sleeping better", for "help with …". Only the first word changes. */
function gerund(clause: string): string {
  const [verb = '', ...rest] = clause.split(' ');
  const v = verb.toLowerCase();
  let ing: string;
  if (v === 'be' || v === 'see') ing = `${verb}ing`;
  else if (v.endsWith('ie')) ing = `${verb.slice(0, -2)}ying`;
  else if (/[^aeiou]e$/.test(v) && v.length > 2) ing = `${verb.slice(0, -1)}ing`;
  else if (/^(?:[^aeiou]{0,2})[aeiou][bdgklmnprt]$/.test(v) && v.length <= 4) ing = `${verb}${verb.slice(-1)}ing`;
  else ing = `${verb}ing`;
  return [ing, ...rest].join(' ');
}

/** A clause in its place after the frame's words `before`, with "at"/"to" where the grammar needs it. */
function placeClause(clause: Clause, before: string, lang: Lang): string {
  if (clause.kind !== 'verb') return clause.text;
  const prev = norm(words(before).at(-1) ?? '');
  if (NEEDS_INFINITIVE_MARK[lang].has(prev)) return `${INFINITIVE_MARK(lang)} ${clause.text}`;
  if (lang === 'en' && (prev === 'with' || prev === 'on' || prev === 'about')) return gerund(clause.text);
  return clause.text;
}

function wordCount(texts: string[]): number {
  return texts.reduce((n, t) => n + words(t).length, 0);
}

/**
 * Whole sentences, in order, while they fit the budget; never cut inside one. The first is kept
 * whatever its length, and a first thought too short to stand alone takes the next one along.
 */
function keepWhole(sentences: string[], budget: number, forceFirst: boolean): string[] {
  const kept: string[] = [];
  let length = 0;
  for (const s of sentences) {
    const add = textLength(s) + (kept.length > 0 ? 1 : 0);
    const mustTake = (kept.length === 0 && forceFirst) || (kept.length > 0 && wordCount(kept) < FRAGMENT_WORDS);
    if (!mustTake && length + add > budget) break;
    kept.push(s);
    length += add;
  }
  return kept;
}

function sentencesOf(value: string): string[] {
  return splitSentences(value)
    .map(oneLine)
    .filter((s) => s !== '');
}

/**
 * A person who opens with a diagnosis ("Jeg er skizofren.") and then writes about themselves
 * gets the draft opened with the rest: the helper asks them to lead with the person, and the
 * draft should not do what the helper advises against. Nothing is dropped by the move itself.
 */
function personFirst(sentences: string[], lang: Lang): string[] {
  if (sentences.length < 2 || !mentionsDiagnosis(sentences[0] ?? '', lang)) return sentences;
  const about = sentences.filter((s) => !mentionsDiagnosis(s, lang));
  if (about.length === 0) return sentences;
  return [...about, ...sentences.filter((s) => mentionsDiagnosis(s, lang))];
}

interface Unit {
  text: string;
  /** Sentences beyond a part's first thought may go when the whole draft is over its limit. */
  removable: boolean;
}

/** A field as the frame uses it: whole sentences when it stands alone, clauses inside a sentence. */
interface Part {
  standalone: Unit[];
  clauses: Clause[];
  followers: string[];
  /** The person's own text, to tell names from ordinary words. */
  context: string;
}

function partOf(field: TemplateField, answers: StatementAnswers, lang: Lang): Part {
  const value = answers.fields[field.key];
  const texts = field.type === 'list' ? asList(value).map((i) => i.trim()) : [asText(value)];
  const context = texts.join('\n');

  const all = personFirst(texts.flatMap(sentencesOf), lang);
  const whole = keepWhole(all, PART_BUDGET, true);
  let firstThought = 1;
  while (firstThought < whole.length && wordCount(whole.slice(0, firstThought)) < FRAGMENT_WORDS) firstThought++;
  const standalone = whole.map((s, i) => ({ text: asSentence(s, lang), removable: i >= firstThought })).filter((u) => u.text !== '');

  const clauses: Clause[] = [];
  const rest: string[] = [];
  let listLength = 0;
  for (const text of texts) {
    const [first, ...more] = sentencesOf(text);
    if (first === undefined) continue;
    const clause = clauseOf(first, field, lang);
    if (clause.kind === 'sentence') {
      rest.push(first, ...more);
      continue;
    }
    if (clause.text === '') continue;
    if (clauses.length > 0 && listLength + textLength(clause.text) > LIST_BUDGET) break;
    clauses.push({ ...clause, text: lowerFirst(clause.text, context, lang) });
    listLength += textLength(clause.text) + 2;
    rest.push(...more);
  }
  const followers = keepWhole(rest, FOLLOWER_BUDGET, false)
    .map((s) => asSentence(s, lang))
    .filter((s) => s !== '');
  return { standalone, clauses, followers, context };
}

function joinClauses(texts: string[], lang: Lang): string {
  if (texts.length <= 1) return texts[0] ?? '';
  const and = lang === 'da' ? 'og' : 'and';
  return `${texts.slice(0, -1).join(', ')} ${and} ${texts[texts.length - 1]}`;
}

/** One frame alternative with the person's words in it, or null when a part it needs is empty. */
const standaloneKey = (alternative: string): string | null => /^\{([^{}]*)\}\s*[.!?…]?$/u.exec(alternative.trim())?.[1] ?? null;

/** The fields a clause puts inside a sentence, in order: their further sentences follow it. */
function embeddedKeys(alternatives: readonly string[]): string[] {
  const keys = alternatives.filter((alt) => standaloneKey(alt) === null).flatMap((alt) => [...alt.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''));
  return [...new Set(keys)];
}

function render(alternative: string, part: (key: string) => Part | undefined, lang: Lang): Unit[] | null {
  const alone = standaloneKey(alternative);
  if (alone !== null) {
    const p = part(alone);
    if (!p || p.standalone.length === 0) return null;
    return p.standalone;
  }
  let out = '';
  let last = 0;
  for (const m of alternative.matchAll(PLACEHOLDER)) {
    out += alternative.slice(last, m.index);
    last = m.index + m[0].length;
    const key = m[1] ?? '';
    const p = part(key);
    if (!p || p.clauses.length === 0) return null;
    out += joinClauses(
      p.clauses.map((c) => placeClause(c, out, lang)),
      lang,
    );
  }
  out += alternative.slice(last);
  const sentence = asSentence(out, lang);
  return sentence === '' ? null : [{ text: sentence, removable: false }];
}

function firstUsable(alternatives: readonly string[], part: (key: string) => Part | undefined, lang: Lang): Unit[] | null {
  for (const alt of alternatives) {
    const r = render(alt, part, lang);
    if (r) return r;
  }
  return null;
}

/**
 * A first draft of the short statement from the person's own words, in the template's frame,
 * ending with the template's invitation to work it out together. Empty when nothing is written.
 */
export function draftSummary(template: SheetTemplate, answers: StatementAnswers, lang: Lang): string {
  const fields = new Map(fieldsOf(template).map(({ field }) => [field.key, field]));
  const parts = new Map<string, Part>();
  const part = (key: string): Part | undefined => {
    const field = fields.get(key);
    if (!field) return undefined;
    let p = parts.get(key);
    if (!p) {
      p = partOf(field, answers, lang);
      parts.set(key, p);
    }
    return p;
  };

  const units: Unit[] = [];
  const followed = new Set<string>();
  const followersOf = (keys: string[]): Unit[] =>
    keys.flatMap((key) => {
      if (followed.has(key)) return [];
      followed.add(key);
      return (part(key)?.followers ?? []).map((text) => ({ text, removable: true }));
    });

  // A sentence the person wrote in a part that goes inside a frame sentence follows that
  // sentence, even when the frame had no place for the part ("Jeg ligger vågen om natten.").
  for (const alternatives of template.composition.frame[lang]) {
    units.push(...(firstUsable(alternatives, part, lang) ?? []), ...followersOf(embeddedKeys(alternatives)));
  }
  if (units.length === 0) return '';

  // The closing comes last, so what follows a sentence it uses goes before it.
  const closing = template.composition.closing?.[lang];
  if (closing) units.push(...followersOf(embeddedKeys(closing)), ...(firstUsable(closing, part, lang) ?? []));

  // Over a limit, the extra sentences go from the end first; no sentence is ever cut.
  const { maxLength, maxSentences } = template.composition;
  const joined = () => units.map((u) => u.text).join(' ');
  while (textLength(joined()) > maxLength || countSentences(joined()) > maxSentences) {
    const at = units.findLastIndex((u) => u.removable);
    if (at < 0) break;
    units.splice(at, 1);
  }
  return joined();
}
