import { describe, expect, it } from 'vitest';
import { clientTextsFor } from './client-texts.ts';

// The script carries these for both languages (scripts/build-client.ts); a page in either
// language must find every text, in its own language, with the slots the script fills in.
describe("the writing pages' script texts", () => {
  const da = clientTextsFor('da');
  const en = clientTextsFor('en');

  it('has every text in both languages, none empty, and the Danish is not the English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
    for (const texts of [da, en]) for (const [key, text] of Object.entries(texts)) expect(text.trim(), key).not.toBe('');
    const same = Object.keys(da).filter((key) => da[key as keyof typeof da] === en[key as keyof typeof en]);
    expect(same).toEqual([]);
  });

  it('keeps the slots the script fills in', () => {
    for (const texts of [da, en]) {
      expect(texts.counter).toContain('{max}');
      expect(texts.counter).toContain('{used}');
      expect(texts.counterList).toMatch(/\{maxItems\}.*|\{maxLength\}/);
      expect(texts.sentences).toContain('{count}');
      expect(texts.savedAt).toContain('{time}');
      expect(texts.line).toContain('{n}');
      expect(texts.lixOverall).toContain('{score}');
    }
  });
});
