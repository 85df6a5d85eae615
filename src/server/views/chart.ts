import { html, type SafeHtml } from './html.ts';

/**
 * A small horizontal bar chart as inline SVG with a plain table beside it: the picture for a
 * quick look, the table for screen readers and exact figures. No script, no external library.
 * A bar with `shown` (a hidden count) has no length and that text in place of its number.
 */
/** A horizontal bar chart with its numbers as a table for screen readers and print; a page that
 * already shows the same numbers in its own table leaves the chart's out (`dataTable: false`). */
export function barChart(title: string, bars: { label: string; value: number; shown?: string }[], id: string, options: { dataTable?: boolean } = {}): SafeHtml {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowHeight = 28;
  const labelWidth = 190;
  const width = 520;
  const barSpace = width - labelWidth - 50;
  const height = bars.length * rowHeight + 8;
  return html`<figure class="chart" aria-labelledby="${id}-caption">
  <figcaption id="${id}-caption">${title}</figcaption>
  <svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-caption" focusable="false">
    ${bars.map((b, i) => {
      const y = i * rowHeight + 4;
      const w = Math.round((b.value / max) * barSpace);
      return html`<text x="0" y="${y + 18}" font-size="14" fill="#1d2433">${b.label}</text>
      <rect x="${labelWidth}" y="${y + 4}" width="${Math.max(w, b.value > 0 ? 2 : 0)}" height="18" rx="3" fill="#1f5f8b"></rect>
      <text x="${labelWidth + w + 6}" y="${y + 18}" font-size="14" fill="#1d2433">${b.shown ?? b.value}</text>`;
    })}
  </svg>
  ${
    options.dataTable === false
      ? ''
      : html`<table class="chart__table">
    <caption class="visually-hidden">${title}</caption>
    <tbody>${bars.map((b) => html`<tr><th scope="row">${b.label}</th><td>${b.shown ?? b.value}</td></tr>`)}</tbody>
  </table>`
  }
</figure>`;
}
