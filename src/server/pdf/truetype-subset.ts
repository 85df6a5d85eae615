/**
 * A TrueType subsetter working on the font file's bytes, for embedding in PDF.
 *
 * pdfkit normally asks fontkit for the subset, and fontkit decodes every used glyph's outline
 * and re-encodes the hinting tables value by value, for every document: about a third of the
 * time of a one-page statement. A PDF subset needs none of that: glyph records are copied as
 * they are (a composite glyph's references to its parts renumbered), and head, hhea, maxp are
 * small edits of the originals. glyf, head, hhea, hmtx, loca and maxp are all a PDF TrueType
 * font needs; pdfkit addresses glyphs through CIDToGIDMap Identity, so there is no cmap.
 *
 * Hinting is left out (cvt, fpgm, prep and each glyph's instructions): it only adjusts outlines
 * to the pixel grid of small screens, PDF viewers and printers mostly ignore it, and it made up
 * more than half of the embedded font bytes, all of which pdfkit compresses again per document.
 */

interface TableRecord {
  offset: number;
  length: number;
}

interface Composite {
  /** Byte offsets, within the glyph record, of each component's glyph index. */
  positions: number[];
  glyphIds: number[];
}

const NOT_COMPOSITE: Composite = { positions: [], glyphIds: [] };

/** A parsed TrueType (glyf-outline) font file; parse once, subset many times. */
export class TrueTypeFile {
  readonly bytes: Buffer;
  readonly numGlyphs: number;
  private readonly tables: Map<string, TableRecord>;
  private readonly loca: Uint32Array;
  private readonly glyfOffset: number;
  private readonly hmtxOffset: number;
  private readonly numberOfHMetrics: number;
  private readonly composites = new Map<number, Composite>();
  private readonly unhinted = new Map<number, Buffer>();

  constructor(bytes: Buffer) {
    this.bytes = bytes;
    const version = bytes.readUInt32BE(0);
    if (version !== 0x00010000 && version !== 0x74727565) {
      throw new Error('not a TrueType font with glyf outlines');
    }
    this.tables = new Map();
    const count = bytes.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const at = 12 + 16 * i;
      this.tables.set(bytes.toString('latin1', at, at + 4), {
        offset: bytes.readUInt32BE(at + 8),
        length: bytes.readUInt32BE(at + 12),
      });
    }
    const head = this.table('head');
    const maxp = this.table('maxp');
    const hhea = this.table('hhea');
    this.numGlyphs = bytes.readUInt16BE(maxp.offset + 4);
    this.numberOfHMetrics = bytes.readUInt16BE(hhea.offset + 34);
    this.glyfOffset = this.table('glyf').offset;
    this.hmtxOffset = this.table('hmtx').offset;

    const loca = this.table('loca');
    const longOffsets = bytes.readInt16BE(head.offset + 50) === 1;
    this.loca = new Uint32Array(this.numGlyphs + 1);
    for (let gid = 0; gid <= this.numGlyphs; gid++) {
      this.loca[gid] = longOffsets ? bytes.readUInt32BE(loca.offset + 4 * gid) : 2 * bytes.readUInt16BE(loca.offset + 2 * gid);
    }
  }

  table(tag: string): TableRecord {
    const record = this.tables.get(tag);
    if (!record) throw new Error(`font has no ${tag} table`);
    return record;
  }

  tableBytes(tag: string): Buffer | undefined {
    const record = this.tables.get(tag);
    return record && this.bytes.subarray(record.offset, record.offset + record.length);
  }

  glyphBytes(gid: number): Buffer {
    const start = this.glyfOffset + (this.loca[gid] ?? 0);
    const end = this.glyfOffset + (this.loca[gid + 1] ?? 0);
    return this.bytes.subarray(start, end);
  }

  /** The glyph record without its hinting instructions (cached: glyph records never change). */
  unhintedGlyph(gid: number): Buffer {
    let found = this.unhinted.get(gid);
    if (found) return found;
    const glyph = this.glyphBytes(gid);
    found = glyph;
    if (glyph.length >= 10) {
      const contours = glyph.readInt16BE(0);
      if (contours >= 0) {
        const at = 10 + 2 * contours;
        const instructions = glyph.readUInt16BE(at);
        found = Buffer.concat([glyph.subarray(0, at), Buffer.alloc(2), glyph.subarray(at + 2 + instructions)]);
      } else {
        found = Buffer.from(glyph);
        let at = 10;
        let flags: number;
        do {
          flags = found.readUInt16BE(at);
          found.writeUInt16BE(flags & ~0x0100, at); // WE_HAVE_INSTRUCTIONS
          at += 4 + (flags & 0x0001 ? 4 : 2);
          if (flags & 0x0008) at += 2;
          else if (flags & 0x0040) at += 4;
          else if (flags & 0x0080) at += 8;
        } while (flags & 0x0020);
        found = found.subarray(0, at);
      }
    }
    this.unhinted.set(gid, found);
    return found;
  }

  /** [advance width, left side bearing] in font units. */
  metrics(gid: number): [number, number] {
    const n = this.numberOfHMetrics;
    const h = this.hmtxOffset;
    if (gid < n) return [this.bytes.readUInt16BE(h + 4 * gid), this.bytes.readInt16BE(h + 4 * gid + 2)];
    return [this.bytes.readUInt16BE(h + 4 * (n - 1)), this.bytes.readInt16BE(h + 4 * n + 2 * (gid - n))];
  }

  composite(gid: number): Composite {
    let found = this.composites.get(gid);
    if (found) return found;
    const glyph = this.glyphBytes(gid);
    found = NOT_COMPOSITE;
    if (glyph.length >= 10 && glyph.readInt16BE(0) < 0) {
      found = { positions: [], glyphIds: [] };
      let at = 10;
      let flags: number;
      do {
        flags = glyph.readUInt16BE(at);
        found.positions.push(at + 2);
        found.glyphIds.push(glyph.readUInt16BE(at + 2));
        at += 4 + (flags & 0x0001 ? 4 : 2); // arguments as words or bytes
        if (flags & 0x0008)
          at += 2; // one scale
        else if (flags & 0x0040)
          at += 4; // x and y scale
        else if (flags & 0x0080) at += 8; // 2×2 matrix
      } while (flags & 0x0020); // more components
    }
    this.composites.set(gid, found);
    return found;
  }

  createSubset(): TrueTypeSubset {
    return new TrueTypeSubset(this);
  }
}

/** The subset object pdfkit's EmbeddedFont expects: includeGlyph(), encode(), and no `cff`. */
export class TrueTypeSubset {
  readonly cff = undefined;
  private readonly file: TrueTypeFile;
  private readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();

  constructor(file: TrueTypeFile) {
    this.file = file;
    this.includeGlyph(0); // .notdef must stay glyph 0
  }

  /** Returns the glyph's id in the subset, adding it if new. */
  includeGlyph(gid: number): number {
    let id = this.mapping.get(gid);
    if (id === undefined) {
      id = this.glyphs.length;
      this.glyphs.push(gid);
      this.mapping.set(gid, id);
    }
    return id;
  }

  encode(): Buffer {
    const file = this.file;
    // Composite parts join the subset too; the list grows while we walk it.
    for (let i = 0; i < this.glyphs.length; i++) {
      for (const part of file.composite(this.glyphs[i] as number).glyphIds) this.includeGlyph(part);
    }
    const n = this.glyphs.length;

    let glyfLength = 0;
    for (const gid of this.glyphs) glyfLength += pad4(file.unhintedGlyph(gid).length);
    const glyf = Buffer.alloc(glyfLength);
    const loca = Buffer.alloc(4 * (n + 1));
    const hmtx = Buffer.alloc(4 * n);
    let at = 0;
    this.glyphs.forEach((gid, newId) => {
      loca.writeUInt32BE(at, 4 * newId);
      const record = file.unhintedGlyph(gid);
      record.copy(glyf, at);
      const composite = file.composite(gid);
      composite.positions.forEach((position, k) => {
        glyf.writeUInt16BE(this.mapping.get(composite.glyphIds[k] as number) ?? 0, at + position);
      });
      at += pad4(record.length);
      const [advance, bearing] = file.metrics(gid);
      hmtx.writeUInt16BE(advance, 4 * newId);
      hmtx.writeInt16BE(bearing, 4 * newId + 2);
    });
    loca.writeUInt32BE(at, 4 * n);

    const head = Buffer.from(file.tableBytes('head') as Buffer);
    head.writeUInt32BE(0, 8); // checkSumAdjustment, set below
    head.writeInt16BE(1, 50); // indexToLocFormat: long offsets
    const hhea = Buffer.from(file.tableBytes('hhea') as Buffer);
    hhea.writeUInt16BE(n, 34);
    const maxp = Buffer.from(file.tableBytes('maxp') as Buffer);
    maxp.writeUInt16BE(n, 4);

    const tables: [string, Buffer][] = [
      ['glyf', glyf],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', hmtx],
      ['loca', loca],
      ['maxp', maxp],
    ];
    tables.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return assemble(tables, head);
  }
}

function pad4(length: number): number {
  return (length + 3) & ~3;
}

function checksum(bytes: Buffer, start: number, length: number): number {
  let sum = 0;
  const end = start + pad4(length);
  for (let i = start; i < end; i += 4) {
    // Reads past a table's end see the zero padding written by assemble().
    sum = (sum + bytes.readUInt32BE(i)) >>> 0;
  }
  return sum;
}

function assemble(tables: [string, Buffer][], head: Buffer): Buffer {
  const count = tables.length;
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= count) entrySelector++;
  const searchRange = 16 * 2 ** entrySelector;

  const headerLength = 12 + 16 * count;
  let total = headerLength;
  for (const [, bytes] of tables) total += pad4(bytes.length);
  const out = Buffer.alloc(total);
  out.writeUInt32BE(0x00010000, 0);
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(count * 16 - searchRange, 10);

  let at = headerLength;
  let headAt = 0;
  tables.forEach(([tag, bytes], i) => {
    bytes.copy(out, at);
    const record = 12 + 16 * i;
    out.write(tag, record, 4, 'latin1');
    out.writeUInt32BE(checksum(out, at, bytes.length), record + 4);
    out.writeUInt32BE(at, record + 8);
    out.writeUInt32BE(bytes.length, record + 12);
    if (bytes === head) headAt = at;
    at += pad4(bytes.length);
  });
  out.writeUInt32BE((0xb1b0afba - checksum(out, 0, total)) >>> 0, headAt + 8);
  return out;
}
