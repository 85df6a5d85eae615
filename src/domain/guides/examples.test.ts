import { describe, expect, it } from 'vitest';
import { builtinTemplate } from '../sheets/builtin-templates.ts';
import { countSentences, textLength } from '../sheets/text.ts';
import { analyse } from '../writing-helper/analyse.ts';
import { EXAMPLE_STATEMENTS } from './examples.ts';

const examples = Object.entries(EXAMPLE_STATEMENTS).flatMap(([key, byLang]) =>
  (['da', 'en'] as const).flatMap((lang) => byLang[lang].map((text, i) => ({ key, lang, text, where: `${key} ${lang} ${i + 1}` }))),
);

describe('whole example statements', () => {
  it.each(examples)('$where fits its sheet’s short text and gets no hints from the writing helper', ({ key, lang, text }) => {
    const template = builtinTemplate(key);
    expect(template).toBeDefined();
    const c = template!.composition;
    expect(countSentences(text)).toBeGreaterThanOrEqual(c.minSentences);
    expect(countSentences(text)).toBeLessThanOrEqual(c.maxSentences);
    expect(textLength(text)).toBeLessThanOrEqual(c.maxLength);
    expect(analyse(text, { lang, role: 'summary' }).filter((h) => h.kind !== 'readability')).toEqual([]);
  });

  it('has the same number of examples in both languages', () => {
    for (const byLang of Object.values(EXAMPLE_STATEMENTS)) expect(byLang.en.length).toBe(byLang.da.length);
  });
});
