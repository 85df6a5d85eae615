import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { openPdfkitFont } from './fonts.ts';
import { TrueTypeFile } from './truetype-subset.ts';

const require = createRequire(import.meta.url);
const dejaVu = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));

interface Outline {
  path: { toSVG(): string };
  advanceWidth: number;
}
type Opened = { getGlyph(id: number): Outline; numGlyphs: number; glyphForCodePoint(cp: number): { id: number } };

describe('TrueType subset', () => {
  it('draws every glyph exactly like the original font, composite letters included', () => {
    const original = create(dejaVu) as unknown as Opened;
    const subset = new TrueTypeFile(dejaVu).createSubset();
    const text = 'Hæløj på åen, Ærø! €';
    const ids = Array.from(text, (ch) => {
      const gid = original.glyphForCodePoint(ch.codePointAt(0) ?? 0).id;
      return [gid, subset.includeGlyph(gid)] as const;
    });

    const reopened = create(subset.encode()) as unknown as Opened;
    // "å", "æ" and friends are built from parts, which join the subset under new numbers.
    expect(reopened.numGlyphs).toBeGreaterThan(new Set(ids.map(([gid]) => gid)).size + 1);
    for (const [gid, newId] of ids) {
      expect(reopened.getGlyph(newId).path.toSVG()).toBe(original.getGlyph(gid).path.toSVG());
      expect(reopened.getGlyph(newId).advanceWidth).toBe(original.getGlyph(gid).advanceWidth);
    }
  });

  it('keeps .notdef as glyph 0', () => {
    const subset = new TrueTypeFile(dejaVu).createSubset();
    expect(subset.includeGlyph(0)).toBe(0);
  });
});

describe('shared pdfkit font', () => {
  it('gives each glyph its own character, even if the glyph was first met as part of another', () => {
    const font = openPdfkitFont(dejaVu);
    // A document that only uses "å" pulls in the plain "a" as one of its parts.
    const first = font.createSubset();
    for (const g of font.layout('å').glyphs) first.includeGlyph(g.id);
    first.encode();

    const run = font.layout('banana');
    expect(run.glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('')).toBe('banana');
  });

  it('hands pdfkit fresh positions each time, since pdfkit scales them in place', () => {
    const font = openPdfkitFont(dejaVu);
    const a = font.layout('Tøj ');
    const width = a.advanceWidth;
    for (const p of a.positions) p.xAdvance *= 2;
    expect(font.layout('Tøj ').advanceWidth).toBe(width);
  });
});
