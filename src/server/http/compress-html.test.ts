import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseHtmlEncoding, compressHtml } from './compress-html.ts';

describe('HTML compression', () => {
  it('prefers brotli, falls back to gzip, and respects a refusal', () => {
    expect(chooseHtmlEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseHtmlEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(chooseHtmlEncoding('identity')).toBeNull();
    expect(chooseHtmlEncoding(undefined)).toBeNull();
  });

  it('leaves a small page alone but still says it varies by encoding', () => {
    const headers: Record<string, string | string[]> = {};
    const body = Buffer.from('<p>kort</p>');
    expect(compressHtml(body, { 'accept-encoding': 'br' }, headers)).toBe(body);
    expect(headers['content-encoding']).toBeUndefined();
    expect(headers.vary).toBe('accept-encoding, sec-fetch-site');
  });

  it('sends a page that a browser unpacks to the same bytes', () => {
    const headers: Record<string, string | string[]> = {};
    const body = Buffer.from('<p>Æbler og pærer på bordet.</p>\n'.repeat(100));
    const sent = compressHtml(body, { 'accept-encoding': 'gzip', 'sec-fetch-site': 'same-origin' }, headers);
    expect(headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(sent).equals(body)).toBe(true);
  });

  it('sends a page asked for from another site uncompressed, so its size tells an attacker nothing (BREACH)', () => {
    const body = Buffer.from('<input name="_csrf" value="hemmelig">\n'.repeat(100));
    for (const site of ['cross-site', 'same-site']) {
      const headers: Record<string, string | string[]> = {};
      expect(compressHtml(body, { 'accept-encoding': 'br, gzip', 'sec-fetch-site': site }, headers)).toBe(body);
      expect(headers['content-encoding']).toBeUndefined();
    }
    for (const site of ['same-origin', 'none', undefined]) {
      const headers: Record<string, string | string[]> = {};
      compressHtml(body, { 'accept-encoding': 'br, gzip', 'sec-fetch-site': site }, headers);
      expect(headers['content-encoding']).toBe('br');
    }
  });
});
