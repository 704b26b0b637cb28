// Loss curves and other per-epoch series as a PNG-ready line plot.
import { ValueError } from '@dendrite/core';
import type { RgbImage } from './grid-image.js';
import { setPixel } from './grid-image.js';
import { PALETTE, type PlotOptions, plotFrame } from './plot-frame.js';

/** One named series; point i is at x = i + 1 (epochs) unless `x` is given. */
export interface LineSeries {
  /** Legend entry of the series. */
  name: string;
  /** The y values, in order; non-finite ones leave a gap. */
  values: readonly number[];
  /** The x value of each point (default 1, 2, 3, ...). */
  x?: readonly number[];
}

/**
 * Draws series as lines (non-finite values are skipped) on shared axes,
 * with a legend and the axis end values.
 *
 * @example
 * ```ts
 * const img = plotLines([{ name: 'loss', values: [0.9, 0.5, 0.4] }, { name: 'valloss', values: [0.8, 0.6, 0.5] }], { title: 'vae' });
 * await savePng(img, 'loss.png');
 * ```
 */
export function plotLines(series: readonly LineSeries[], options: PlotOptions = {}): RgbImage {
  if (!Array.isArray(series) || series.length === 0) throw new ValueError('plotLines: give at least one series');
  const xsOf = (s: LineSeries) => s.x ?? s.values.map((_, i) => i + 1);
  const points = series.flatMap((s) => xsOf(s).map((x, i) => [x, s.values[i]] as const)).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xr = points.length ? [Math.min(...points.map((p) => p[0])), Math.max(...points.map((p) => p[0]))] as const : ([0, 1] as const);
  const yr = points.length ? [Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[1]))] as const : ([0, 1] as const);
  const { img, toX, toY } = plotFrame(xr, yr, series.map((s, k) => [s.name, PALETTE[k % PALETTE.length]] as const), options);
  series.forEach((s, k) => {
    const rgb = PALETTE[k % PALETTE.length];
    const xs = xsOf(s);
    let prev: [number, number] | null = null;
    for (let i = 0; i < s.values.length; i++) {
      if (!Number.isFinite(s.values[i]) || !Number.isFinite(xs[i])) {
        prev = null;
        continue;
      }
      const p: [number, number] = [toX(xs[i]), toY(s.values[i])];
      // A 3x3 dot at each point, and a line from the previous one.
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) setPixel(img, p[0] + dx, p[1] + dy, rgb);
      if (prev) {
        const steps = Math.max(1, Math.ceil(Math.hypot(p[0] - prev[0], p[1] - prev[1])));
        for (let t = 0; t <= steps; t++) setPixel(img, prev[0] + ((p[0] - prev[0]) * t) / steps, prev[1] + ((p[1] - prev[1]) * t) / steps, rgb);
      }
      prev = p;
    }
  });
  return img;
}
