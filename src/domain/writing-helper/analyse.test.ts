import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { personalStatement } from '../sheets/builtin-templates.ts';
import { emptyAnswers } from '../sheets/answers.ts';
import { FIELD_ROLES } from '../sheets/template-schema.ts';
import type { Lang } from '../sheets/template-schema.ts';
import type { AnalyseRole, HintKind } from './analyse.ts';
import { analyse, analyseAnswers } from './analyse.ts';
import { HOSTILE_TEXTS } from '../../../tests/support/hostile-texts.ts';

function found(kind: HintKind, text: string, lang: Lang, role?: AnalyseRole) {
  return analyse(text, role ? { lang, role } : { lang }).filter((h) => h.kind === kind);
}

describe('diagnosisFirst', () => {
  it.each([
    ['da', 'Jeg er skizofren.', 'Jeg er skizofren'],
    ['da', 'jeg er en skizofren', 'jeg er en skizofren'],
    ['da', 'Jeg er min depression.', 'Jeg er min depression'],
    ['da', 'Jeg er bare en psykisk syg.', 'Jeg er bare en psykisk syg'],
    ['da', 'Jeg hedder Bo, og jeg er bipolar og far til tre.', 'jeg er bipolar'],
    ['da', 'Jeg er borderline, men jeg er også meget mere.', 'Jeg er borderline'],
    ['da', 'JEG ER ALKOHOLIKER', 'JEG ER ALKOHOLIKER'],
    ['da', 'Jeg er min sygdom 😔', 'Jeg er min sygdom'],
    ['en', 'I am a schizophrenic.', 'I am a schizophrenic'],
    ['en', "I'm bipolar", "I'm bipolar"],
    ['en', 'I’m bipolar.', 'I’m bipolar'],
    ['en', 'I am my depression.', 'I am my depression'],
    ['en', 'I am just an addict, and nobody listens.', 'I am just an addict'],
    ['en', 'im psychotic', 'im psychotic'],
  ] as const)('%s: flags %j', (lang, text, match) => {
    const hints = found('diagnosisFirst', text, lang, 'whoIAm');
    expect(hints.map((h) => h.match?.text)).toEqual([match]);
  });

  // False alarms are worse than misses: an anxious person should not be told off for these.
  it.each([
    ['da', 'Jeg har angst.'],
    ['da', 'Jeg er mor til to.'],
    ['da', 'Jeg er ikke min diagnose.'],
    ['da', 'Jeg er ikke skizofren.'],
    ['da', 'Jeg er mere end min diagnose.'],
    ['da', 'Jeg er glad.'],
    ['da', 'Jeg lever med depression.'],
    ['da', 'Når jeg er psykotisk, hører jeg stemmer.'],
    ['da', 'Lægen siger, at jeg er bipolar.'],
    ['da', 'Jeg er psykotisk nogle gange om vinteren.'],
    ['da', 'Jeg er min mors datter.'],
    ['da', 'Jeg er autist og elsker tog.'],
    ['da', 'Min bror er skizofren.'],
    ['en', 'I am a nurse.'],
    ['en', 'I live with depression.'],
    ['en', 'I am a schizophrenia researcher.'],
    ['en', "I'm not bipolar."],
    ['en', 'I am more than my diagnosis.'],
    ['en', 'When I am psychotic, I hear voices.'],
    ['en', 'They say that I am bipolar.'],
    ['en', 'I am autistic.'],
    ['en', 'I have anxiety.'],
    ['en', 'I am my own person.'],
  ] as const)('%s: does not flag %j', (lang, text) => {
    expect(found('diagnosisFirst', text, lang, 'whoIAm')).toEqual([]);
  });

  it.each([
    ['whoIAm', 'du er mere end det'],
    ['summary', 'du er mere end det'],
    ['helpWith', 'jeg lever med'],
  ] as const)('in %s, suggests %j', (role, words) => {
    const [hint] = found('diagnosisFirst', 'Jeg er skizofren.', 'da', role);
    expect(hint?.message.da.toLowerCase()).toContain(words);
  });
});

describe('jargon', () => {
  it.each([
    ['da', 'Vi skal lave en handleplan.', 'handleplan', 'en plan for, hvad vi gør'],
    ['da', 'Handleplanen er klar.', 'Handleplanen', 'en plan for, hvad vi gør'],
    ['da', 'Se handleplanerne.', 'handleplanerne', 'en plan for, hvad vi gør'],
    ['da', 'Stedet er recovery-orienteret.', 'recovery-orienteret', 'med fokus på at komme sig på sin egen måde'],
    ['da', 'Stedet er recoveryorienteret.', 'recoveryorienteret', 'med fokus på at komme sig på sin egen måde'],
    ['da', 'Det er et recovery‐orienteret sted.', 'recovery‐orienteret', 'med fokus på at komme sig på sin egen måde'],
    ['da', 'Jeg har § 85-støtte to gange om ugen.', '§ 85-støtte', 'støtte fra kommunen i mit eget hjem'],
    ['da', 'Jeg har §85-støtte.', '§85-støtte', 'støtte fra kommunen i mit eget hjem'],
    ['da', 'Der var skærmning på afdelingen.', 'skærmning', 'at være et roligt sted med færre indtryk'],
    ['da', 'Jeg fik SOMATISKE undersøgelser.', 'SOMATISKE', 'kropslig'],
    ['da', 'Jeg skal til udredning.', 'udredning', 'at finde ud af, hvad der er svært'],
    ['da', 'Hjælp til ADL hver dag.', 'ADL', 'almindelige daglige gøremål som at handle og gøre rent'],
    ['en', 'Non-compliant again, they said.', 'Non-compliant', 'not taking medicine as agreed'],
    ['en', 'We made two care plans.', 'care plans', 'a plan for what we will do'],
    ['en', "The team's psychoeducation was long.", 'psychoeducation', 'learning about what is happening'],
  ] as const)('%s: %j → %j with a plain alternative', (lang, text, match, plain) => {
    const hints = found('jargon', text, lang);
    expect(hints.map((h) => [h.match?.text, h.suggestion])).toEqual([[match, plain]]);
    expect(hints[0]?.message.da).toContain(plain);
  });

  it.each([
    ['da', 'Det er psykosomatisk.'],
    ['da', 'Jeg kan godt lide min handlekraft.'],
    ['da', 'Det er adl for mig.'],
    ['en', 'It does not affect my work.'],
    ['en', 'I want to plan my care.'],
  ] as const)('%s: finds no jargon in %j', (lang, text) => {
    expect(found('jargon', text, lang)).toEqual([]);
  });

  it('mentions a term once, at its first use, however often it is used', () => {
    const text = 'Handleplanen er ny. Min handleplan er lang. Handleplaner er svære.';
    const hints = found('jargon', text, 'da');
    expect(hints.map((h) => [h.match?.start, h.match?.text])).toEqual([[0, 'Handleplanen']]);
  });

  it('mentions different terms separately, in the order they appear', () => {
    const hints = found('jargon', 'Psykoedukation og compliance i handleplanen.', 'da');
    expect(hints.map((h) => h.match?.text)).toEqual(['Psykoedukation', 'compliance', 'handleplanen']);
  });
});

describe('whichHelp', () => {
  it.each([
    ['da', 'Jeg vil gerne have en psykolog.', 'Jeg vil gerne have en psykolog'],
    ['da', 'jeg vil have lykkepiller', 'jeg vil have lykkepiller'],
    ['da', 'Jeg har brug for ECT.', 'Jeg har brug for ECT'],
    ['da', 'Jeg skal have bostøtte.', 'Jeg skal have bostøtte'],
    ['da', 'Jeg vil gerne indlægges.', 'Jeg vil gerne indlægges'],
    ['da', 'Jeg vil have kognitiv terapi.', 'Jeg vil have kognitiv terapi'],
    ['en', 'I want CBT.', 'I want CBT'],
    ['en', 'I need a psychologist.', 'I need a psychologist'],
    ['en', "I'd like antidepressants.", "I'd like antidepressants"],
    ['en', 'I want to be admitted.', 'I want to be admitted'],
  ] as const)('%s: flags %j', (lang, text, match) => {
    const hints = found('whichHelp', text, lang, 'helpWith');
    expect(hints.map((h) => h.match?.text)).toEqual([match]);
    expect(hints[0]?.message.en).toContain('find the right help together');
  });

  it.each([
    ['da', 'Jeg vil gerne have hjælp til at sove.'],
    ['da', 'Jeg vil ikke have ECT.'],
    ['da', 'Jeg vil gerne ned i medicin.'],
    ['da', 'Jeg vil have en kat.'],
    ['da', 'Min psykolog er god.'],
    ['da', 'Jeg vil gerne have hjælp til at tale med min psykolog.'],
    ['da', 'Jeg vil gerne. Psykologen siger det samme.'],
    ['en', 'I want to stop taking antipsychotics.'],
    ['en', "I don't want ECT."],
    ['en', 'I need help to sleep.'],
    ['en', 'I want less medication.'],
  ] as const)('%s: does not flag %j', (lang, text) => {
    expect(found('whichHelp', text, lang, 'helpWith')).toEqual([]);
  });

  it.each([
    ['helpWith', 1],
    ['workTowards', 1],
    ['summary', 1],
    ['matters', 0],
    ['whoIAm', 0],
    [undefined, 0],
  ] as const)('in role %s gives %i hint(s)', (role, count) => {
    expect(found('whichHelp', 'Jeg vil have en psykolog.', 'da', role)).toHaveLength(count);
  });
});

describe('notFirstPerson', () => {
  it.each([
    ['da', 'Hun har brug for hjælp til at komme op om morgenen og gå i bad.', 'Hun'],
    ['da', 'Borgeren ønsker støtte til at handle ind og lave mad hver dag.', 'Borgeren'],
    ['da', 'Han bor i Aarhus og har brug for hjælp til at handle.', 'Han'],
    ['en', 'She needs help getting up in the morning and having a shower.', 'She'],
    ['en', 'The patient wants support with shopping and cooking every day.', 'patient'],
  ] as const)('%s: notices %j is written about someone', (lang, text, match) => {
    expect(found('notFirstPerson', text, lang).map((h) => h.match?.text)).toEqual([match]);
  });

  it.each([
    ['da', 'Hun er min datter, og hun betyder alt for mig i hele verden.'],
    ['da', 'Familie, venner, at gå tur i skoven og at lave mad til andre.'],
    ['da', 'Hun har brug for hjælp.'],
    ['da', 'I like to cook for her and her little brother on Sundays.'],
    ['en', 'She is my daughter and she means the world to me.'],
    ['en', "he thinks i'm fine and he wants to help out every single day"],
    ['en', 'Walks by the sea, good coffee, music, and long talks with friends.'],
  ] as const)('%s: leaves %j alone', (lang, text) => {
    expect(found('notFirstPerson', text, lang)).toEqual([]);
  });
});

describe('readability', () => {
  const hard =
    'Kommunikationsmedarbejderen gennemgik sagsbehandlingsproceduren meget grundigt i går. ' +
    'Efterfølgende udarbejdede hun koordinerende handlingsanvisninger til alle.';
  const hardOneSentence =
    'Kommunikationsmedarbejderen gennemgik sagsbehandlingsproceduren meget grundigt i går og ' + 'udarbejdede koordinerende handlingsanvisninger til alle.';

  it.each([
    ['an easy text', 'Jeg hedder Sara. Jeg bor i Odense med min kat.', 'Teksten er let at læse.', 'The text is easy to read.'],
    // 14 words, 2 sentences, 8 long words: 7 + 800/14 = 64.
    [
      'a hard text of two sentences',
      hard,
      'Teksten er meget svær at læse. Du kan prøve at dele de lange sætninger op. Så bliver teksten lettere at læse.',
      'The text is very hard to read. You could try splitting the long sentences. That makes the text easier to read.',
    ],
    // 13 words, 1 sentence, 7 long words: 13 + 700/13 = 67. One sentence: nothing to split.
    ['a hard text of one sentence', hardOneSentence, 'Teksten er meget svær at læse.', 'The text is very hard to read.'],
  ])('says in plain words, without the figure, how easy to read %s is', (_name, text, da, en) => {
    const [hint] = found('readability', text, 'da');
    expect(hint?.message).toEqual({ da, en });
    expect(hint?.match).toBeUndefined();
  });

  it('says nothing about very short texts', () => {
    expect(found('readability', 'Kommunikationsmedarbejderen gennemgik sagsbehandlingsproceduren.', 'da')).toEqual([]);
  });

  it('comes after the hints that point at words', () => {
    const kinds = analyse('Hun har en handleplan og skal tale med kommunen om den i morgen.', { lang: 'da' }).map((h) => h.kind);
    expect(kinds).toEqual(['notFirstPerson', 'jargon', 'readability']);
  });
});

describe('analyse on awkward input', () => {
  it.each([
    ['empty', ''],
    ['only spaces', '   \n\t '],
    ['only emoji', '😊😊😊'],
    ['only punctuation', '... !!! ???'],
  ])('returns no hints for %s text', (_name, text) => {
    expect(analyse(text, { lang: 'da' })).toEqual([]);
  });

  it('returns no hints for a value that is not text', () => {
    expect(analyse(undefined as unknown as string, { lang: 'da' })).toEqual([]);
    expect(analyse(42 as unknown as string, { lang: 'en' })).toEqual([]);
  });

  it('finds hints in text mixed with other scripts and emoji, at the right place', () => {
    const text = 'Привет 👋 我叫小明。 Jeg er skizofren 😔 og har en handleplan.';
    const hints = analyse(text, { lang: 'da', role: 'whoIAm' });
    for (const h of hints.filter((x) => x.match)) expect(text.slice(h.match!.start, h.match!.end)).toBe(h.match!.text);
    expect(hints.map((h) => h.match?.text)).toEqual(['Jeg er skizofren', 'handleplan']);
  });

  it.each(HOSTILE_TEXTS)('handles 100,000 characters of %s (how fast is measured by `npm run bench -- helper`)', (_name, text) => {
    for (const lang of ['da', 'en'] as const) expect(() => analyse(text, { lang, role: 'helpWith' })).not.toThrow();
  });

  const fragments = fc.constantFrom(
    'jeg er ',
    'Jeg er en ',
    'min ',
    'skizofren',
    'psykisk syg',
    'I am ',
    "I'm ",
    'my ',
    'depression',
    'ikke ',
    'handleplan',
    'handleplanerne',
    '§ 85-støtte',
    '§',
    'recovery-orienteret',
    'jeg vil have ',
    'I want ',
    'ECT',
    'psykolog',
    'kognitiv terapi',
    'Hun ',
    'she ',
    '.',
    '!',
    '?',
    '…',
    ' ',
    '\n',
    '😊',
    '👨‍👩‍👧',
    'Dr.',
    'æøå',
    '-',
    "'",
    '’',
    '14.30',
    'é',
    '\u0301',
    '\uD800',
    '\u0000',
    '\r\n',
    'ß',
    'İ',
  );
  const text = fc.array(fc.oneof(fragments, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 60 }).map((p) => p.join(''));
  const role = fc.constantFrom<AnalyseRole | undefined>(undefined, 'summary', ...FIELD_ROLES);

  it('never throws, and every match points at its own words inside the text', () => {
    fc.assert(
      fc.property(text, fc.constantFrom<Lang>('da', 'en'), role, (t, lang, r) => {
        const hints = analyse(t, r ? { lang, role: r } : { lang });
        for (const h of hints) {
          expect(h.message.da.length).toBeGreaterThan(0);
          expect(h.message.en.length).toBeGreaterThan(0);
          if (!h.match) continue;
          expect(h.match.start).toBeGreaterThanOrEqual(0);
          expect(h.match.end).toBeGreaterThan(h.match.start);
          expect(h.match.end).toBeLessThanOrEqual(t.length);
          expect(t.slice(h.match.start, h.match.end)).toBe(h.match.text);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('analyseAnswers', () => {
  it('gives hints per field for the check page, with the line for list fields', () => {
    const answers = emptyAnswers(personalStatement);
    answers.fields['whoIAm'] = 'Jeg er skizofren.';
    answers.fields['matters'] = 'Min hund.';
    answers.fields['helpWith'] = ['at sove', 'Jeg vil have en psykolog'];
    answers.summary = 'Jeg vil have en handleplan.';
    const result = analyseAnswers(personalStatement, answers, 'da');
    expect(Object.keys(result).sort()).toEqual(['helpWith', 'summary', 'whoIAm']);
    expect(result['whoIAm']?.map((h) => h.kind)).toEqual(['diagnosisFirst']);
    expect(result['helpWith']?.map((h) => [h.kind, h.item])).toEqual([['whichHelp', 1]]);
    expect(result['summary']?.map((h) => h.kind)).toEqual(['jargon']);
  });

  it('says nothing about a list line that reads easily, and still speaks up about one that reads hard', () => {
    const answers = emptyAnswers(personalStatement);
    answers.fields['whoIAm'] = 'Jeg hedder Sara, og jeg bor i en lille lejlighed i Odense med min kat.';
    answers.fields['helpWith'] = [
      'at få sovet om natten, så jeg kan klare dagen og tage mig af min kat',
      'Kommunikationsmedarbejderen gennemgik sagsbehandlingsproceduren grundigt og udarbejdede koordinerende handlingsanvisninger til samtlige nyansatte medarbejdere.',
    ];
    const result = analyseAnswers(personalStatement, answers, 'da');
    expect(result['whoIAm']?.map((h) => h.kind)).toEqual(['readability']);
    expect(result['helpWith']?.filter((h) => h.kind === 'readability').map((h) => [h.item, h.lix?.band])).toEqual([[1, 'veryHard']]);
  });

  it('has nothing to say about empty answers', () => {
    expect(analyseAnswers(personalStatement, emptyAnswers(personalStatement), 'en')).toEqual({});
  });
});
