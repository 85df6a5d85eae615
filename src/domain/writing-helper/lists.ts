import { z } from 'zod';
import type { Lang } from '../sheets/template-schema.ts';
import da from './lists/da.json' with { type: 'json' };
import en from './lists/en.json' with { type: 'json' };
import type { PhraseMatcher } from './phrases.ts';
import { phraseMatcher, wordSet } from './phrases.ts';
import { normalise } from './tokens.ts';

const words = z.array(z.string().trim().min(1));

export const wordListSchema = z.object({
  identity: z.object({
    copulas: words.min(1),
    subordinators: words,
    fillers: words,
    negations: words,
    possessives: words,
    continuations: words,
    labels: words,
    conditions: words,
  }),
  // `plain` speaks as the person does ("hvad jeg kan klare i hverdagen"): it is offered to a
  // person writing about themselves, and shown to them beside a professional's term. Where it
  // says "I", `about` says the same about the person, for a professional writing about them.
  jargon: z.array(z.object({ term: z.string().trim().min(1), plain: z.string().trim().min(1), about: z.string().trim().min(1).optional() })),
  whichHelp: z.object({ requests: words.min(1), blockers: words, treatments: words }),
  firstPerson: words.min(1),
  thirdPerson: words,
  inflections: words,
});

type WordList = z.infer<typeof wordListSchema>;

interface JargonData {
  term: string;
  plain: string;
  about?: string | undefined;
}

/** A word list turned into the lookups the rules use; built once per language. */
export interface Lexicon {
  copulas: string[][];
  subordinators: Set<string>;
  fillers: Set<string>;
  negations: Set<string>;
  possessives: Set<string>;
  continuations: Set<string>;
  labels: PhraseMatcher<string>;
  conditions: PhraseMatcher<string>;
  jargon: PhraseMatcher<JargonData>;
  requests: string[][];
  blockers: Set<string>;
  treatments: PhraseMatcher<string>;
  firstPerson: Set<string>;
  thirdPerson: Set<string>;
}

const phrase = (p: string) => p.trim().split(/\s+/).map(normalise);
const asItems = (list: string[]) => list.map((p) => ({ phrase: p, data: p }));

function buildLexicon(list: WordList): Lexicon {
  const inflections = list.inflections;
  return {
    copulas: list.identity.copulas.map(phrase),
    subordinators: wordSet(list.identity.subordinators),
    fillers: wordSet(list.identity.fillers),
    negations: wordSet(list.identity.negations),
    possessives: wordSet(list.identity.possessives),
    continuations: wordSet(list.identity.continuations),
    // Identity words are matched as written: "jeg er skizofren", not an inflected form.
    labels: phraseMatcher(asItems(list.identity.labels), []),
    conditions: phraseMatcher(asItems(list.identity.conditions), []),
    jargon: phraseMatcher(
      list.jargon.map((j) => ({ phrase: j.term, data: j })),
      inflections,
    ),
    requests: list.whichHelp.requests.map(phrase),
    blockers: wordSet(list.whichHelp.blockers),
    treatments: phraseMatcher(asItems(list.whichHelp.treatments), inflections),
    firstPerson: wordSet(list.firstPerson),
    thirdPerson: wordSet(list.thirdPerson),
  };
}

const lexicons: Record<Lang, Lexicon> = {
  da: buildLexicon(wordListSchema.parse(da)),
  en: buildLexicon(wordListSchema.parse(en)),
};

export function lexicon(lang: Lang): Lexicon {
  return lexicons[lang];
}
