import type { StatementPdfView } from './statement-pdf.ts';

/**
 * A realistic one-page statement (invented person), shared by the tests and bench/pdf.ts so
 * the benchmark times the same kind of page a citizen actually prints.
 */
export function sampleStatementView(): StatementPdfView {
  return {
    lang: 'da',
    title: 'Personligt statement',
    ownerLine: 'Tilhører: Sara Østergaard',
    meetingLine: 'Til mødet torsdag den 3. december 2026 kl. 10.00: Jobcentret',
    summary: {
      heading: 'Kort fortalt',
      text:
        'Jeg er mor, bager og et menneske, der har det svært i perioder. Det vigtigste for mig er ' +
        'at beholde mit arbejde og være der for min datter. Jeg vil gerne have hjælp til at finde ' +
        'en rytme i hverdagen, som vi lægger sammen, så jeg kan blive i mit job.',
    },
    sections: [
      {
        heading: 'Hvem jeg er',
        paragraphs: [
          'Jeg hedder Sara og er 34 år. Jeg bor i Aarhus med min datter på ni år og vores hund, ' +
            'Bølle. Jeg har arbejdet som bager i tolv år, og jeg er stolt af mit håndværk. Om ' +
            'morgenen, før byen vågner, står jeg ved ovnen — det giver mig ro.',
          'Jeg kan lide at gå lange ture ved åen, og jeg tegner, når jeg har brug for at tænke.',
        ],
      },
      {
        heading: 'Det vigtigste for mig',
        items: [
          'At beholde mit arbejde i bageriet.',
          'At være der for min datter, når hun kommer hjem fra skole.',
          'At have tid til Bølle — hun er mit faste holdepunkt.',
        ],
      },
      {
        heading: 'Det vil jeg gerne have hjælp til',
        paragraphs: [
          'At finde en hverdag med mere ro, hvor der er plads til både arbejde og familie. Jeg vil ' +
            'gerne fortælle, hvad der har hjulpet mig før, og høre, hvad I har set hjælpe andre.',
        ],
      },
      {
        heading: 'Så jeg kan …',
        paragraphs: ['Blive i mit job og passe på mig selv. Støtten må ikke gøre det umuligt for mig at ' + 'arbejde om morgenen eller at beholde Bølle.'],
      },
    ],
    footer: 'Skrevet med Egne ord. Sara ejer teksten og bestemmer selv, hvem der ser den.',
    qr: { url: 'https://egneord.dk/d/7f3a9c2b1d4e5f60a7b8c9d0e1f2', caption: 'Scan for at læse den på skærm' },
  };
}
