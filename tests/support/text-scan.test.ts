import { describe, expect, it } from 'vitest';
import { scanText, type FindingKind } from './text-scan.ts';

const cases: [text: string, lang: string, found: [FindingKind, string][]][] = [
  ['Mødet er 2. september 2026 kl. 10.00.', 'da', []],
  ['Mødet er 2. september 2026 (2026-09-02).', 'da', [['iso-date', '2026-09-02']]],
  ['Sendt 2026-12-02T09:15:00Z', 'en', [['iso-date', '2026-12-02T09:15:00Z']]],
  [
    'Spørgeskema: after-meeting-check-in v1',
    'da',
    [
      ['version', 'v1'],
      ['identifier', 'after-meeting-check-in'],
      ['english', 'meeting'],
    ],
  ],
  [
    'Samtykke (peer-link-v1)',
    'da',
    [
      ['version', 'v1'],
      ['identifier', 'peer-link-v1'],
    ],
  ],
  ['Koden er peer_link', 'da', [['identifier', 'peer_link']]],
  ['Navn: chosenName', 'da', [['identifier', 'chosenName']]],
  ['Din peer-medarbejder og din e-mail', 'da', []],
  ['Vi har 3-4 sætninger og et A4-ark', 'da', []],
  ['Hej undefined', 'da', [['missing-value', 'undefined']]],
  [
    'Værdi: null, gennemsnit NaN',
    'da',
    [
      ['missing-value', 'null'],
      ['missing-value', 'NaN'],
    ],
  ],
  ['Emne: [object Object]', 'en', [['missing-value', '[object Object]']]],
  ['Nullstil ikke, det er nul', 'da', []],
  ['Adgangsnøgler (passkeys)', 'da', [['english', 'passkeys']]],
  [
    "Egne ord's own questionnaire",
    'da',
    [
      ['english', 'own'],
      ['english', 'questionnaire'],
    ],
  ],
  [
    'Please save your changes',
    'da',
    [
      ['english', 'Please'],
      ['english', 'save'],
      ['english', 'your'],
    ],
  ],
  ['Please save your changes', 'en', []],
  ['Start under mødet, hold en pause, udfyld en form. Det var bad.', 'da', []],
  ['For det er til dig, i en time', 'da', []],
  ['Møde med Theodor og Andersen', 'da', []],
  // A private link shown to keep: its random letters are not an identifier; the text around it still counts.
  ['Dit private link: http://127.0.0.1:43619/peers/answer/rXuUf_PqeLSIBTJag-tBr-kNk v2', 'da', [['version', 'v2']]],
];

describe('the raw-text scan', () => {
  it.each(cases)('%s (%s)', (text, lang, found) => {
    expect(scanText(text, lang).map((f) => [f.kind, f.match])).toEqual(found);
  });

  it('shows where a finding is', () => {
    const [finding] = scanText(`${'a'.repeat(50)} 2026-01-01 ${'b'.repeat(50)}`, 'da');
    expect(finding?.context).toBe(`${'a'.repeat(29)} 2026-01-01 ${'b'.repeat(29)}`);
  });
});
