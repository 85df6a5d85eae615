import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { brotliWindowBits, chooseHtmlEncoding, compressHtml } from './compress-html.ts';

describe('HTML compression', () => {
  it('prefers brotli, falls back to gzip, and respects a refusal', () => {
    expect(chooseHtmlEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseHtmlEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(chooseHtmlEncoding('identity')).toBeNull();
    expect(chooseHtmlEncoding(undefined)).toBeNull();
  });

  it('answers each header for itself when headers repeat and alternate (they are remembered)', () => {
    const headers = ['gzip, deflate, br', 'gzip', 'br;q=0, gzip;q=0', 'gzip, deflate, br', 'gzip', 'br;q=0, gzip;q=0'];
    expect(headers.map(chooseHtmlEncoding)).toEqual(['br', 'gzip', null, 'br', 'gzip', null]);
    // Many different headers (a client may send anything) neither grow without end nor confuse.
    for (let i = 0; i < 500; i++) expect(chooseHtmlEncoding(`x-${i}, gzip`)).toBe('gzip');
    expect(chooseHtmlEncoding('gzip, deflate, br')).toBe('br');
  });

  it('gives the size hint to each page alone: two pages of different size unpack to themselves', () => {
    const small = '<p>lille</p>\n'.repeat(120);
    const large = '<p>Stor side med mere tekst.</p>\n'.repeat(2000);
    for (const body of [large, small, large]) {
      const headers: Record<string, string | string[]> = {};
      const sent = compressHtml(body, { 'accept-encoding': 'br' }, headers);
      expect(headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(sent).toString('utf8')).toBe(body);
    }
  });

  it('fits the window to the page: as small as the page, and the page no larger for it', () => {
    expect([1024, 1008, 1009, 8600, 40_000, 262_128, 262_129, 5_000_000].map(brotliWindowBits)).toEqual([11, 10, 11, 14, 16, 18, 18, 18]);
    // Pages whose text comes back from far away (the same paragraphs at the top and the bottom):
    // every back-reference still fits, so they come out as small as with a 256 KB window.
    const paragraph = (i: number) => `<p>Afsnit ${i}: ${'jeg vil gerne have ro om mine morgener og tid til mine venner '.repeat(1 + (i % 3))}${i * 7919}</p>\n`;
    for (const count of [40, 150, 600, 2500]) {
      const text = Array.from({ length: count }, (_, i) => paragraph(i)).join('');
      const body = text + text.slice(0, 4000);
      const headers: Record<string, string | string[]> = {};
      const sent = compressHtml(body, { 'accept-encoding': 'br' }, headers);
      expect(zlib.brotliDecompressSync(sent).toString('utf8')).toBe(body);
      const wide = zlib.brotliCompressSync(Buffer.from(body), {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 0,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_LGWIN]: 18,
        },
      });
      expect(sent.length, `${body.length} characters`).toBeLessThanOrEqual(Math.ceil(wide.length * 1.01));
    }
  });

  it('leaves a small page alone but still says it varies by encoding', () => {
    const headers: Record<string, string | string[]> = {};
    const body = '<p>kort</p>';
    expect(compressHtml(body, { 'accept-encoding': 'br' }, headers).toString('utf8')).toBe(body);
    expect(headers['content-encoding']).toBeUndefined();
    expect(headers.vary).toBe('accept-encoding, sec-fetch-site');
  });

  it('sends a page that a browser unpacks to the same bytes', () => {
    const headers: Record<string, string | string[]> = {};
    const body = '<p>Æbler og pærer på bordet.</p>\n'.repeat(100);
    const sent = compressHtml(body, { 'accept-encoding': 'gzip', 'sec-fetch-site': 'same-origin' }, headers);
    expect(headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(sent).toString('utf8')).toBe(body);
  });

  it('sends each page whole and as itself, one after another, whatever its size and characters', () => {
    // Pages are encoded in one kept buffer: a long page after a short one (the buffer grows), a
    // short one after a long one (the rest of the buffer holds the long page's end), characters of
    // one to four bytes (– is three, 🌱 four), and a page too long to keep a buffer for.
    const line = (i: number) => `<p>${i}: Hvem er jeg — ikke min diagnose. Jeg går ture med min hund 🌱 og drikker kaffe på Café Ø.</p>\n`;
    const pages = [3_000, 20, 400, 9, 2_500, 40, 1].map((lines) => Array.from({ length: lines }, (_, i) => line(i)).join(''));
    for (const [i, body] of pages.entries()) {
      const headers: Record<string, string | string[]> = {};
      const sent = compressHtml(body, { 'accept-encoding': i % 2 ? 'gzip' : 'br' }, headers);
      const unpacked =
        headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(sent) : headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(sent) : sent;
      expect(unpacked.toString('utf8'), `page ${i}`).toBe(body);
    }
    // What was sent stays as it was when the next page is compressed.
    const first = compressHtml(pages[4]!, { 'accept-encoding': 'br' }, {});
    const copy = Buffer.from(first);
    compressHtml(pages[0]!, { 'accept-encoding': 'br' }, {});
    expect(first.equals(copy)).toBe(true);
  });

  it('sends a page asked for from another site uncompressed, so its size tells an attacker nothing (BREACH)', () => {
    const body = '<input name="_csrf" value="hemmelig">\n'.repeat(100);
    for (const site of ['cross-site', 'same-site']) {
      const headers: Record<string, string | string[]> = {};
      expect(compressHtml(body, { 'accept-encoding': 'br, gzip', 'sec-fetch-site': site }, headers).toString('utf8')).toBe(body);
      expect(headers['content-encoding']).toBeUndefined();
    }
    for (const site of ['same-origin', 'none', undefined]) {
      const headers: Record<string, string | string[]> = {};
      compressHtml(body, { 'accept-encoding': 'br, gzip', 'sec-fetch-site': site }, headers);
      expect(headers['content-encoding']).toBe('br');
    }
  });
});
