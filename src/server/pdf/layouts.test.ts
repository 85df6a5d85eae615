import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { messagesFor } from '../i18n/messages.ts';
import { anonymous } from '../policy/actor.ts';
import type { RoundReport } from '../services/evaluation/reports.ts';
import type { ViewContext } from '../views/view-context.ts';
import { renderGuidePdf } from './guide-layout.ts';
import { renderReportPdf } from './report-layout.ts';

// The guide and report layouts on the shared document: what each puts on the page.
const popplerMissing = spawnSync('pdftotext', ['-v']).error !== undefined;
const dir = mkdtempSync(join(tmpdir(), 'pdf-layouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function textOf(pdf: Buffer): string {
  const file = join(dir, `l${++files}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

const now = new Date('2026-03-02T10:00:00Z');
const ctx: ViewContext = {
  t: messagesFor('da'),
  locale: 'da',
  actor: anonymous,
  csrfToken: 'x',
  url: new URL('http://localhost/'),
  method: 'GET',
  now,
  today: '2026-03-02',
  mailEnabled: false,
  role: null,
  unseenNotices: 0,
};

// The first document opens the fonts, which takes seconds on a busy machine.
describe.skipIf(popplerMissing)('PDF layouts', { timeout: 30_000 }, () => {
  it('prints a guide with its organisation, summary, headings, lists and checklist boxes', () => {
    const text = textOf(
      renderGuidePdf(ctx, {
        language: 'da',
        title: 'Før mødet på jobcentret',
        organisationName: 'Peerforeningen Øst',
        summary: 'Sådan forbereder du dig.',
        body: '# Inden\nSkriv ned, hvad du vil sige.\n\n- [ ] Tag din fortælling med\n- [ ] Aftal, hvem der følger med',
      }),
    );
    expect(text).toContain('Før mødet på jobcentret');
    expect(text).toContain('Fra Peerforeningen Øst');
    expect(text).toContain('Sådan forbereder du dig.');
    expect(text).toContain('Inden');
    expect(text).toContain('Skriv ned, hvad du vil sige.');
    expect(text).toContain('□ Tag din fortælling med');
    expect(text).toContain(ctx.t.guides.pdfFooter);
  });

  it('prints a round report with its released period, counts, hidden small counts and the notes', () => {
    const value = (n: number) => ({ kind: 'value' as const, value: n });
    const report: RoundReport = {
      k: 5,
      releases: [
        { number: 1, madeOn: '2026-02-03' },
        { number: 2, madeOn: '2026-03-04' },
      ],
      period: { from: 0, to: 2 },
      siteId: null,
      activity: {
        months: [
          {
            month: '2026-01',
            statements: value(12),
            meetings: { kind: 'suppressed' },
            checkIns: value(7),
            sessions: value(30),
            sessionsByKind: [],
            sessionsByTheme: [],
          },
        ],
        respondentsByAudience: [],
      },
      questionnaires: [],
      comparison: null,
    };
    const text = textOf(renderReportPdf(ctx, 'Forår', report));
    expect(text).toContain(ctx.t.evaluation.reportTitle('Forår'));
    expect(text).toContain(`${ctx.t.evaluation.releaseStart} – 4. marts 2026`);
    expect(text).toContain(`${ctx.t.evaluation.statements}: 12`);
    expect(text).toContain(`${ctx.t.evaluation.meetings}: ${ctx.t.evaluation.hidden}`);
    expect(text).toContain(ctx.t.evaluation.releaseNote(5).slice(0, 40));
  });
});
