import { html, type SafeHtml } from './html.ts';

/**
 * A horizontal bar chart people can read on a phone: the labels, numbers and axis are HTML text
 * (never shrunk with a picture), the bars small inline SVGs (no inline styles, so the page's
 * content security policy holds, and they print in greyscale as dark bars). The picture is hidden
 * from screen readers, which read the same figures once, from a visually hidden table (inside a
 * hidden div: a table itself cannot be shrunk below its content, and would widen a phone's page). A page
 * that shows the figures in its own (hidden) table leaves the chart's out (`dataTable: false`).
 * A bar with `shown` (a hidden count) has no length and that text in place of its number;
 * `valueText` replaces the number shown at the end of a bar (e.g. "3 (28 %)").
 */
export function barChart(
  title: string,
  bars: { label: string; value: number; shown?: string; valueText?: string }[],
  id: string,
  options: { dataTable?: boolean; axisLabel?: string; captionHidden?: boolean } = {},
): SafeHtml {
  const scale = barScale(bars.map((b) => b.value));
  return html`<figure class="chart bar-chart" aria-labelledby="${id}-caption">
  <figcaption id="${id}-caption"${options.captionHidden ? html` class="visually-hidden"` : ''}>${title}</figcaption>
  <div class="bar-chart__plot" aria-hidden="true">
    ${bars.map((b) => {
      const length = b.shown === undefined ? barLength(b.value, scale.max) : 0;
      return html`<div class="bar-chart__row"><span class="bar-chart__label">${b.label}</span><span class="bar-chart__track"><svg viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">${scale.ticks
        .slice(1)
        .map(
          (tick) =>
            html`<line x1="${(tick / scale.max) * 100}" y1="0" x2="${(tick / scale.max) * 100}" y2="10" class="bar-chart__grid" vector-effect="non-scaling-stroke"></line>`,
        )}${length > 0 ? html`<rect x="0" y="1.5" width="${length}" height="7" class="bar-chart__bar"></rect>` : ''}</svg></span><span class="bar-chart__value">${b.shown ?? b.valueText ?? b.value}</span></div>`;
    })}
    <div class="bar-chart__row bar-chart__axis"><span></span><span class="bar-chart__ticks">${scale.ticks.map((tick) => html`<span>${tick}</span>`)}</span><span></span></div>
    ${options.axisLabel ? html`<div class="bar-chart__row"><span></span><span class="bar-chart__axis-label">${options.axisLabel}</span><span></span></div>` : ''}
  </div>
  ${
    options.dataTable === false
      ? ''
      : html`<div class="visually-hidden"><table class="chart__table">
    <caption>${title}</caption>
    <tbody>${bars.map((b) => html`<tr><th scope="row">${b.label}</th><td>${b.shown ?? b.valueText ?? b.value}</td></tr>`)}</tbody>
  </table></div>`
  }
</figure>`;
}

/**
 * The axis of a bar chart: from 0 to a round number at or above the largest value, in at most
 * five equal steps of 1, 2 or 5 times a power of ten (so the tick labels are whole and few).
 */
export function barScale(values: readonly number[]): { max: number; ticks: number[] } {
  const largest = Math.max(0, ...values.filter((v) => Number.isFinite(v)));
  if (largest <= 0) return { max: 1, ticks: [0, 1] };
  let step = 1;
  for (let power = 1; ; power *= 10) {
    const found = [1, 2, 5].map((m) => m * power).find((s) => Math.ceil(largest / s) <= 5);
    if (found !== undefined) {
      step = found;
      break;
    }
  }
  const steps = Math.max(1, Math.ceil(largest / step));
  return { max: steps * step, ticks: Array.from({ length: steps + 1 }, (_, i) => i * step) };
}

/** A bar's length in percent of its track; a positive value is always visible. */
export function barLength(value: number, max: number): number {
  if (!(value > 0) || !(max > 0)) return 0;
  return Math.max(1.5, Math.round((Math.min(value, max) / max) * 1000) / 10);
}

/**
 * A label broken into lines of at most `maxChars` characters, between words or after a hyphen
 * ("Recovery-" / "planer"); a single word longer than the line stays whole rather than be cut.
 */
export function wrapLabel(text: string, maxChars: number): string[] {
  const pieces = text
    .trim()
    .split(/\s+/)
    .flatMap((word) => word.split(/(?<=-)(?=.)/));
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    const joiner = line === '' || line.endsWith('-') ? '' : ' ';
    if (line !== '' && (line + joiner + piece).length > maxChars) {
      lines.push(line);
      line = piece;
    } else line += joiner + piece;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export interface PlacedLabel {
  lines: string[];
  x: number;
  /** The baseline of the first line. */
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

/** The radar's picture: 360 units wide like a phone, with the circle small enough that a theme's
 * name beside a side axis takes at most two lines of a readable size ("Ressourcer / og styrker"). */
export const RADAR_SIZE = { width: 360, radius: 76, fontSize: 14, lineHeight: 16 } as const;

/**
 * Places a radar chart's axis labels so that they stay inside a box `width` wide: each label is
 * wrapped to the room beside its axis end, and stacked upwards above the top, downwards below the
 * bottom and centred on the sides. Returns the labels and how far they reach up and down, so the
 * caller can size the picture to hold them.
 */
export function placeRadarLabels(o: {
  labels: readonly string[];
  points: readonly { x: number; y: number; anchor: 'start' | 'middle' | 'end' }[];
  center: { x: number; y: number };
  width: number;
  fontSize: number;
  lineHeight: number;
  /** Average width of a character as a share of the font size. */
  charWidth?: number;
  margin?: number;
}): { labels: PlacedLabel[]; top: number; bottom: number } {
  const charWidth = (o.charWidth ?? 0.56) * o.fontSize;
  const margin = o.margin ?? 4;
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  const labels = o.labels.map((text, i) => {
    const p = o.points[i]!;
    const room = p.anchor === 'start' ? o.width - margin - p.x : p.anchor === 'end' ? p.x - margin : o.width - 2 * margin;
    const lines = wrapLabel(text, Math.max(4, Math.floor(room / charWidth)));
    const height = lines.length * o.lineHeight;
    const distance = Math.hypot(p.x - o.center.x, p.y - o.center.y) || 1;
    const sin = (p.y - o.center.y) / distance;
    const blockTop = p.y - (height / 2) * (1 - sin);
    top = Math.min(top, blockTop);
    bottom = Math.max(bottom, blockTop + height);
    return { lines, x: p.x, y: Math.round((blockTop + o.fontSize * 0.85) * 10) / 10, anchor: p.anchor };
  });
  return { labels, top, bottom };
}
