import { describe, expect, it } from 'vitest';
import { downloadName } from './download-name.ts';

describe('a download is named by its title and day, as a person finds it in the downloads folder', () => {
  const cases: [title: string, day: string | undefined, name: string, ascii: string][] = [
    ['Personligt statement', '2026-12-04', 'Personligt statement 04.12.2026.pdf', 'Personligt statement 04.12.2026.pdf'],
    ['Personal statement', '2026-07-01', 'Personal statement 01.07.2026.pdf', 'Personal statement 01.07.2026.pdf'],
    ['Motivationsmål til mødet', '2026-12-10', 'Motivationsmål til mødet 10.12.2026.pdf', 'Motivationsmaal til moedet 10.12.2026.pdf'],
    ['Det hjælper mig (tomt ark)', undefined, 'Det hjælper mig (tomt ark).pdf', 'Det hjaelper mig (tomt ark).pdf'],
    ['ÆØÅ æøå', undefined, 'ÆØÅ æøå.pdf', 'AeOeAa aeoeaa.pdf'],
    ['Café Ørsted', undefined, 'Café Ørsted.pdf', 'Cafe Oersted.pdf'],
    ['Hjem fra afdelingen — før og efter', undefined, 'Hjem fra afdelingen — før og efter.pdf', 'Hjem fra afdelingen - foer og efter.pdf'],
    // Characters no file system takes, and what hides the real name, become spaces.
    ['Til mødet: "søvn" / medicin?', undefined, 'Til mødet søvn medicin.pdf', 'Til moedet soevn medicin.pdf'],
    ['fdp\u202Eexe', undefined, 'fdp exe.pdf', 'fdp exe.pdf'],
    ['Linje et\nlinje to\ttab', undefined, 'Linje et linje to tab.pdf', 'Linje et linje to tab.pdf'],
    // No dots or spaces at the ends: a leading dot hides a file, Windows drops a trailing one.
    ['  ..skjult.  ', undefined, 'skjult.pdf', 'skjult.pdf'],
    ['Så jeg kan …', undefined, 'Så jeg kan ….pdf', 'Saa jeg kan.pdf'],
    // Nothing left: the app's name.
    ['', '2026-12-04', 'Egne ord 04.12.2026.pdf', 'Egne ord 04.12.2026.pdf'],
    ['???', undefined, 'Egne ord.pdf', 'Egne ord.pdf'],
    ['Сон и покой', undefined, 'Сон и покой.pdf', 'Egne ord.pdf'],
    // Windows refuses these names.
    ['con', undefined, 'con_.pdf', 'con_.pdf'],
    // A long title is cut at a word, after at most 60 characters.
    [
      'Et meget langt navn på et ark, som en person har skrevet for at huske præcis hvad det var til',
      '2026-12-04',
      'Et meget langt navn på et ark, som en person har skrevet 04.12.2026.pdf',
      'Et meget langt navn paa et ark, som en person har skrevet 04.12.2026.pdf',
    ],
  ];
  it.each(cases)('%j on %s → %s', (title, day, name, ascii) => {
    expect(downloadName(title, 'pdf', day)).toEqual({ name, ascii });
  });

  it('refuses a day that is not a calendar day', () => {
    expect(() => downloadName('Ark', 'pdf', '4. december')).toThrow();
  });
});
