import { describe, expect, it } from 'vitest';
import { builtinTemplates } from '../../domain/sheets/builtin-templates.ts';
import { clientSheet, clientSheetJson } from './sheet-form.ts';

// The page's script gets the sheet as JSON whose unchanging part is serialised once per template
// and language: what the browser reads must still be the whole sheet for this page, and nothing in
// it may end the script early.
describe('the sheet for the browser', () => {
  const hostile = '</script><script>alert(1)</script> & <!-- \u2028';
  for (const template of builtinTemplates) {
    for (const lang of ['da', 'en'] as const) {
      it(`is the whole sheet of ${template.key} (${lang}) on each page, asked in turn`, () => {
        for (const [mode, pageId, base] of [
          ['account', 'who', '/statements/a'],
          ['device', 'done', '/write/b'],
          ['account', 'compose', '/statements/c'],
        ] as const) {
          const o = { mode, pageId, pageUrl: (id: string) => `${base}/${id}?x=${hostile}` };
          const json = clientSheetJson(template, lang, o);
          expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(clientSheet(template, lang, o))));
          expect(json).not.toMatch(/[<>&\u2028]/);
        }
      });
    }
  }

  it('refuses a page address that would hide the slot for the page id, rather than send dead links', () => {
    const o = { mode: 'account', pageId: 'who', pageUrl: (id: string) => `/statements/a/write/${encodeURIComponent(id)}` } as const;
    expect(() => clientSheetJson(builtinTemplates[0]!, 'da', o)).toThrow(/slot/);
    expect(() => clientSheet(builtinTemplates[0]!, 'da', o)).toThrow(/slot/);
  });
});
