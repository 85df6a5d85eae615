import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { barChart, barLength, barScale, placeRadarLabels, RADAR_SIZE, wrapLabel } from './chart.ts';
import { da } from '../i18n/da.ts';
import { en } from '../i18n/en.ts';
import { radarGeometry } from '../../domain/assessment/radar.ts';

describe('bar chart scale', () => {
  it('runs from 0 to a round number at or above the largest value, in at most five whole steps', () => {
    expect(barScale([])).toEqual({ max: 1, ticks: [0, 1] });
    expect(barScale([0, 0])).toEqual({ max: 1, ticks: [0, 1] });
    expect(barScale([3, 1])).toEqual({ max: 3, ticks: [0, 1, 2, 3] });
    expect(barScale([7])).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(barScale([23])).toEqual({ max: 25, ticks: [0, 5, 10, 15, 20, 25] });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 12 }), (values) => {
        const { max, ticks } = barScale(values);
        expect(max).toBeGreaterThanOrEqual(Math.max(0, ...values));
        expect(ticks[0]).toBe(0);
        expect(ticks.at(-1)).toBe(max);
        expect(ticks.length).toBeLessThanOrEqual(6);
        expect(ticks.every(Number.isInteger)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('draws a positive value visibly and never beyond the track', () => {
    expect(barLength(0, 5)).toBe(0);
    expect(barLength(1, 1000)).toBe(1.5);
    expect(barLength(5, 5)).toBe(100);
    expect(barLength(9, 5)).toBe(100);
  });
});

describe('bar chart markup', () => {
  it('shows the numbers once: the picture is hidden from screen readers, the table only from the eye', () => {
    const out = String(
      barChart(
        'Samtaler',
        [
          { label: 'Håb', value: 2 },
          { label: 'Mening', value: 0, shown: 'skjult' },
        ],
        'c',
      ),
    );
    expect(out).toContain('<div class="bar-chart__plot" aria-hidden="true">');
    expect(out).toContain('<div class="visually-hidden"><table class="chart__table">');
    expect(out).toMatch(/<th scope="row">Mening<\/th><td>skjult<\/td>/);
    expect(out).not.toContain('style=');
    expect(String(barChart('x', [{ label: 'a', value: 1 }], 'd', { dataTable: false }))).not.toContain('<table');
  });
});

describe('axis labels', () => {
  it('wrap between words and after hyphens, and never cut a word', () => {
    expect(wrapLabel('Pårørende og netværk', 10)).toEqual(['Pårørende', 'og netværk']);
    expect(wrapLabel('Recovery-planer', 10)).toEqual(['Recovery-', 'planer']);
    expect(wrapLabel('Tvang', 10)).toEqual(['Tvang']);
    expect(wrapLabel('Kvalitetsudvikling', 8)).toEqual(['Kvalitetsudvikling']);
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-zæøå]{1,12}$/), { minLength: 1, maxLength: 6 }), fc.integer({ min: 4, max: 20 }), (words, max) => {
        const lines = wrapLabel(words.join(' '), max);
        expect(lines.join(' ')).toBe(words.join(' '));
        for (const line of lines) expect(line.length <= max || !line.includes(' ')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  const themeNames = { da: Object.values(da.assessment.themesShort), en: Object.values(en.assessment.themesShort) };
  const placeAll = (labels: string[]) => {
    const { width, radius, fontSize, lineHeight } = RADAR_SIZE;
    const g = radarGeometry({ axes: labels.length, max: 5, center: { x: width / 2, y: 150 }, radius, labelOffset: 10, series: [] });
    return {
      g,
      placed: placeRadarLabels({ labels, points: g.axes.map((a) => ({ ...a.label, anchor: a.anchor })), center: g.center, width, fontSize, lineHeight }),
    };
  };

  it.each(['da', 'en'] as const)('of the thirteen themes (%s) take at most two lines each at the size the page draws them', (lang) => {
    const { placed } = placeAll(themeNames[lang]);
    expect(placed.labels.map((l) => l.lines.length).filter((n) => n > 2)).toEqual([]);
  });

  it.each(['da', 'en'] as const)('of the thirteen themes (%s) stay inside the picture on every side', (lang) => {
    const { width, fontSize } = RADAR_SIZE;
    const { g, placed } = placeAll(themeNames[lang]);
    for (const l of placed.labels) {
      const longest = Math.max(...l.lines.map((line) => line.length)) * 0.56 * fontSize;
      const [left, right] = l.anchor === 'start' ? [l.x, l.x + longest] : l.anchor === 'end' ? [l.x - longest, l.x] : [l.x - longest / 2, l.x + longest / 2];
      expect(left).toBeGreaterThanOrEqual(0);
      expect(right).toBeLessThanOrEqual(width);
    }
    // The top label stacks upwards from its point, the bottom one downwards.
    expect(placed.labels[0]!.y).toBeLessThan(g.axes[0]!.label.y);
    expect(placed.labels[5]!.y).toBeGreaterThan(g.axes[5]!.label.y);
    expect(placed.top).toBeLessThan(g.center.y - g.radius);
    expect(placed.bottom).toBeGreaterThan(g.center.y + g.radius);
  });
});
