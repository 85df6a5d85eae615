import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { pdfFonts } from './fonts.ts';
import type { PdfFonts, PdfkitFont } from './fonts.ts';
import { setBounded } from '../../domain/collections/bounded-map.ts';

// The building blocks every printed document of Egne ord shares: a tagged A4 page in DejaVu,
// a header with title and owner (and a QR code), a tinted summary box, sections of paragraphs
// and bullet lists, footers with page numbers. The layouts (statement-pdf.ts, guide-layout.ts,
// report-layout.ts) decide what goes in; this module decides how it looks.

export interface PdfHeader {
  title: string;
  /** e.g. "Tilhører: Sara" */
  ownerLine: string;
  /** e.g. "Til mødet torsdag den 3. december 2026 kl. 10.00: Jobcentret" */
  meetingLine?: string;
  /** Drawn as a vector QR code at the top right, with the caption under it. */
  qr?: { url: string; caption: string };
}

export interface PdfSection {
  heading: string;
  paragraphs?: string[];
  items?: string[];
  /** Items with an empty box to tick by hand instead of a bullet (a printed checklist). */
  boxes?: boolean;
  /** Ruled lines to write on by hand, after the text (a blank worksheet). */
  lines?: number;
}

type Doc = PDFKit.PDFDocument;
type StructElement = PDFKit.PDFStructureElement;

// A4 in points. Margins are generous so the sheet can be hole-punched and written on.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 56, bottom: 72, left: 62, right: 62 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

const COLOR = {
  ink: '#1f2933',
  muted: '#4b5563',
  accent: '#2f6f62',
  rule: '#c9dcd6',
  tint: '#ebf4f1',
};

const SIZE = {
  title: 21,
  owner: 12.5,
  meeting: 11,
  heading: 14,
  body: 11.5,
  summaryHeading: 12,
  summary: 13,
  caption: 9,
  footer: 9,
};

const BODY_LINE_GAP = 3.5;
const PARAGRAPH_GAP = 7;
const SECTION_GAP = 16;
const HEADING_GAP = 5;
const BULLET_INDENT = 16;
const ITEM_GAP = 3;
/** Room for one line of handwriting. */
const RULED_LINE_GAP = 24;
const BOX_PADDING = 14;
const BOX_BAR = 4;
const QR_COLUMN = 124;
const QR_GAP = 18;
// Comfortably more than a long heading plus two body lines.
const NEAR_FOOT = 200;

// Latin-1 is fully covered by both DejaVu faces; most Danish text never leaves it.
const LATIN1_PRINTABLE = /^[\n\x20-\x7e\u00a0-\u00ff]*$/;
const EXTENDED_PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const MISSING_GLYPH = '\u25a1'; // WHITE SQUARE, so a lost character stays visible

function isEmojiPart(cp: number): boolean {
  return (
    cp === 0x200d || // zero-width joiner
    cp === 0xfe0e ||
    cp === 0xfe0f || // text/emoji presentation selectors
    cp === 0x20e3 || // keycap
    (cp >= 0x1f3fb && cp <= 0x1f3ff) || // skin tones
    (cp >= 0x1f1e6 && cp <= 0x1f1ff) || // regional indicators (flags)
    (cp >= 0xe0020 && cp <= 0xe007f) // tag sequences
  );
}

// pdfkit splits a word wider than the line one character at a time, measuring every prefix:
// a 3000-character run took 0.4 s. Zero-width spaces give it break points instead.
const LONG_RUN = /[^\s\u200b]{33,}/gu;
const RUN_PIECE = 24;
const ZERO_WIDTH_SPACE = '\u200b';

function breakLongRuns(text: string): string {
  return text.replace(LONG_RUN, (run) => {
    const chars = Array.from(run);
    let out = '';
    for (let i = 0; i < chars.length; i += RUN_PIECE) {
      out += (i > 0 ? ZERO_WIDTH_SPACE : '') + chars.slice(i, i + RUN_PIECE).join('');
    }
    return out;
  });
}

/**
 * Makes text safe to lay out with `font`: pdfkit would otherwise draw the font's empty box for
 * every missing glyph and write a NUL into the text layer. Emoji the font lacks are dropped
 * (DejaVu draws many in black and white, those stay); any other missing character becomes □ so
 * that a name in, say, Chinese is visibly incomplete rather than silently gone. `oneLine` folds
 * line breaks into spaces, for titles, headings and the like.
 */
function fit(text: string, font: PdfkitFont, oneLine = false): string {
  let s = text.normalize('NFC').replace(/\r\n?|[\u2028\u2029]/g, '\n');
  if (oneLine) s = s.replace(/\s*\n\s*/g, ' ');
  s = s.trim();
  if (!LATIN1_PRINTABLE.test(s)) {
    let out = '';
    for (const ch of s) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp === 0x0a) out += ch;
      else if (cp === 0x09) out += ' ';
      else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
      else if (isEmojiPart(cp)) continue;
      else if (font.hasGlyphForCodePoint(cp)) out += ch;
      else if (!EXTENDED_PICTOGRAPHIC.test(ch)) out += MISSING_GLYPH;
    }
    // Dropping an emoji between two spaces would leave a double space or a dangling one.
    s = out
      .replace(/[ \u00a0]{2,}/g, ' ')
      .replace(/ +\n/g, '\n')
      .trim();
  }
  return breakLongRuns(s);
}

function fitAll(texts: readonly string[] | undefined, font: PdfkitFont): string[] {
  return (texts ?? []).map((t) => fit(t, font)).filter((t) => t !== '');
}

// Finding the QR code's best mask was an eighth of a statement's render time, and the same link
// is printed again and again (each new version of a statement), so the drawn path is kept for
// the most recent links. It holds only the link, which is printed on the sheet anyway.
const QR_PATHS_KEPT = 64;
const qrPaths = new Map<string, { n: number; path: string }>();

function qrPath(url: string): { n: number; path: string } {
  const known = qrPaths.get(url);
  if (known) return known;
  // One byte-mode segment: a URL gains nothing from mixed modes, and finding them is slow.
  const code = QRCode.create([{ data: new TextEncoder().encode(url), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  const data = code.modules.data;
  // One path in module units: a few hundred short integer rectangles instead of pdfkit calls.
  const ops: string[] = [];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!data[row * n + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && data[row * n + col]) col++;
      // A hair of overlap so viewers do not show seams between neighbouring modules.
      ops.push(`${start} ${row} ${col - start}.02 1.02 re`);
    }
  }
  const drawn = { n, path: `${ops.join('\n')}\nf` };
  setBounded(qrPaths, url, drawn, QR_PATHS_KEPT);
  return drawn;
}

// pdfkit lays out each word once per document (EmbeddedFont.layoutCache, a plain object keyed
// by the word). A kept run depends only on the face and the word, and pdfkit copies rather than
// changes it when drawing, so one cache per face serves every document: measuring the words
// for line breaks was a sixth of a statement's render. Bounded, oldest out, like the shaped
// words in fonts.ts.
const LAYOUTS_KEPT_PER_FACE = 5_000;
const layoutCaches = new WeakMap<PdfkitFont, object>();

function sharedLayoutCache(font: PdfkitFont): object {
  const known = layoutCaches.get(font);
  if (known) return known;
  const runs = new Map<string, unknown>();
  const cache = new Proxy(Object.create(null) as object, {
    get: (_target, word) => (typeof word === 'string' ? runs.get(word) : undefined),
    set: (_target, word, run) => {
      if (typeof word !== 'string') return false;
      setBounded(runs, word, run, LAYOUTS_KEPT_PER_FACE);
      return true;
    },
  });
  layoutCaches.set(font, cache);
  return cache;
}

/** The part of pdfkit's PDFReference (pdfkit 0.20) that compressStreamsFast() relies on. */
interface PdfkitReference {
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
}

// pdfkit deflates each stream (the font programs, the page contents, the text map) with zlib's
// default level. On a one-page statement's five small streams that was a sixth of the whole
// render (0.34–0.43 ms of 2.1); the fastest level takes a third of that time for about 900
// bytes more in a 17 KB file. pdfkit has no option for the level, so each stream is compressed
// here, just before pdfkit writes it, and pdfkit is told it has nothing left to compress
// (pdfkit-contract.test.ts pins this).
const STREAM_COMPRESSION = { level: 1 };

function compressStreamsFast(doc: Doc): void {
  const makeRef = doc.ref.bind(doc);
  doc.ref = (data) => {
    const ref = makeRef(data) as unknown as PdfkitReference;
    const finalize = ref.finalize.bind(ref);
    ref.finalize = () => {
      if (ref.compress && ref.buffer.length > 0) {
        ref.buffer = [deflateSync(Buffer.concat(ref.buffer), STREAM_COMPRESSION)];
        ref.compress = false;
      }
      finalize();
    };
    return ref as unknown as PDFKit.PDFKitReference;
  };
}

/**
 * One tagged A4 PDF, written top to bottom: header(), then summary() and section() in reading
 * order, then finish(). Synchronous: pdfkit does all its work (subsetting, compression) inside
 * end(), so the bytes are ready when finish() returns.
 */
export class PdfDocument {
  private readonly doc: Doc;
  private readonly fonts: PdfFonts;
  private readonly root: StructElement;
  private pendingQr: { figure: StructElement; caption: StructElement } | undefined;

  constructor(options: { lang: 'da' | 'en'; title: string }) {
    this.fonts = pdfFonts();
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      tagged: true,
      lang: options.lang,
      displayTitle: true,
      bufferPages: true, // footers with "page / pages" are drawn once the page count is known
      pdfVersion: '1.7',
      font: null as unknown as string, // skip loading Helvetica, which would never be used
      info: { Title: options.title.trim(), Creator: 'Egne ord' },
      autoFirstPage: false, // the first page's contents are compressed like every other stream
    });
    compressStreamsFast(this.doc);
    this.doc.addPage();
    // pdfkit takes an opened font object as well as a file (it checks for a layout() method);
    // @types/pdfkit only knows files.
    this.doc.registerFont('regular', this.fonts.regular as unknown as string);
    this.doc.registerFont('bold', this.fonts.bold as unknown as string);
    for (const face of ['regular', 'bold'] as const) {
      // Selecting a face does not embed it; only text drawn in it does.
      const embedded = (this.doc.font(face) as unknown as { _font: { layoutCache?: object } })._font;
      if (embedded.layoutCache) embedded.layoutCache = sharedLayoutCache(this.fonts[face]);
    }
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
  }

  /** Files the QR code (read last), closes the structure tree, draws footers, returns the bytes. */
  finish(footer: string | undefined): Buffer {
    this.fileQrFigure();
    this.root.end();
    this.footers(footer);
    this.doc.end();
    const bytes: unknown = this.doc.read();
    if (!Buffer.isBuffer(bytes)) throw new Error('pdfkit produced no output');
    return bytes;
  }

  private get maxY(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private space(points: number): void {
    this.doc.y += points;
  }

  private use(face: 'regular' | 'bold', size: number, color: string): void {
    this.doc.font(face).fontSize(size).fillColor(color);
  }

  private height(text: string, face: 'regular' | 'bold', size: number, width: number, lineGap = 0): number {
    this.doc.font(face).fontSize(size);
    return this.doc.heightOfString(text, { width, lineGap });
  }

  private lineHeight(face: 'regular' | 'bold', size: number, lineGap: number): number {
    this.doc.font(face).fontSize(size);
    return this.doc.currentLineHeight(true) + lineGap;
  }

  /** Starts a new page unless `needed` points fit below the cursor (or we are already at the top). */
  private keep(needed: number): void {
    if (this.doc.y + needed > this.maxY && this.doc.y > this.doc.page.margins.top + 1) {
      this.doc.addPage();
    }
  }

  private artifact(draw: () => void): void {
    this.doc.markContent('Artifact', { type: 'Layout' });
    draw();
    this.doc.endMarkedContent();
  }

  /** Text already passed through fit() for `face`. */
  private textBlock(
    parent: StructElement,
    tag: string,
    text: string,
    face: 'regular' | 'bold',
    size: number,
    color: string,
    x: number,
    width: number,
    lineGap = 0,
  ): void {
    if (text === '') return;
    parent.add(
      this.doc.struct(tag, {}, () => {
        this.use(face, size, color);
        this.doc.text(text, x, this.doc.y, { width, lineGap });
      }),
    );
  }

  /** Title, owner and meeting on the left; the QR code, if any, top right; a rule under them. */
  header(view: PdfHeader): void {
    const doc = this.doc;
    const root = this.root;
    const top = doc.y;
    const width = view.qr ? CONTENT_WIDTH - QR_COLUMN - QR_GAP : CONTENT_WIDTH;
    let qrBottom = top;
    if (view.qr) qrBottom = this.drawQr(view.qr, top);

    doc.y = top;
    const { regular, bold } = this.fonts;
    this.textBlock(root, 'H1', fit(view.title, bold, true), 'bold', SIZE.title, COLOR.ink, MARGIN.left, width);
    this.space(6);
    this.textBlock(root, 'P', fit(view.ownerLine, regular, true), 'regular', SIZE.owner, COLOR.ink, MARGIN.left, width);
    const meeting = fit(view.meetingLine ?? '', regular, true);
    if (meeting !== '') {
      this.space(2);
      this.textBlock(root, 'P', meeting, 'regular', SIZE.meeting, COLOR.muted, MARGIN.left, width);
    }
    const textBottom = doc.y;
    const bottom = Math.max(textBottom, qrBottom) + 12;
    this.artifact(() => {
      doc
        .moveTo(MARGIN.left, bottom)
        .lineTo(PAGE.width - MARGIN.right, bottom)
        .lineWidth(0.75)
        .strokeColor(COLOR.rule)
        .stroke();
    });
    doc.y = bottom + 20;
  }

  /**
   * Draws the code now, in the header, but files it in the structure tree only at the end
   * (fileQrFigure) so a screen reader meets it after the document itself.
   */
  private drawQr(qr: { url: string; caption: string }, top: number): number {
    const doc = this.doc;
    const { n, path } = qrPath(qr.url);
    // About 2.4 pt (0.85 mm) per module scans comfortably from a phone held over a table.
    const size = Math.min(QR_COLUMN, Math.max(76, n * 2.4));
    const cell = size / n;
    const x0 = PAGE.width - MARGIN.right - size - (QR_COLUMN - size) / 2;
    const content = doc.markStructureContent('Figure');
    doc.save();
    doc.transform(cell, 0, 0, cell, x0, top);
    doc.fillColor('#000000');
    doc.addContent(path);
    doc.restore();
    doc.endMarkedContent();
    const figure = doc.struct(
      'Figure',
      {
        alt: `${qr.caption.trim()} ${qr.url}`,
        bbox: [x0, top, x0 + size, top + size],
        placement: 'Block',
      } as PDFKit.Mixins.StructureElementOptions,
      [content],
    );

    const captionX = PAGE.width - MARGIN.right - QR_COLUMN;
    doc.y = top + size + 6;
    const caption = doc.struct('P');
    const captionText = fit(qr.caption, this.fonts.regular, true);
    const captionContent = doc.markStructureContent('P');
    this.use('regular', SIZE.caption, COLOR.muted);
    doc.text(captionText, captionX, doc.y, { width: QR_COLUMN, align: 'center', lineGap: 1 });
    doc.endMarkedContent();
    caption.add(captionContent);
    this.pendingQr = { figure, caption };
    return doc.y;
  }

  private fileQrFigure(): void {
    if (!this.pendingQr) return;
    const div = this.doc.struct('Div');
    this.root.add(div);
    div.add(this.pendingQr.figure);
    div.add(this.pendingQr.caption);
    this.pendingQr.caption.end();
    div.end();
  }

  /** A short text in a tinted box with an accent bar, e.g. the statement in brief. */
  summary(summary: { heading: string; text: string }): void {
    const doc = this.doc;
    const root = this.root;
    const innerX = MARGIN.left + BOX_BAR + BOX_PADDING;
    const innerWidth = CONTENT_WIDTH - BOX_BAR - 2 * BOX_PADDING;
    const heading = fit(summary.heading, this.fonts.bold, true);
    const text = fit(summary.text, this.fonts.regular);
    if (!text) return;
    const headingHeight = heading ? this.height(heading, 'bold', SIZE.summaryHeading, innerWidth) + 4 : 0;
    const textHeight = this.height(text, 'regular', SIZE.summary, innerWidth, 4);
    const boxHeight = BOX_PADDING + headingHeight + textHeight - 4 + BOX_PADDING;
    const fitsOnAPage = boxHeight <= this.maxY - MARGIN.top;

    const sect = doc.struct('Sect');
    root.add(sect);
    let boxBottom = 0;
    if (fitsOnAPage) {
      this.keep(boxHeight);
      const top = doc.y;
      boxBottom = top + boxHeight;
      this.artifact(() => {
        doc.rect(MARGIN.left, top, CONTENT_WIDTH, boxHeight).fill(COLOR.tint);
        doc.rect(MARGIN.left, top, BOX_BAR, boxHeight).fill(COLOR.accent);
      });
      doc.y = top + BOX_PADDING;
    }
    // A statement too long for one page flows like ordinary text instead of overflowing its box.
    if (heading) {
      this.textBlock(sect, 'H2', heading, 'bold', SIZE.summaryHeading, COLOR.accent, innerX, innerWidth);
      this.space(4);
    }
    this.textBlock(sect, 'P', text, 'regular', SIZE.summary, COLOR.ink, innerX, innerWidth, 4);
    sect.end();
    if (fitsOnAPage) doc.y = boxBottom;
    this.space(SECTION_GAP + 4);
  }

  section(section: PdfSection): void {
    const doc = this.doc;
    const root = this.root;
    const paragraphs = fitAll(section.paragraphs, this.fonts.regular);
    const items = fitAll(section.items, this.fonts.regular);
    const heading = fit(section.heading, this.fonts.bold, true);
    if (!heading && paragraphs.length === 0 && items.length === 0) return;

    // Keep the heading with at least two lines of what follows. Measuring costs a text layout
    // pass, so it is done only near the foot of the page, where the answer can be no.
    const bodyLine = this.lineHeight('regular', SIZE.body, BODY_LINE_GAP);
    if (doc.y + NEAR_FOOT > this.maxY) {
      const first = paragraphs[0] ?? items[0];
      const firstWidth = paragraphs[0] !== undefined ? CONTENT_WIDTH : CONTENT_WIDTH - BULLET_INDENT;
      const firstHeight = first === undefined ? 0 : Math.min(2 * bodyLine, this.height(first, 'regular', SIZE.body, firstWidth, BODY_LINE_GAP));
      const headingHeight = heading ? this.height(heading, 'bold', SIZE.heading, CONTENT_WIDTH) + HEADING_GAP : 0;
      this.keep(headingHeight + firstHeight);
    }

    const sect = doc.struct('Sect');
    root.add(sect);
    if (heading) {
      this.textBlock(sect, 'H2', heading, 'bold', SIZE.heading, COLOR.accent, MARGIN.left, CONTENT_WIDTH);
      this.space(HEADING_GAP);
    }
    paragraphs.forEach((p, i) => {
      if (i > 0) this.space(PARAGRAPH_GAP);
      this.textBlock(sect, 'P', p, 'regular', SIZE.body, COLOR.ink, MARGIN.left, CONTENT_WIDTH, BODY_LINE_GAP);
    });
    if (items.length > 0) {
      if (paragraphs.length > 0) this.space(PARAGRAPH_GAP);
      this.list(sect, items, bodyLine, section.boxes ?? false);
    }
    if (section.lines) this.ruledLines(section.lines);
    sect.end();
    this.space(SECTION_GAP);
  }

  /** Lines to write on: decoration, not content, so screen readers skip them. */
  private ruledLines(count: number): void {
    const doc = this.doc;
    for (let i = 0; i < count; i++) {
      this.keep(RULED_LINE_GAP);
      const y = doc.y + RULED_LINE_GAP;
      this.artifact(() => {
        doc
          .moveTo(MARGIN.left, y)
          .lineTo(MARGIN.left + CONTENT_WIDTH, y)
          .lineWidth(0.6)
          .strokeColor(COLOR.rule)
          .stroke();
      });
      doc.y = y;
    }
  }

  private list(parent: StructElement, items: string[], bodyLine: number, boxes: boolean): void {
    const doc = this.doc;
    const list = doc.struct('L');
    parent.add(list);
    items.forEach((item, i) => {
      if (i > 0) this.space(ITEM_GAP);
      // The bullet and the first line of its item must land on the same page.
      this.keep(bodyLine);
      const li = doc.struct('LI');
      list.add(li);
      const y = doc.y;
      li.add(
        doc.struct('Lbl', {}, () => {
          this.use(boxes ? 'regular' : 'bold', SIZE.body, COLOR.accent);
          doc.text(boxes ? '☐' : '•', MARGIN.left + (boxes ? 0 : 2), y, { lineBreak: false });
        }),
      );
      doc.y = y;
      li.add(
        doc.struct('LBody', {}, () => {
          this.use('regular', SIZE.body, COLOR.ink);
          doc.text(item, MARGIN.left + BULLET_INDENT, y, { width: CONTENT_WIDTH - BULLET_INDENT, lineGap: BODY_LINE_GAP });
        }),
      );
      li.end();
    });
    list.end();
  }

  /** Footer text and, on multi-page documents, "n / total" on every page. */
  private footers(footer: string | undefined): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    const text = fit(footer ?? '', this.fonts.regular, true);
    if (!text && range.count < 2) return;
    const y = PAGE.height - MARGIN.bottom + 26;
    const numberWidth = 48;
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      doc.markContent('Artifact', { type: 'Pagination' });
      this.use('regular', SIZE.footer, COLOR.muted);
      if (text) {
        // A fixed height keeps pdfkit from starting a new page for text below the margin.
        doc.text(text, MARGIN.left, y, { width: CONTENT_WIDTH - numberWidth - 8, height: 24, ellipsis: true, lineGap: 1 });
      }
      if (range.count > 1) {
        doc.text(`${i - range.start + 1} / ${range.count}`, PAGE.width - MARGIN.right - numberWidth, y, {
          width: numberWidth,
          height: 12,
          align: 'right',
        });
      }
      doc.endMarkedContent();
    }
  }
}
