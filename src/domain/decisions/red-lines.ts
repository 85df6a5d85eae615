import { tokenize } from '../writing-helper/tokens.ts';

// Does a decision touch one of the citizen's red lines ("it must not keep me from …")? A plain
// word check, meant to make someone look twice, never to decide: two words meet when their
// stems are the same or one stem begins the other ("indlæggelse" / "indlagt" do not, "hund" /
// "hunden" do). Small and common words carry no meaning on their own and are left out.

const MIN_WORD = 3;
const MIN_STEM = 4;

// Endings of Danish and English inflection, longest first; a stem keeps at least MIN_STEM letters.
const ENDINGS = [
  'elserne',
  'elsen',
  'else',
  'heden',
  'erne',
  'ende',
  'ning',
  'ings',
  'ing',
  'ene',
  'ers',
  'ets',
  'ens',
  'er',
  'en',
  'et',
  'es',
  'ed',
  'ly',
  'e',
  's',
];

// Words too common to mean anything in a match.
const COMMON = new Set([
  // da
  'jeg',
  'mig',
  'dig',
  'sig',
  'han',
  'hun',
  'ham',
  'dem',
  'det',
  'den',
  'der',
  'som',
  'man',
  'har',
  'hvorfor',
  'sin',
  'sit',
  'sine',
  'mod',
  'alt',
  'nok',
  'nej',
  'tre',
  'fem',
  'seks',
  'ikke',
  'aldrig',
  'skal',
  'måtte',
  'måske',
  'have',
  'være',
  'blive',
  'bliver',
  'gerne',
  'vil',
  'kan',
  'kunne',
  'mine',
  'min',
  'mit',
  'dine',
  'din',
  'dit',
  'hans',
  'hendes',
  'deres',
  'vores',
  'jeres',
  'også',
  'eller',
  'fordi',
  'med',
  'uden',
  'til',
  'fra',
  'for',
  'over',
  'under',
  'efter',
  'inden',
  'hver',
  'noget',
  'nogen',
  'alle',
  'andet',
  'anden',
  'andre',
  'selv',
  'sammen',
  'hvad',
  'hvor',
  'hvornår',
  'hvem',
  'hvis',
  'når',
  'mere',
  'mindre',
  'meget',
  'lidt',
  'gang',
  'gange',
  'dage',
  'uger',
  'uge',
  'forhindre',
  'forhindrer',
  'holde',
  'holder',
  'stoppe',
  'stopper',
  'hjælp',
  'hjælpe',
  // en
  'the',
  'and',
  'you',
  'not',
  'are',
  'was',
  'can',
  'may',
  'our',
  'his',
  'her',
  'him',
  'she',
  'who',
  'how',
  'why',
  'all',
  'any',
  'get',
  'got',
  'out',
  'too',
  'own',
  'one',
  'two',
  'new',
  'now',
  'has',
  'had',
  'but',
  'its',
  'off',
  'per',
  'via',
  'way',
  'day',
  'must',
  'never',
  'should',
  'would',
  'could',
  'have',
  'being',
  'been',
  'with',
  'without',
  'from',
  'into',
  'that',
  'this',
  'these',
  'those',
  'there',
  'their',
  'them',
  'they',
  'what',
  'when',
  'where',
  'which',
  'will',
  'your',
  'more',
  'less',
  'some',
  'every',
  'each',
  'week',
  'weeks',
  'days',
  'prevent',
  'prevents',
  'stop',
  'stops',
  'keep',
  'keeps',
  'help',
]);

export function stem(word: string): string {
  const w = word.toLowerCase();
  for (const ending of ENDINGS) if (w.endsWith(ending) && w.length - ending.length >= MIN_STEM) return w.slice(0, -ending.length);
  return w;
}

function stems(text: string): string[] {
  return tokenize(text)
    .map((t) => t.norm)
    .filter((w) => w.length >= MIN_WORD && !COMMON.has(w) && !/^\d+$/.test(w))
    .map(stem);
}

const meet = (a: string, b: string) => a === b || (a.length >= MIN_STEM + 1 && b.startsWith(a)) || (b.length >= MIN_STEM + 1 && a.startsWith(b));

/** The words of the red line the decision shares, as written in the red line; empty when none. */
export function sharedWords(redLine: string, decision: string): string[] {
  const theirs = stems(decision);
  const out: string[] = [];
  for (const t of tokenize(redLine)) {
    if (t.norm.length < MIN_WORD || COMMON.has(t.norm)) continue;
    const s = stem(t.norm);
    if (theirs.some((d) => meet(s, d)) && !out.includes(t.raw)) out.push(t.raw);
  }
  return out;
}

/** The red lines (by index) a decision's text touches. */
export function redLinesTouched(redLines: readonly string[], decision: string): number[] {
  return redLines.flatMap((line, i) => (sharedWords(line, decision).length ? [i] : []));
}
