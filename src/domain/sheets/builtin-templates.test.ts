import { describe, expect, it } from 'vitest';
import { analyse } from '../writing-helper/analyse.ts';
import { lix } from '../writing-helper/lix.ts';
import { builtinTemplate, builtinTemplates, inOfferOrder, motivationGoal, personalStatement, whatHelpsMe } from './builtin-templates.ts';
import { countSentences, emptyAnswers, parseAnswers, textLength } from './answers.ts';
import { draftSummary } from '../writing-helper/draft.ts';
import { LANGS, validateTemplate } from './template-schema.ts';
import type { SheetTemplate } from './template-schema.ts';

const rolesOf = (t: SheetTemplate) => t.steps.map((s) => s.fields.map((f) => f.role ?? null));

describe('built-in templates', () => {
  it.each(builtinTemplates)('$key is a valid template', (template) => {
    expect(validateTemplate(template)).toEqual({ ok: true, template });
  });

  it.each(builtinTemplates)('$key says "støtten" for the help the citizen gets, as the glossary does', (template) => {
    const danish = JSON.stringify(template, (key, value) => (key === 'en' ? undefined : value));
    expect(danish).not.toMatch(/hjælpen|hvilken hjælp/i);
  });

  it.each([personalStatement, motivationGoal])('$key changed its words in a new version, so sheets written before keep theirs', (template) => {
    expect(template.version).toBeGreaterThan(1);
  });

  it('are offered with the personal statement first, then the other built-in sheets, then an organisation’s own', () => {
    const stored = [
      { template: { key: 'a-own-sheet' }, organisationId: 'org-1' },
      { template: motivationGoal, organisationId: null },
      { template: personalStatement, organisationId: null },
      { template: { key: 'personal-statement' }, organisationId: 'org-2' },
      { template: whatHelpsMe, organisationId: null },
    ];
    expect(inOfferOrder(stored).map((t) => `${t.template.key} ${t.organisationId ?? 'built-in'}`)).toEqual([
      'personal-statement built-in',
      'motivation-goal built-in',
      'what-helps-me built-in',
      'a-own-sheet org-1',
      'personal-statement org-2',
    ]);
  });

  it('can be looked up by key', () => {
    expect(builtinTemplate('personal-statement')).toBe(personalStatement);
    expect(builtinTemplate('motivation-goal')).toBe(motivationGoal);
    expect(builtinTemplate('nope')).toBeUndefined();
  });

  it('has the four parts of the personal statement, with the red lines as a list', () => {
    expect(rolesOf(personalStatement)).toEqual([['whoIAm'], ['matters'], ['helpWith'], ['soThat', 'mustNotPrevent']]);
    const redLines = personalStatement.steps[3]?.fields[1];
    expect(redLines).toMatchObject({ type: 'list', optional: true });
    expect(personalStatement.selfCheck).toHaveLength(5);
    expect(personalStatement.composition).toMatchObject({ minSentences: 2, maxSentences: 8 });
  });

  it('has the four parts of the motivation goal', () => {
    expect(rolesOf(motivationGoal)).toEqual([['whoIAm'], ['matters'], ['helpWith'], ['workTowards', null]]);
    expect(motivationGoal.composition).toMatchObject({ minSentences: 2, maxSentences: 8 });
  });

  it('has the parts of "what helps me", in plain words, naming the crisis plan only as what others call it', () => {
    expect(whatHelpsMe.steps.map((s) => s.fields.map((f) => f.key))).toEqual([['helps'], ['signs'], ['pleaseDo', 'pleaseDont'], ['whoToCall']]);
    expect(builtinTemplate('what-helps-me')).toBe(whatHelpsMe);
    const texts = JSON.stringify([whatHelpsMe.title, whatHelpsMe.intro, whatHelpsMe.steps, whatHelpsMe.selfCheck, whatHelpsMe.composition]).toLowerCase();
    for (const word of ['symptom', 'diagnos', 'patient', 'behandling', 'medicin', 'tilbagefald', 'relapse', 'treatment', 'psykiatri', 'psychiatr']) {
      expect(texts, word).not.toContain(word);
    }
    expect(whatHelpsMe.intro.da).toContain('kriseplan');
    expect(whatHelpsMe.intro.en).toContain('crisis plan');
  });

  const steps = builtinTemplates.flatMap((t) => t.steps.map((s) => ({ template: t.key, step: s.key, s })));
  it.each(steps)('$template/$step has 2–3 examples in each language', ({ s }) => {
    for (const lang of LANGS) {
      expect(s.examples[lang].length).toBeGreaterThanOrEqual(2);
      expect(s.examples[lang].length).toBeLessThanOrEqual(3);
    }
  });

  // The examples show people how to write, so the writing helper must have nothing to say
  // about them beyond the readability figure.
  const examples = builtinTemplates.flatMap((t) =>
    t.steps.flatMap((s) =>
      LANGS.flatMap((lang) => s.examples[lang].map((text) => ({ where: `${t.key}/${s.key}/${lang}`, text, lang, role: s.fields[0]?.role }))),
    ),
  );
  it.each(examples)('the example "$text" ($where) gets no hints', ({ text, lang, role }) => {
    const hints = analyse(text, role ? { lang, role } : { lang }).filter((h) => h.kind !== 'readability');
    expect(hints).toEqual([]);
  });

  it.each(builtinTemplates.flatMap((t) => LANGS.map((lang) => ({ key: t.key, t, lang }))))('$key ($lang) is written in easy language', ({ t, lang }) => {
    const texts = [t.intro[lang], t.composition.prompt[lang], ...t.steps.flatMap((s) => [s.prompt[lang], s.help[lang]])];
    for (const text of texts) expect(lix(text).band, text).toBe('easy');
  });

  it.each(builtinTemplates.flatMap((t) => LANGS.map((lang) => ({ key: t.key, t, lang }))))(
    'the examples of $key ($lang) make a draft that fits the short statement',
    ({ t, lang }) => {
      // One answer per field from the examples, as a person copying them would write.
      const form: Record<string, string | string[]> = {};
      for (const step of t.steps) {
        step.fields.forEach((field, i) => {
          const example = step.examples[lang][Math.min(i, step.examples[lang].length - 1)] ?? '';
          form[field.key] = field.type === 'list' ? [example] : example;
        });
      }
      const draft = draftSummary(t, parseAnswers(t, form).answers, lang);
      const n = countSentences(draft);
      expect(n).toBeGreaterThanOrEqual(t.composition.minSentences);
      expect(n).toBeLessThanOrEqual(t.composition.maxSentences);
      expect(textLength(draft)).toBeLessThanOrEqual(t.composition.maxLength);
      expect(parseAnswers(t, { summary: draft }).ok).toBe(true);
    },
  );

  it('starts from an empty draft when nothing is written', () => {
    for (const t of builtinTemplates) expect(draftSummary(t, emptyAnswers(t), 'da')).toBe('');
  });
});
