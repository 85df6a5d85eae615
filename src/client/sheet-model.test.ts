import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtinTemplates } from '../domain/sheets/builtin-templates.ts';
import { pagesOf, missingRequired } from '../domain/sheets/flow.ts';
import { statementView } from '../domain/sheets/compose.ts';
import { answersSchema, type StatementAnswers } from '../domain/sheets/answers.ts';
import { fieldsOf, type SheetTemplate } from '../domain/sheets/template-schema.ts';
import { clientSheet } from '../server/views/sheet-form.ts';
import { lengthProblems, missingPages, ownerLine, previewSections, sheetFromData, type ClientTexts } from './sheet-model.ts';
import { OFFLINE_PAGES, isOfflinePath } from './offline-pages.ts';

// The browser cannot bundle the domain (it brings zod), so it has its own small copies of
// statementView and missingRequired. These tests keep the copies honest.

const texts = {} as ClientTexts;
const sheetOf = (template: SheetTemplate, lang: 'da' | 'en') =>
  sheetFromData(clientSheet(template, lang, { mode: 'device', pageId: 'done', pageUrl: (id) => `/write/${template.key}/${id}` }), texts);

const line = fc.oneof(
  fc.constant(''),
  fc.constant('  '),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('Jeg hedder Åse.\n\nJeg bor i Køge.', '- en ting\n\n* to ting', ' med mellemrum ', 'a\n \nb'),
);

function answersArb(template: SheetTemplate) {
  const fieldArbs: Record<string, fc.Arbitrary<string | string[]>> = {};
  for (const { field } of fieldsOf(template)) fieldArbs[field.key] = field.type === 'list' ? fc.array(line, { maxLength: 4 }) : line;
  return fc.record({ fields: fc.record(fieldArbs), summary: line, selfCheck: fc.constant({}) }) as fc.Arbitrary<StatementAnswers>;
}

describe('client sheet model', () => {
  for (const template of builtinTemplates) {
    for (const lang of ['da', 'en'] as const) {
      it(`previews ${template.key} (${lang}) exactly like statementView`, () => {
        const sheet = sheetOf(template, lang);
        fc.assert(
          fc.property(answersArb(template), fc.string({ maxLength: 12 }), (answers, name) => {
            const view = statementView(template, answers, lang, { ownerName: name });
            expect(previewSections(sheet, answers)).toEqual(
              view.sections.map((s) =>
                s.items ? { key: s.key, heading: s.heading, items: s.items } : { key: s.key, heading: s.heading, paragraphs: s.paragraphs },
              ),
            );
            expect(ownerLine(sheet, name)).toBe(view.ownerLabel);
          }),
        );
      });

      it(`finds what is missing in ${template.key} (${lang}) like missingRequired`, () => {
        const sheet = sheetOf(template, lang);
        fc.assert(
          fc.property(answersArb(template), (answers) => {
            expect(missingPages(sheet, answers)).toEqual(missingRequired(template, answers).map((m) => m.pageId));
          }),
        );
      });
    }

    it(`flags over-long text in ${template.key} exactly when answersSchema refuses it`, () => {
      const sheet = sheetOf(template, 'da');
      const long = fc.string({ minLength: 0, maxLength: 2100, unit: fc.constantFrom('a', 'ø', '😀', ' ') });
      fc.assert(
        fc.property(long, long, (text, summary) => {
          const answers: StatementAnswers = { fields: { whoIAm: text, helpWith: [text.slice(0, 220)] }, summary, selfCheck: {} };
          expect(lengthProblems(sheet, answers).length === 0).toBe(answersSchema(template).safeParse(answers).success);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('gives every page of a sheet its own address, and links a missing page to where it is written', () => {
    for (const template of builtinTemplates) {
      const sheet = sheetOf(template, 'da');
      expect(sheet.pages.map((p) => p.url)).toEqual(pagesOf(template).map((p) => `/write/${template.key}/${p.id}`));
      // The missing-pages list of the offline check links these: each an address that works offline.
      for (const p of sheet.pages) expect(isOfflinePath(p.url)).toBe(true);
    }
  });

  it('lists every page of the built-in sheets for offline use', () => {
    const expected = ['/write', ...builtinTemplates.flatMap((t) => pagesOf(t).map((p) => `/write/${t.key}/${p.id}`))];
    expect([...OFFLINE_PAGES].sort()).toEqual(expected.sort());
    for (const p of OFFLINE_PAGES) expect(isOfflinePath(p)).toBe(true);
    for (const p of ['/statements', '/statements/x/write/who', '/account', '/organisation/1', '/admin', '/share/abc', '/', '/write/a/b/c', '/writer'])
      expect(isOfflinePath(p)).toBe(false);
  });
});
