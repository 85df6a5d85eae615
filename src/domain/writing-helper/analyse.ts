import type { FieldRole, Lang, LocalizedText, SheetTemplate } from '../sheets/template-schema.ts';
import { fieldsOf } from '../sheets/template-schema.ts';
import type { StatementAnswers } from '../sheets/answers.ts';
import { asList, asText } from '../sheets/answers.ts';
import type { Lexicon } from './lists.ts';
import { lexicon } from './lists.ts';
import type { LixResult } from './lix.ts';
import { lix } from './lix.ts';
import { fixedPhraseAt } from './phrases.ts';
import type { Token } from './tokens.ts';
import { isWord, tokenize } from './tokens.ts';

export type HintKind = 'diagnosisFirst' | 'jargon' | 'whichHelp' | 'notFirstPerson' | 'readability';

interface HintMatch {
  /** UTF-16 offsets into the analysed text: text.slice(start, end) === match.text. */
  start: number;
  end: number;
  text: string;
}

export interface Hint {
  kind: HintKind;
  /** Gentle, a suggestion and never an order: the person decides. */
  message: LocalizedText;
  match?: HintMatch;
  /** A plain alternative, in the language of the text. */
  suggestion?: string;
  /** The same, for someone writing about the person, where the list words it differently (jargon only). */
  suggestionAbout?: string;
  lix?: LixResult;
}

/** "summary" is the short composed statement, which contains all the parts at once. */
export type AnalyseRole = FieldRole | 'summary';

export interface AnalyseOptions {
  lang: Lang;
  role?: AnalyseRole;
}

/** Below this, a text is too short to judge whose voice it is in. */
const MIN_WORDS_FOR_VOICE = 8;
/** Below this, a LIX figure says nothing useful. */
const MIN_WORDS_FOR_READABILITY = 10;
/** How far after "I want" a treatment word still counts as what is being asked for. */
const REQUEST_WINDOW = 4;
/** "jeg er bare en …": how many small words may sit between "jeg er" and the label. */
const MAX_FILLERS = 3;
const READABILITY_SUGGEST_ABOVE = 40;

const CLAUSE_BREAK = /[,;:.!?…()[\]\n–—]|\s-\s/;

function matchOf(text: string, from: Token, to: Token): HintMatch {
  return { start: from.start, end: to.end, text: text.slice(from.start, to.end) };
}

function sameSentence(tokens: readonly Token[], i: number, sentence: number): boolean {
  return tokens[i]?.sentence === sentence;
}

/** True when the label is the end of what is said about the person: "jeg er skizofren." or "… og". */
function endsClause(text: string, tokens: readonly Token[], last: number, lex: Lexicon): boolean {
  const here = tokens[last];
  const next = tokens[last + 1];
  if (!here || !next || next.sentence !== here.sentence) return true;
  if (CLAUSE_BREAK.test(text.slice(here.end, next.start))) return true;
  return lex.continuations.has(next.norm);
}

function isNegation(token: Token, lex: Lexicon): boolean {
  return lex.negations.has(token.norm) || token.norm.endsWith("n't");
}

// --- diagnosisFirst -------------------------------------------------------------------------
// "Jeg er skizofren" / "I am my depression": the person is named by the diagnosis. Misses are
// cheaper than false alarms here, so the rule only fires on a plain statement about oneself:
// not negated ("jeg er ikke min diagnose"), not inside "når jeg er psykotisk" or "they say that
// I am …", and not when the word only describes something else ("a schizophrenia researcher").

function diagnosisFirst(text: string, tokens: readonly Token[], lex: Lexicon, role: AnalyseRole | undefined): Hint[] {
  const hints: Hint[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const head = tokens[i];
    if (!head) continue;
    let copulaEnd = -1;
    for (const c of lex.copulas) copulaEnd = Math.max(copulaEnd, fixedPhraseAt(tokens, i, c));
    if (copulaEnd < 0) continue;
    const prev = tokens[i - 1];
    if (prev && prev.sentence === head.sentence && lex.subordinators.has(prev.norm)) continue;

    let j = copulaEnd + 1;
    let fillers = 0;
    let negated = false;
    while (sameSentence(tokens, j, head.sentence) && fillers <= MAX_FILLERS) {
      const t = tokens[j] as Token;
      if (isNegation(t, lex)) {
        negated = true;
        break;
      }
      if (!lex.fillers.has(t.norm)) break;
      j++;
      fillers++;
    }
    if (negated || !sameSentence(tokens, j, head.sentence)) continue;

    const word = tokens[j] as Token;
    const found = lex.possessives.has(word.norm)
      ? sameSentence(tokens, j + 1, head.sentence)
        ? lex.conditions.matchAt(tokens, j + 1)
        : null
      : lex.labels.matchAt(tokens, j);
    if (!found || !endsClause(text, tokens, found.last, lex)) continue;

    hints.push({
      kind: 'diagnosisFirst',
      match: matchOf(text, head, tokens[found.last] as Token),
      message:
        role === undefined || role === 'whoIAm' || role === 'summary'
          ? {
              da: 'Her beskriver du dig selv med en diagnose eller et problem. Det må du gerne. Men du er mere end det. Måske vil du også skrive, hvad du kan lide, hvad du er god til, eller hvem der betyder noget for dig?',
              en: 'Here you describe yourself with a diagnosis or a problem. That is fine. But you are more than that. Maybe you would also like to write what you like, what you are good at, or who matters to you?',
            }
          : {
              da: 'Her beskriver du dig selv med en diagnose eller et problem. Hvis du vil, kan du skrive det på en anden måde, for eksempel »jeg har …« eller »jeg lever med …«.',
              en: 'Here you describe yourself with a diagnosis or a problem. If you like, you can put it another way, for example "I have …" or "I live with …".',
            },
    });
    i = found.last;
  }
  return hints;
}

// --- jargon ---------------------------------------------------------------------------------
// One hint per term, at its first use: the same word flagged five times feels like a scolding.

function jargon(text: string, tokens: readonly Token[], lex: Lexicon): Hint[] {
  const hints: Hint[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const found = lex.jargon.matchAt(tokens, i);
    if (!found) continue;
    const match = matchOf(text, tokens[i] as Token, tokens[found.last] as Token);
    if (!seen.has(found.data.term)) {
      seen.add(found.data.term);
      hints.push({
        kind: 'jargon',
        match,
        suggestion: found.data.plain,
        ...(found.data.about ? { suggestionAbout: found.data.about } : {}),
        message: {
          da: `»${match.text}« er et fagord. Måske kan du sige det med hverdagsord, for eksempel: »${found.data.plain}«.`,
          en: `"${match.text}" is a professional word. Maybe you could say it in everyday words, for example: "${found.data.plain}".`,
        },
      });
    }
    i = found.last;
  }
  return hints;
}

// --- whichHelp ------------------------------------------------------------------------------
// "Jeg vil have en psykolog": a request for one particular kind of help. Wanting less of
// something ("I want to stop my pills") is a wish about the person's own life, not a request.

const WHICH_HELP_ROLES: ReadonlySet<AnalyseRole> = new Set(['helpWith', 'workTowards', 'summary']);

function whichHelp(text: string, tokens: readonly Token[], lex: Lexicon): Hint[] {
  const hints: Hint[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const head = tokens[i] as Token;
    let requestEnd = -1;
    for (const r of lex.requests) requestEnd = Math.max(requestEnd, fixedPhraseAt(tokens, i, r));
    if (requestEnd < 0) continue;
    for (let k = requestEnd + 1; k <= requestEnd + REQUEST_WINDOW && sameSentence(tokens, k, head.sentence); k++) {
      const t = tokens[k] as Token;
      if (lex.blockers.has(t.norm) || isNegation(t, lex)) break;
      const found = lex.treatments.matchAt(tokens, k);
      if (!found) continue;
      const treatment = text.slice(t.start, (tokens[found.last] as Token).end);
      if (!seen.has(found.data)) {
        seen.add(found.data);
        hints.push({
          kind: 'whichHelp',
          match: matchOf(text, head, tokens[found.last] as Token),
          message: {
            da: `Du nævner en bestemt slags hjælp (»${treatment}«). Du kan også skrive, hvad du gerne vil have hjælp til. Så er der plads til, at I finder den rette hjælp sammen.`,
            en: `You name a particular kind of help ("${treatment}"). You could also write what you would like help with. That leaves room for you to find the right help together.`,
          },
        });
      }
      i = found.last;
      break;
    }
  }
  return hints;
}

// --- notFirstPerson -------------------------------------------------------------------------
// Fires only when the text is about someone ("Hun har brug for …") and never says "jeg": a list
// of things that matter ("Familie, venner og naturen") has no pronoun at all and is fine.

function speaksAsI(tokens: readonly Token[], lang: Lang): boolean {
  const own = lexicon(lang).firstPerson;
  const other = lexicon(lang === 'da' ? 'en' : 'da').firstPerson;
  for (const t of tokens) {
    const rawParts = t.raw.replace(/’/g, "'").split("'");
    for (const raw of rawParts) {
      const p = raw.toLowerCase();
      if (own.has(p)) return true;
      // A Danish "i" is a preposition; only a capital English "I" counts in Danish text.
      if (other.has(p) && !(lang === 'da' && p === 'i' && raw !== 'I')) return true;
    }
  }
  return false;
}

function notFirstPerson(text: string, tokens: readonly Token[], lex: Lexicon, lang: Lang): Hint[] {
  if (tokens.filter(isWord).length < MIN_WORDS_FOR_VOICE) return [];
  const about = tokens.find((t) => lex.thirdPerson.has(t.norm));
  if (!about || speaksAsI(tokens, lang)) return [];
  return [
    {
      kind: 'notFirstPerson',
      match: matchOf(text, about, about),
      message: {
        da: 'Det lyder, som om teksten er skrevet om dig og ikke af dig. Måske vil du skrive den med »jeg«, for eksempel »Jeg har brug for …«? Så er det tydeligt, at det er dine egne ord.',
        en: 'It sounds as if the text is written about you, not by you. Maybe you would like to write it with "I", for example "I need …"? Then it is clear that these are your own words.',
      },
    },
  ];
}

// --- readability ----------------------------------------------------------------------------

// In plain words: the figure itself (LIX) is jargon to a person writing about themselves, so a
// part's hint says only how easy it is to read; the check page gives the figure for the whole
// sheet with a sentence on what it means.
function readability(text: string, tokens: readonly Token[]): Hint[] {
  if (tokens.filter(isWord).length < MIN_WORDS_FOR_READABILITY) return [];
  const result = lix(text);
  const suggest = result.score > READABILITY_SUGGEST_ABOVE && result.sentences >= 2;
  return [
    {
      kind: 'readability',
      lix: result,
      message: {
        da: `Teksten er ${result.bandLabel.da}.${suggest ? ' Du kan prøve at dele de lange sætninger op. Så bliver teksten lettere at læse.' : ''}`,
        en: `The text is ${result.bandLabel.en}.${suggest ? ' You could try splitting the long sentences. That makes the text easier to read.' : ''}`,
      },
    },
  ];
}

/**
 * Gentle hints for one piece of text. Local and synchronous: it runs in the browser as the person
 * types, so it never throws and stays linear in the length of the text.
 */
export function analyse(text: string, options: AnalyseOptions): Hint[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  const lang: Lang = options.lang === 'en' ? 'en' : 'da';
  const role = options.role;
  const lex = lexicon(lang);
  const tokens = tokenize(text);
  const hints = [
    ...diagnosisFirst(text, tokens, lex, role),
    ...jargon(text, tokens, lex),
    ...(role !== undefined && WHICH_HELP_ROLES.has(role) ? whichHelp(text, tokens, lex) : []),
    ...notFirstPerson(text, tokens, lex, lang),
  ];
  hints.sort((a, b) => (a.match?.start ?? 0) - (b.match?.start ?? 0));
  return [...hints, ...readability(text, tokens)];
}

export type FieldHint = Hint & { /** For list fields: the line (0-based) the hint is about. */ item?: number };

/** Hints per field key (and "summary") for the check page; fields without hints are left out. */
export function analyseAnswers(template: SheetTemplate, answers: StatementAnswers, lang: Lang): Record<string, FieldHint[]> {
  const out: Record<string, FieldHint[]> = {};
  for (const { field } of fieldsOf(template)) {
    const value = answers.fields[field.key];
    const options: AnalyseOptions = field.role ? { lang, role: field.role } : { lang };
    // A line of a list that reads easily needs no word on it: "Linje 1: Teksten er let at læse."
    // under every line was noise. A line that reads hard still gets its hint.
    const hints: FieldHint[] =
      field.type === 'list'
        ? asList(value).flatMap((line, item) =>
            analyse(line, options)
              .filter((h) => !(h.kind === 'readability' && h.lix?.band === 'easy'))
              .map((h) => ({ ...h, item })),
          )
        : analyse(asText(value), options);
    if (hints.length > 0) out[field.key] = hints;
  }
  const summary = analyse(answers.summary, { lang, role: 'summary' });
  if (summary.length > 0) out['summary'] = summary;
  return out;
}

/**
 * True when the text names a diagnosis or a label for a person ("depression", "skizofren"). The
 * draft uses it to keep such a sentence from opening the statement the person did not open with.
 */
export function mentionsDiagnosis(text: string, lang: Lang): boolean {
  const lex = lexicon(lang);
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    if (lex.conditions.matchAt(tokens, i) || lex.labels.matchAt(tokens, i)) return true;
  }
  return diagnosisFirst(text, tokens, lex, undefined).length > 0;
}
