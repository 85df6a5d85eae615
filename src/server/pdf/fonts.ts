import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create as createFontkitFont } from 'fontkit';
import type { Font } from 'fontkit';
import { TrueTypeFile } from './truetype-subset.ts';
import type { TrueTypeSubset } from './truetype-subset.ts';
import { setBounded } from '../../domain/collections/bounded-map.ts';

/**
 * Fonts for pdfkit that are parsed once per process and shared by every document.
 *
 * Handing pdfkit the font file makes it parse the font and its layout tables again for every
 * document (about 20 ms for DejaVu Sans). pdfkit also accepts an already-opened font object and
 * only uses a small part of it (see PdfkitFont), so we open each file once and give pdfkit an
 * object that
 *  - shapes text with fontkit, remembering the result per word across documents, and hands out
 *    per-occurrence code points for the text layer (fontkit's shared glyph objects keep the code
 *    points of whichever use came first in the process, which can be none at all: a letter
 *    first met as part of "å" would then copy and read aloud as nothing in every later PDF);
 *  - builds each document's font subset from the file's bytes (truetype-subset.ts).
 */

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

interface RunGlyph {
  readonly id: number;
  readonly advanceWidth: number;
  readonly codePoints: readonly number[];
}

/** The shape of fontkit's GlyphRun that pdfkit reads; pdfkit scales `positions` in place. */
interface Run {
  glyphs: readonly RunGlyph[];
  positions: Position[];
  readonly advanceWidth: number;
}

interface ShapedWord {
  glyphs: readonly RunGlyph[];
  positions: readonly Readonly<Position>[];
}

/** What pdfkit's EmbeddedFont (pdfkit 0.20) reads from a font object. */
export interface PdfkitFont {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly xHeight: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly 'OS/2': { sFamilyClass: number };
  readonly post: { isFixedPitch: boolean | number };
  readonly head: { macStyle: { italic: boolean } };
  getGlyph(id: number): { advanceWidth: number };
  layout(text: string, features?: unknown): Run;
  createSubset(): TrueTypeSubset;
  /** Not read by pdfkit: whether the font can draw this character at all. */
  hasGlyphForCodePoint(codePoint: number): boolean;
}

// Words of a few thousand statements; each entry is a few hundred bytes. Longer strings are
// rarely words, and pdfkit measures every prefix of a word too wide for its line.
const SHAPED_WORDS_PER_FONT = 20_000;
const LONGEST_SHAPED_WORD = 40;

interface FontkitGlyphRun {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: Position[];
  direction: string;
}

export function openPdfkitFont(bytes: Buffer): PdfkitFont {
  const opened = createFontkitFont(bytes);
  if (!('layout' in opened)) throw new Error('expected a single font, got a font collection');
  const fontkitFont: Font & Record<string, unknown> = opened as Font & Record<string, unknown>;
  const file = new TrueTypeFile(bytes);
  const shaped = new Map<string, ShapedWord>();

  const shape = (text: string, features?: unknown): ShapedWord => {
    const run = fontkitFont.layout(text, features) as FontkitGlyphRun;
    const codePoints = Array.from(text, (ch) => ch.codePointAt(0) ?? 0);
    // One glyph per character in reading order (the usual case): each glyph stands for its own
    // character. Otherwise (ligatures, right-to-left) fall back to what fontkit recorded.
    const oneToOne = run.direction === 'ltr' && run.glyphs.length === codePoints.length;
    return {
      glyphs: run.glyphs.map((g, i) => ({
        id: g.id,
        advanceWidth: g.advanceWidth,
        codePoints: oneToOne ? [codePoints[i] ?? 0] : [...g.codePoints],
      })),
      positions: run.positions.map((p) => ({ xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset })),
    };
  };

  const get = <T>(key: string): T => fontkitFont[key] as T;
  return {
    postscriptName: fontkitFont.postscriptName,
    unitsPerEm: fontkitFont.unitsPerEm,
    ascent: get<number>('ascent'),
    descent: get<number>('descent'),
    lineGap: get<number>('lineGap'),
    xHeight: get<number>('xHeight'),
    capHeight: get<number>('capHeight'),
    italicAngle: get<number>('italicAngle'),
    bbox: get<PdfkitFont['bbox']>('bbox'),
    'OS/2': get<PdfkitFont['OS/2']>('OS/2'),
    post: get<PdfkitFont['post']>('post'),
    head: get<PdfkitFont['head']>('head'),
    getGlyph: (id) => ({ advanceWidth: file.metrics(id)[0] }),
    hasGlyphForCodePoint: (cp) => fontkitFont.hasGlyphForCodePoint(cp),
    createSubset: () => file.createSubset(),
    layout(text, features) {
      const cacheable = features === undefined && text.length <= LONGEST_SHAPED_WORD;
      let word = cacheable ? shaped.get(text) : undefined;
      if (!word) {
        word = shape(text, features);
        if (cacheable) {
          setBounded(shaped, text, word, SHAPED_WORDS_PER_FONT);
        }
      } else {
        // Refresh its place so frequent words outlive rare ones.
        shaped.delete(text);
        shaped.set(text, word);
      }
      const positions = word.positions.map((p) => ({ ...p }));
      return {
        glyphs: word.glyphs,
        positions,
        get advanceWidth() {
          let sum = 0;
          for (const p of positions) sum += p.xAdvance;
          return sum;
        },
      };
    },
  };
}

export interface PdfFonts {
  regular: PdfkitFont;
  bold: PdfkitFont;
}

let loaded: PdfFonts | undefined;

/** DejaVu Sans and Sans Bold (dejavu-fonts-ttf, free licence), opened on first use. */
export function pdfFonts(): PdfFonts {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const read = (file: string): Buffer => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
  loaded = { regular: openPdfkitFont(read('DejaVuSans.ttf')), bold: openPdfkitFont(read('DejaVuSans-Bold.ttf')) };
  return loaded;
}
