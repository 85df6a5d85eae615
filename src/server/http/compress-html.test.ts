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
    expect(compressHtml(body, 'br', headers)).toBe(body);
    expect(headers['content-encoding']).toBeUndefined();
    expect(headers.vary).toBe('accept-encoding');
  });

  it('sends a page that a browser unpacks to the same bytes', () => {
    const headers: Record<string, string | string[]> = {};
    const body = Buffer.from('<p>Æbler og pærer på bordet.</p>\n'.repeat(100));
    const sent = compressHtml(body, 'gzip', headers);
    expect(headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(sent).equals(body)).toBe(true);
  });
});
