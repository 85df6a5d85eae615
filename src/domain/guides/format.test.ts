import { describe, expect, it } from 'vitest';
import { checklistItems, guidePdfSections, parseGuide } from './format.ts';

describe('guide format', () => {
  it('parses headings, paragraphs, lists and checklists', () => {
    const blocks = parseGuide('# Før udskrivelse\nTal med\npersonalet.\n\n## Tjek\n- [ ] Medicin\n- [] Nøgler\n- Husk\n* også dette\n\nTil sidst.');
    expect(blocks).toEqual([
      { type: 'heading', level: 1, text: 'Før udskrivelse' },
      { type: 'paragraph', text: 'Tal med personalet.' },
      { type: 'heading', level: 2, text: 'Tjek' },
      { type: 'checklist', items: ['Medicin', 'Nøgler'] },
      { type: 'list', items: ['Husk', 'også dette'] },
      { type: 'paragraph', text: 'Til sidst.' },
    ]);
    expect(checklistItems(blocks)).toEqual(['Medicin', 'Nøgler']);
  });

  it('keeps markup as plain text', () => {
    const blocks = parseGuide('<script>alert(1)</script>\n- [ ] <b>fed</b>');
    expect(blocks[0]).toEqual({ type: 'paragraph', text: '<script>alert(1)</script>' });
    expect(checklistItems(blocks)).toEqual(['<b>fed</b>']);
  });

  it('a lone # or - is text, and a blank line separates two lists', () => {
    expect(parseGuide('#\n-')).toEqual([{ type: 'paragraph', text: '# -' }]);
    expect(parseGuide('- a\n\n- b')).toEqual([
      { type: 'list', items: ['a'] },
      { type: 'list', items: ['b'] },
    ]);
  });

  it('maps to PDF sections in order, with boxes for checklist items', () => {
    const sections = guidePdfSections(parseGuide('Intro.\n# Tjek\nFør:\n- [ ] Medicin\nEfter.'));
    expect(sections).toEqual([
      { heading: '', paragraphs: ['Intro.'] },
      { heading: 'Tjek', paragraphs: ['Før:'], items: ['\u25a1 Medicin'] },
      { heading: '', paragraphs: ['Efter.'] },
    ]);
  });
});
