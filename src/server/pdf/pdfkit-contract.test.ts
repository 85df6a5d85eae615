import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { openPdfkitFont } from './fonts.ts';
import { renderStatementPdf } from './statement-pdf.ts';
import { sampleStatementView } from './sample-statement.ts';

// fonts.ts and truetype-subset.ts stand in for fontkit behind pdfkit's back: pdfkit is handed
// an opened font object and builds the PDF font from our createSubset(). Nothing in pdfkit's
// public API promises that, so these tests pin the contract; if a pdfkit upgrade breaks one,
// read pdfkit's EmbeddedFont before changing anything else.

const require = createRequire(import.meta.url);
const dejaVu = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));

const popplerMissing = spawnSync('pdffonts', ['-v']).error !== undefined;
const dir = mkdtempSync(join(tmpdir(), 'pdfkit-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(pdf: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return file;
}

interface StreamObject {
  id: string;
  dictionary: string;
  /** The bytes as stored: still deflated when the dictionary says /FlateDecode. */
  data: Buffer;
}

/** Every stream object of a PDF, in file order. A dictionary never reaches past its own object's
 * end, so an object without a stream cannot swallow the next one. */
function streamObjects(pdf: Buffer): StreamObject[] {
  const raw = pdf.toString('latin1');
  return [...raw.matchAll(/\n(\d+) 0 obj\n<<((?:(?!endobj)[\s\S])*?)>>\nstream\n/g)].map((m) => {
    const dictionary = m[2] ?? '';
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
    const start = (m.index ?? 0) + m[0].length;
    return { id: m[1] ?? '', dictionary, data: pdf.subarray(start, start + length) };
  });
}

function isDeflated(stream: StreamObject): boolean {
  return /\/Filter \/FlateDecode/.test(stream.dictionary);
}

/** The decompressed bytes of every embedded TrueType font program (/FontFile2). */
function embeddedFontPrograms(pdf: Buffer): Buffer[] {
  const streams = streamObjects(pdf);
  return [...pdf.toString('latin1').matchAll(/\/FontFile2 (\d+) 0 R/g)].map(([, id]) => {
    const stream = streams.find((s) => s.id === id);
    if (!stream) throw new Error(`font stream ${id} not found`);
    return isDeflated(stream) ? inflateSync(stream.data) : stream.data;
  });
}

describe('pdfkit takes our font object and our subset', () => {
  it('asks the font object for a subset, fills it glyph by glyph and embeds what encode() returns', () => {
    const font = openPdfkitFont(dejaVu);
    const calls = { createSubset: 0, includeGlyph: 0, encode: 0 };
    let encoded: Buffer | undefined;
    const spied = {
      ...font,
      createSubset() {
        calls.createSubset++;
        const subset = font.createSubset();
        return Object.assign(Object.create(Object.getPrototypeOf(subset) as object) as typeof subset, subset, {
          includeGlyph: (gid: number) => {
            calls.includeGlyph++;
            return subset.includeGlyph(gid);
          },
          encode: () => {
            calls.encode++;
            encoded = subset.encode();
            return encoded;
          },
        });
      },
    };
    const doc = new PDFDocument({ font: null as unknown as string, compress: false });
    // The branch of pdfkit's font factory we rely on: an object with layout() is used as is.
    doc.registerFont('spied', spied as unknown as string);
    doc.font('spied').text('Blåbærgrød på Ærø');
    doc.end();
    const pdf = doc.read() as Buffer;

    expect(calls.createSubset).toBe(1);
    expect(calls.includeGlyph).toBeGreaterThan(0);
    expect(calls.encode).toBe(1);
    const [program] = embeddedFontPrograms(pdf);
    expect(encoded && program?.equals(encoded)).toBe(true);
  });

  // document.ts hands every document one layout cache per face; that is safe only while pdfkit
  // keeps it in `layoutCache` and never changes a run once kept.
  // The first statement drawn in this file, so `first` is drawn with nothing cached yet.
  it('keeps word layouts in layoutCache and draws a later document exactly as a first one', () => {
    const doc = new PDFDocument({ font: null as unknown as string });
    doc.registerFont('regular', openPdfkitFont(dejaVu) as unknown as string);
    expect((doc.font('regular') as unknown as { _font: { layoutCache?: object } })._font.layoutCache).toBeTypeOf('object');

    const view = sampleStatementView();
    const other = { ...view, title: 'Helt andre ord: Æblegrød, vægtløs, 0123456789' };
    // The dates (in the info dictionary, as their own objects, and in the XMP metadata) and the ID
    // change with the clock; a render that crosses a second must still compare equal.
    const withoutDatesOrId = (pdf: Buffer) =>
      pdf
        .toString('latin1')
        .replace(/\/(CreationDate|ModDate|ID)[^\n]*/g, '')
        .replace(/\(D:\d{14}Z\)/g, '(D:)')
        .replace(/<xmp:(\w+Date)>[^<]*</g, '<xmp:$1><');
    const first = renderStatementPdf(view);
    renderStatementPdf(other);
    expect(withoutDatesOrId(renderStatementPdf(view))).toBe(withoutDatesOrId(first));
  });

  // document.ts compresses each stream itself, at zlib's fastest level, and tells pdfkit (through
  // its references' `compress` and `finalize`) that nothing is left to compress.
  it('writes every stream of a statement deflated once, at the fastest level, the first page too', () => {
    const streams = streamObjects(renderStatementPdf(sampleStatementView()));
    const compressed = streams.filter(isDeflated);
    // Page contents, two font programs, their Unicode maps: everything but the XMP metadata.
    expect(compressed.length).toBeGreaterThanOrEqual(5);
    expect(streams.length - compressed.length).toBe(1);
    for (const stream of compressed) {
      // A zlib header of 78 01: the fastest level. pdfkit's own (default level) writes 78 9C.
      expect(stream.data.subarray(0, 2).toString('hex')).toBe('7801');
      // Deflated once: what comes out is the stream itself, not another zlib stream.
      expect(inflateSync(stream.data).subarray(0, 2).toString('hex')).not.toBe('7801');
    }
    const pageContents = compressed.map((s) => inflateSync(s.data).toString('latin1')).filter((text) => /\bBT\b[\s\S]*\b(?:Tj|TJ)\b/.test(text));
    expect(pageContents.length).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(popplerMissing)('gives a statement with æøå embedded subset fonts that read back as the same text', () => {
    const pdf = renderStatementPdf(sampleStatementView());
    const file = save(pdf, 'statement.pdf');

    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Tilhører: Sara Østergaard');
    expect(text).toContain('stolt af mit håndværk');
    expect(text).toContain('Blive i mit job og passe på mig selv');

    // Both faces embedded, marked as subsets ("ABCDEF+DejaVuSans") with a Unicode map.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/^[A-Z]{6}\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes yes/m);
    expect(fonts).toMatch(/^[A-Z]{6}\+DejaVuSans-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/m);

    const programs = embeddedFontPrograms(pdf);
    expect(programs).toHaveLength(2);
    for (const program of programs) {
      expect(program.readUInt32BE(0)).toBe(0x00010000); // a TrueType font file
      expect(program.length).toBeLessThan(dejaVu.length / 10);
    }
  });
});
