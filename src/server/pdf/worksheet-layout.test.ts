import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinTemplates } from '../../domain/sheets/builtin-templates.ts';
import { LANGS } from '../../domain/sheets/template-schema.ts';
import { renderWorksheetPdf } from './worksheet-layout.ts';

// Read back with poppler, as statement-pdf.test.ts does.
const popplerMissing = spawnSync('pdftotext', ['-v']).error !== undefined;
const dir = mkdtempSync(join(tmpdir(), 'worksheet-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const texts = { intro: 'Skriv med dine egne ord.', summaryPrompt: 'Skriv det vigtigste.', selfCheckHeading: 'Spørg dig selv', footer: 'Et tomt ark.' };
const cases = builtinTemplates.flatMap((template) => LANGS.map((lang) => ({ key: template.key, template, lang })));

describe.skipIf(popplerMissing)('renderWorksheetPdf', () => {
  it.each(cases)('$key ($lang) is one or two A4 pages with every question, every self-check item and lines to write on', ({ key, template, lang }) => {
    const file = join(dir, `${key}-${lang}.pdf`);
    writeFileSync(file, renderWorksheetPdf(template, lang, texts));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(template.title[lang]);
    for (const step of template.steps) {
      expect(text).toContain(step.title[lang]);
      expect(text).toContain(step.prompt[lang]);
      if (step.fields.length > 1) for (const field of step.fields) expect(text).toContain(field.label[lang]);
    }
    expect(text).toContain(template.composition.title[lang]);
    expect(text).toContain(texts.selfCheckHeading);
    for (const item of template.selfCheck) expect(text).toContain(item.text[lang]);
    // Blank: the name is a line to write on, and no answers or examples are printed.
    expect(text).toMatch(/: _{8,}/);
    for (const step of template.steps) for (const example of step.examples[lang]) expect(text).not.toContain(example);
  });

  it.each(cases)("$key ($lang) prints each step's heading once, even when its first question is asked in the same words", ({ key, template, lang }) => {
    const file = join(dir, `${key}-${lang}-headings.pdf`);
    writeFileSync(file, renderWorksheetPdf(template, lang, texts));
    // Without the sheet's title at the top, which may be in the same words as a step's ("Det hjælper mig").
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ').replace(template.title[lang], '');
    // The personal statement's step "Så jeg kan …" asks "Så jeg kan …" first: it was printed twice.
    for (const step of template.steps) {
      const heading = step.title[lang];
      expect({ heading, times: text.split(heading).length - 1 }).toEqual({ heading, times: 1 });
    }
  });
});
