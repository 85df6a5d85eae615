import { writeFileSync } from 'node:fs';
import { renderStatementPdf } from './statement-pdf.ts';
const long = 'Jeg hedder Sara, og jeg er 34 år. Jeg bor i Aarhus med min datter på ni år og vores hund, Bølle. Jeg har arbejdet som bager i tolv år, og jeg er stolt af mit håndværk. Om morgenen, før byen vågner, står jeg ved ovnen — det giver mig ro. ';
const buf = renderStatementPdf({
  lang: 'da', title: 'Min personlige fortælling', ownerLine: 'Tilhører: Sara Østergaard',
  meetingLine: 'Til mødet med jobcentret, 3. december 2026',
  summary: { heading: 'Kort fortalt', text: 'Jeg er mor, bager og et menneske, der har det svært i perioder. Det vigtigste for mig er at beholde mit arbejde og være der for min datter. Jeg vil gerne have hjælp til at finde en rytme i hverdagen, som vi kan lægge sammen, så jeg kan blive i mit job.' },
  sections: [
    { heading: 'Hvem jeg er', paragraphs: [long, 'Jeg kan lide at gå lange ture ved åen, og jeg tegner, når jeg har brug for at tænke. 🐶 😀 王芳'] },
    { heading: 'Det vigtigste for mig', items: ['At beholde mit arbejde i bageriet.', 'At være der for min datter om eftermiddagen.', 'At have tid til Bølle — hun er min faste holdepunkt, og jeg vil ikke skulle give hende fra mig.'] },
    { heading: 'Det vil jeg gerne have hjælp til', paragraphs: ['At finde en hverdag med mere ro, hvor der er plads til både arbejde og familie. Jeg vil gerne tale om, hvad der kan hjælpe, og jeg vil gerne høre jeres erfaringer. <script>alert(1)</script>'] },
    { heading: 'Så jeg kan …', paragraphs: ['Blive i mit job og passe på mig selv. Støtten må ikke gøre det umuligt for mig at beholde Bølle.'] },
  ],
  footer: 'Skrevet med Egne ord · Sara ejer denne tekst og bestemmer, hvem der ser den.',
  qr: { url: 'https://egneord.dk/s/7f3a9c2b1d4e5f60a7b8c9d0', caption: 'Scan for at læse den online' },
});
writeFileSync('/tmp/pdfexp/sample.pdf', buf);
console.log(buf.length);
