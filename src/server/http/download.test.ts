import { describe, expect, it } from 'vitest';
import { pdfDownloadHeaders } from './download.ts';

const header = (title: string, at?: Date, type?: 'attachment' | 'inline'): string => pdfDownloadHeaders(title, at, type)['content-disposition'] ?? '';

describe('the Content-Disposition header', () => {
  it('is the plain name when it is ASCII', () => {
    expect(header('Personal statement', new Date('2026-12-04T12:00:00Z'))).toBe('attachment; filename="Personal statement 04.12.2026.pdf"');
  });

  it('adds the name with æ, ø and å as filename* (RFC 5987), after the ASCII one', () => {
    expect(header('Motivationsmål (tomt ark)', undefined, 'inline')).toBe(
      `inline; filename="Motivationsmaal (tomt ark).pdf"; filename*=UTF-8''Motivationsm%C3%A5l%20%28tomt%20ark%29.pdf`,
    );
  });

  it("keeps quotes, line breaks and semicolons out of the header's names", () => {
    const value = header('a"b\r\nSet-Cookie: x=1; "ø');
    expect(value).not.toMatch(/[\r\n]/);
    const [, ascii, ext] = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]*)$/.exec(value) ?? [];
    expect(ascii).toBe('a b Set-Cookie x=1; oe.pdf');
    expect(decodeURIComponent(ext!)).toBe('a b Set-Cookie x=1; ø.pdf');
  });
});
