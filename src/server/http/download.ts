import { create as contentDisposition } from 'content-disposition';
import { downloadName } from '../../domain/files/download-name.ts';
import { ZONE, todayIn } from '../../domain/time/copenhagen.ts';

/**
 * The headers of a PDF a person downloads: named by its title in the page's language and, when
 * it has one, the Danish day of `at` ("Personligt statement 04.12.2026.pdf"). The header itself
 * (RFC 6266: the ASCII stand-in as filename=, the name as filename* when it holds æ, ø or å) is
 * written by the `content-disposition` package.
 */
export function pdfDownloadHeaders(title: string, at?: Date, type: 'attachment' | 'inline' = 'attachment'): Record<string, string> {
  const file = downloadName(title, 'pdf', at ? todayIn(ZONE, at) : undefined);
  return {
    'content-type': 'application/pdf',
    'content-disposition': contentDisposition(file.name, { type, fallback: file.ascii }),
  };
}
