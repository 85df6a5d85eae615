// Geometry for a radar (spider) chart: one axis per theme, starting straight up and going
// clockwise, value 0 at the centre and `max` at the rim. Pure numbers; the view draws them.

export interface Point {
  x: number;
  y: number;
}

export interface RadarAxis {
  /** The rim end of the axis. */
  end: Point;
  /** Where the axis label goes, a little outside the rim. */
  label: Point;
  anchor: 'start' | 'middle' | 'end';
}

export interface RadarSeries {
  /** One point per axis, or null where the value is missing (hidden). */
  vertices: (Point | null)[];
  /**
   * SVG point lists to draw: one closed polygon when every value is there; otherwise the
   * runs of neighbouring values as open polylines, so a missing value is never drawn as a low one.
   */
  shapes: { points: string; closed: boolean }[];
}

export interface RadarGeometry {
  center: Point;
  radius: number;
  axes: RadarAxis[];
  /** Polygons for the grid rings at 1, 2, …, max. */
  rings: { value: number; points: string }[];
  series: RadarSeries[];
}

const round = (n: number) => Math.round(n * 100) / 100;

function pointAt(center: Point, radius: number, index: number, count: number, fraction: number): Point {
  const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
  return { x: round(center.x + Math.cos(angle) * radius * fraction), y: round(center.y + Math.sin(angle) * radius * fraction) };
}

const list = (points: Point[]) => points.map((p) => `${p.x},${p.y}`).join(' ');

export function radarGeometry(o: {
  axes: number;
  max: number;
  center: Point;
  radius: number;
  labelOffset?: number;
  series: readonly (readonly (number | null)[])[];
}): RadarGeometry {
  const n = o.axes;
  if (!Number.isInteger(n) || n < 3) throw new RangeError('a radar chart needs at least 3 axes');
  if (!(o.max > 0) || !(o.radius > 0)) throw new RangeError('max and radius must be positive');
  const offset = o.labelOffset ?? 14;
  const axes: RadarAxis[] = Array.from({ length: n }, (_, i) => {
    const end = pointAt(o.center, o.radius, i, n, 1);
    const label = pointAt(o.center, o.radius + offset, i, n, 1);
    const dx = label.x - o.center.x;
    const anchor = Math.abs(dx) < 1 ? 'middle' : dx > 0 ? 'start' : 'end';
    return { end, label, anchor };
  });
  const rings = Array.from({ length: Math.floor(o.max) }, (_, i) => i + 1).map((value) => ({
    value,
    points: list(Array.from({ length: n }, (_, j) => pointAt(o.center, o.radius, j, n, value / o.max))),
  }));
  const series = o.series.map((values) => {
    if (values.length !== n) throw new RangeError(`a series needs ${n} values, got ${values.length}`);
    const vertices = values.map((v, i) => {
      if (v === null) return null;
      if (!Number.isFinite(v)) throw new RangeError(`values must be finite, got ${v}`);
      const clamped = Math.min(Math.max(v, 0), o.max);
      return pointAt(o.center, o.radius, i, n, clamped / o.max);
    });
    return { vertices, shapes: shapesOf(vertices) };
  });
  return { center: o.center, radius: o.radius, axes, rings, series };
}

function shapesOf(vertices: (Point | null)[]): { points: string; closed: boolean }[] {
  const n = vertices.length;
  if (vertices.every((v) => v !== null)) return [{ points: list(vertices as Point[]), closed: true }];
  const firstGap = vertices.indexOf(null);
  const shapes: { points: string; closed: boolean }[] = [];
  let run: Point[] = [];
  // Walk once round, starting just after a gap, so a run that wraps past the end stays whole.
  for (let step = 1; step <= n; step++) {
    const v = vertices[(firstGap + step) % n]!;
    if (v === null) {
      if (run.length >= 2) shapes.push({ points: list(run), closed: false });
      run = [];
    } else run.push(v);
  }
  if (run.length >= 2) shapes.push({ points: list(run), closed: false });
  return shapes;
}
