import { contentDisposition, downloadName } from '../../domain/files/download-name.ts';
import { ZONE, todayIn } from '../../domain/time/copenhagen.ts';

/**
 * The headers of a PDF a person downloads: named by its title in the page's language and, when
 * it has one, the Danish day of `at` ("Personligt statement 04.12.2026.pdf").
 */
export function pdfDownloadHeaders(title: string, at?: Date, type: 'attachment' | 'inline' = 'attachment'): Record<string, string> {
  return {
    'content-type': 'application/pdf',
    'content-disposition': contentDisposition(type, downloadName(title, 'pdf', at ? todayIn(ZONE, at) : undefined)),
  };
}
