import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { renderStatementPdf } from './statement-pdf.ts';
import type { StatementPdfView } from './statement-pdf.ts';
import { sampleStatementView } from './sample-statement.ts';

// The PDF is read back the way a person's tools would: poppler extracts its text and structure
// and draws it. Poppler (Debian package poppler-utils) is part of this project's machine.
const popplerMissing = spawnSync('pdftotext', ['-v']).error !== undefined;
if (popplerMissing) console.warn('statement-pdf tests SKIPPED: pdftotext not found; install poppler-utils');

const dir = mkdtempSync(join(tmpdir(), 'statement-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function save(pdf: Buffer): string {
  const file = join(dir, `s${++fileCount}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** All text on all pages; pages separated by form feeds, whitespace runs folded. */
function textOf(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', save(pdf), '-'], { encoding: 'utf8' }).replace(/[ \t\n]+/g, ' ');
}

function pageCount(pdf: Buffer): number {
  const info = execFileSync('pdfinfo', [save(pdf)], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

function structureOf(pdf: Buffer): string {
  return execFileSync('pdfinfo', ['-struct-text', save(pdf)], { encoding: 'utf8' });
}

/** Page 1 as a grey-scale raster: width, height and one byte per pixel (0 = black). */
function rasterOf(pdf: Buffer, dpi: number): { width: number; height: number; pixels: Buffer } {
  const base = join(dir, `r${++fileCount}`);
  execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', save(pdf), base]);
  const pgm = readFileSync(`${base}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('unexpected pdftoppm output');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: pgm.subarray(header[0].length) };
}

function view(overrides: Partial<StatementPdfView> = {}): StatementPdfView {
  return { ...sampleStatementView(), ...overrides };
}

describe.skipIf(popplerMissing)('renderStatementPdf', () => {
  it('shows the owner, the title, every heading, the summary and the Danish letters', () => {
    const v = view({
      sections: [
        { heading: 'Hvem jeg er', paragraphs: ['Blåbærgrød og rødgrød med fløde. ÆBLE, ØL og ÅEN.'] },
        { heading: 'Det vigtigste for mig', items: ['At beholde mit arbejde.'] },
      ],
    });
    const text = textOf(renderStatementPdf(v));

    expect(text).toContain('Tilhører: Sara Østergaard');
    expect(text).toContain('Personligt statement');
    expect(text).toContain('Til mødet torsdag den 3. december 2026 kl. 10.00: Jobcentret');
    expect(text).toContain('Hvem jeg er');
    expect(text).toContain('Det vigtigste for mig');
    expect(text).toContain('Blåbærgrød og rødgrød med fløde. ÆBLE, ØL og ÅEN.');
    expect(text).toContain('At beholde mit arbejde.');
    expect(text).toContain('Kort fortalt');
    expect(text).toContain(v.summary?.text);
    expect(text).toContain(v.footer);
  });

  it('fits a realistic statement on one A4 page', () => {
    const pdf = renderStatementPdf(sampleStatementView());
    const info = execFileSync('pdfinfo', [save(pdf)], { encoding: 'utf8' });
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
  });

  it('flows a long statement onto more pages without losing its end, and numbers the pages', () => {
    const sentence = 'Jeg vil gerne fortælle om min hverdag, mine børn og det arbejde, der giver mig mening. ';
    const long = sentence.repeat(Math.ceil(6000 / sentence.length)).trim();
    const pdf = renderStatementPdf(
      view({
        sections: [
          { heading: 'Hvem jeg er', paragraphs: [long] },
          { heading: 'Til sidst', paragraphs: ['Det her er den allersidste sætning i min fortælling.'] },
        ],
      }),
    );

    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = textOf(pdf);
    expect(text).toContain('Det her er den allersidste sætning i min fortælling.');
    // Footers say "1 / 3" (pdftotext drops the thin spaces around the slash).
    expect(text).toMatch(new RegExp(`1 ?/ ?${pages}`));
    expect(text).toMatch(new RegExp(`${pages} ?/ ?${pages}`));
  });

  it('never leaves a heading alone at the foot of a page', () => {
    const filler = 'Denne linje fylder siden op, så overskriften havner længere og længere nede. ';
    for (let lines = 20; lines < 44; lines++) {
      const pdf = renderStatementPdf(
        view({
          qr: undefined,
          summary: undefined,
          footer: undefined,
          sections: [
            { heading: 'Fyld', paragraphs: Array.from({ length: lines }, () => filler) },
            { heading: 'OVERSKRIFTEN', paragraphs: ['Første linje efter overskriften står på samme side.'] },
          ],
        }),
      );
      const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', save(pdf), '-'], { encoding: 'utf8' }).split('\f');
      const pageWithHeading = pages.find((p) => p.includes('OVERSKRIFTEN'));
      expect(pageWithHeading, `with ${lines} filler paragraphs`).toContain('Første linje efter overskriften');
    }
    // 24 documents read back by pdftotext: on a busy machine that takes longer than the default 5 s.
  }, 60_000);

  it('prints HTML and script as the literal text the person wrote', () => {
    const payload = '<script>alert(1)</script> & <b>fed</b> &amp;';
    const text = textOf(renderStatementPdf(view({ sections: [{ heading: '<h1>Overskrift</h1>', paragraphs: [payload] }] })));
    expect(text).toContain(payload);
    expect(text).toContain('<h1>Overskrift</h1>');
  });

  it('survives emoji and scripts the font lacks, keeping the words around them', () => {
    const pdf = renderStatementPdf(
      view({
        ownerLine: 'Tilhører: Sara 😊',
        sections: [
          {
            heading: 'Min hund 🐶',
            paragraphs: ['Jeg elsker min hund 🐶 og min familie 👨‍👩‍👧 ❤️ — vi hygger 😀. Min mormor hedder 王芳.'],
            items: ['Flag 🇩🇰 og hudfarve 👍🏽 og tastatur 1️⃣'],
          },
        ],
      }),
    );
    const text = textOf(pdf);
    expect(text).toContain('Min hund');
    expect(text).toContain('Jeg elsker min hund og min familie');
    // DejaVu draws these two itself, in black and white.
    expect(text).toContain('❤');
    expect(text).toContain('😀');
    // A name the font cannot draw stays visibly incomplete rather than vanishing.
    expect(text).toContain('Min mormor hedder □□.');
    expect(text).toContain('Flag og hudfarve og tastatur 1');
    expect(text).not.toContain('\u0000');
  });

  it('is a tagged PDF with a real structure tree, its language and a displayed title', () => {
    const pdf = renderStatementPdf(sampleStatementView());
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/Lang \(da\)/);
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);

    const tree = structureOf(pdf);
    expect(tree).toMatch(/^Document\n {2}H1 \(block\)\n {4}"Personligt statement"/);
    for (const heading of ['Kort fortalt', 'Hvem jeg er', 'Det vigtigste for mig', 'Så jeg kan …']) {
      expect(tree).toContain(`H2 (block)\n      "${heading}"`);
    }
    expect(tree).toMatch(/L \(block\)\n\s+LI \(block\)\n\s+Lbl \(block\)\n\s+"•"\n\s+LBody \(block\)\n\s+"At beholde mit arbejde i bageriet."/);
    // Decorations (box, rule, footer) are artifacts, so they are not in the tree.
    expect(tree).not.toContain('Skrevet med Egne ord');
    const title = execFileSync('pdfinfo', [save(pdf)], { encoding: 'utf8' });
    expect(title).toMatch(/^Title:\s+Personligt statement$/m);
  });

  it('declares English when the statement is in English', () => {
    const pdf = renderStatementPdf(view({ lang: 'en', title: 'My personal statement', ownerLine: 'Belongs to: Sara' }));
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(en\)/);
  });

  it('prints a QR code that encodes the share link, with its caption and a described figure', () => {
    const url = 'https://egneord.dk/d/0123456789abcdef0123456789abcdef';
    const pdf = renderStatementPdf(view({ lang: 'en', qr: { url, caption: 'Scan to read it on screen' } }));

    expect(textOf(pdf)).toContain('Scan to read it on screen');
    const tree = structureOf(pdf);
    expect(tree).toMatch(/Figure:\n\s+\/Placement \/Block\n\s+\/BBox/);
    // A screen reader user cannot scan, so the figure's description carries the link itself.
    expect(pdf.toString('latin1')).toContain(`/Alt (Scan to read it on screen ${url})`);

    // Read the printed code back module by module and compare it with the code for the URL.
    const expected = QRCode.create([{ data: new TextEncoder().encode(url), mode: 'byte' }], { errorCorrectionLevel: 'M' }).modules;
    const { width, height, pixels } = rasterOf(pdf, 150);
    let left = width;
    let right = 0;
    let top = height;
    let bottom = 0;
    // The code is the only pure black in the top right corner (the title ends further left,
    // the caption under the code is grey).
    for (let y = 0; y < height / 4; y++) {
      for (let x = Math.floor(width * 0.68); x < width; x++) {
        if ((pixels[y * width + x] ?? 255) < 20) {
          left = Math.min(left, x);
          right = Math.max(right, x);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    const n = expected.size;
    const cellX = (right - left + 1) / n;
    const cellY = (bottom - top + 1) / n;
    expect(cellX).toBeGreaterThan(4); // about 2.4 pt per module at 150 dpi
    let mismatches = 0;
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const x = Math.floor(left + (col + 0.5) * cellX);
        const y = Math.floor(top + (row + 0.5) * cellY);
        const dark = (pixels[y * width + x] ?? 255) < 128;
        if (dark !== Boolean(expected.data[row * n + col])) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('has no QR figure when there is no link to share', () => {
    const pdf = renderStatementPdf(view({ qr: undefined }));
    expect(structureOf(pdf)).not.toContain('Figure');
  });

  it('keeps the text layer intact for letters first met inside another letter', () => {
    // With fonts shared between documents, a glyph first used as part of "å" must not lose
    // its own character for later documents: "banana" must still copy and read as "banana".
    renderStatementPdf(view({ sections: [{ heading: 'Å', paragraphs: ['å å ø'] }], summary: undefined }));
    const text = textOf(renderStatementPdf(view({ sections: [{ heading: 'Ord', paragraphs: ['banana Anna ærø'] }] })));
    expect(text).toContain('banana Anna ærø');
  });

  // How fast is measured by `npm run bench -- pdf` (long_word_ms), not here.
  it('wraps a very long unbroken word instead of cutting it', () => {
    const word = 'q'.repeat(3000);
    const pdf = renderStatementPdf(view({ sections: [{ heading: 'Langt ord', paragraphs: [`${word} SLUT`] }] }));
    const text = textOf(pdf);
    expect(text.match(/q/g)?.length).toBe(3000);
    expect(text).toContain('SLUT');
  });

  it('leaves out empty optional parts', () => {
    const pdf = renderStatementPdf({
      lang: 'da',
      title: 'Min personlige fortælling',
      ownerLine: 'Tilhører: Sara',
      sections: [
        { heading: 'Hvem jeg er', paragraphs: ['', '   '], items: [] },
        { heading: 'Tom', paragraphs: ['Noget.'] },
      ],
      summary: { heading: 'Kort fortalt', text: '  ' },
      footer: '',
    });
    const text = textOf(pdf);
    expect(text).not.toContain('Kort fortalt');
    expect(text).toContain('Hvem jeg er');
    expect(text).toContain('Noget.');
  });
});
