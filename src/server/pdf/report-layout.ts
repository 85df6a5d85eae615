import { PdfDocument } from './document.ts';
import { formatMonth } from '../i18n/dates.ts';
import type { RoundReport } from '../services/evaluation/reports.ts';
import { formatMean, periodLabel, shownCount } from '../views/pages/evaluation.ts';
import type { ViewContext } from '../views/view-context.ts';

/**
 * The round report as a one-document PDF, bars drawn as text so they survive any printer. It
 * prints the same released figures as the page, and nothing else.
 */
export function renderReportPdf(ctx: ViewContext, title: string, report: RoundReport): Buffer {
  const t = ctx.t.evaluation;
  const k = report.k;
  const bar = (n: number, max: number) => '█'.repeat(Math.max(n > 0 ? 1 : 0, Math.round((n / Math.max(max, 1)) * 20)));
  const months = report.activity.months;
  const sections = [
    {
      heading: t.activity,
      items: months.length
        ? months.map(
            (m) =>
              `${formatMonth(ctx.locale, m.month)}: ${t.statements}: ${shownCount(ctx, m.statements)} · ${t.meetings}: ${shownCount(ctx, m.meetings)} · ${t.checkIns}: ${shownCount(ctx, m.checkIns)} · ${t.sessions}: ${shownCount(ctx, m.sessions)}`,
          )
        : [t.activityNone],
    },
    ...(report.period ? [] : [{ heading: t.report, items: [t.noReleaseYet(k)] }]),
    ...report.questionnaires.flatMap((q) =>
      q.items.map((item) => {
        const max = Math.max(0, ...item.options.map((o) => (o.count.kind === 'value' ? o.count.value : 0)));
        const lines = item.options.map(
          (o) =>
            `${o.label[ctx.locale]}: ${o.count.kind === 'value' ? `${bar(o.count.value, max)} ${o.count.value}` : t.hidden}${o.percent === null ? '' : ` (${Math.round(o.percent)} %)`}`,
        );
        if (item.mean) lines.push(`${t.mean}: ${item.mean.kind === 'value' ? formatMean(ctx, item.mean.value) : t.hidden}`);
        if (item.texts) lines.push(...item.texts.map((x) => (ctx.locale === 'da' ? `»${x}«` : `“${x}”`)));
        lines.unshift(`${t.respondents}: ${shownCount(ctx, item.respondents)}`);
        return { heading: `${q.questionnaire.title[ctx.locale]} — ${item.text[ctx.locale]}`, items: lines };
      }),
    ),
  ];
  const pdf = new PdfDocument({ lang: ctx.locale, title: t.reportTitle(title) });
  pdf.header({ title: t.reportTitle(title), ownerLine: report.period ? periodLabel(ctx, report.releases, report.period) : t.noReleaseYet(k) });
  for (const section of sections) pdf.section(section);
  // In the text, not the footer: the footer has room for two lines, and these are what a reader
  // needs to trust the figures.
  pdf.section({ heading: t.aboutFigures, paragraphs: [t.releaseNote(k), t.suppressionNote(k)] });
  return pdf.finish(undefined);
}
