// The frame shared by line and scatter plots: white canvas, axes with
// min/max labels, a title and a legend, and the data → pixel mapping.
import { drawText, textWidth } from './font.js';
import { blankImage, type RgbImage, setPixel } from './grid-image.js';

/** Ten distinct colours (matplotlib's tab10), used for series and classes in order. */
export const PALETTE: readonly (readonly [number, number, number])[] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

/** Size and labels of a plot. */
export interface PlotOptions {
  /** Image width in pixels (default 480). */
  width?: number;
  /** Image height in pixels (default 320). */
  height?: number;
  /** Title drawn at the top left (default none). */
  title?: string;
  /** Label centred under the x axis (default none). */
  xLabel?: string;
  /** Font pixel size (default 2). */
  scale?: number;
}

/** A drawn frame and the mapping from data coordinates into its plot area. */
export interface PlotFrame {
  /** The image with the frame drawn, to draw the data on. */
  img: RgbImage;
  /** Data x → pixel column inside the plot area. */
  toX(v: number): number;
  /** Data y → pixel row inside the plot area (larger values higher up). */
  toY(v: number): number;
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-2 ? v.toExponential(1) : Number(v.toPrecision(3)).toString();
}

/**
 * Draws the axes for data in [x0, x1] x [y0, y1] with their end values, the
 * title, and a legend of (name, colour) entries; returns the coordinate maps.
 *
 * @example
 * ```ts
 * const { img, toX, toY } = plotFrame([1, 10], [0, 2], [['loss', PALETTE[0]]], { title: 'training' });
 * ```
 */
export function plotFrame(
  [x0, x1]: readonly [number, number],
  [y0, y1]: readonly [number, number],
  legend: readonly (readonly [string, readonly [number, number, number]])[],
  options: PlotOptions = {},
): PlotFrame {
  const width = options.width ?? 480;
  const height = options.height ?? 320;
  const s = options.scale ?? 2;
  const img = blankImage(width, height, [255, 255, 255]);
  const black = [0, 0, 0] as const;
  const yLabels = [fmt(y0), fmt(y1)];
  const left = Math.max(...yLabels.map((l) => textWidth(l, s))) + 4 * s;
  const top = 10 * s;
  const bottom = height - 10 * s;
  const right = width - 4 * s;
  for (let x = left; x <= right; x++) setPixel(img, x, bottom, black);
  for (let y = top; y <= bottom; y++) setPixel(img, left, y, black);
  drawText(img, yLabels[1], 2 * s, top, black, s);
  drawText(img, yLabels[0], 2 * s, bottom - 5 * s, black, s);
  drawText(img, fmt(x0), left, bottom + 2 * s, black, s);
  drawText(img, fmt(x1), right - textWidth(fmt(x1), s), bottom + 2 * s, black, s);
  if (options.xLabel) drawText(img, options.xLabel, (left + right - textWidth(options.xLabel, s)) / 2, bottom + 2 * s, black, s);
  if (options.title) drawText(img, options.title, left, 2 * s, black, s);
  let lx = right;
  for (let k = legend.length - 1; k >= 0; k--) {
    const [name, rgb] = legend[k];
    lx -= textWidth(name, s) + 6 * s;
    for (let dy = 0; dy < 3 * s; dy++) for (let dx = 0; dx < 3 * s; dx++) setPixel(img, lx + dx, 3 * s + dy, rgb);
    drawText(img, name, lx + 4 * s, 2 * s, rgb, s);
  }
  const xs = x1 > x0 ? x1 - x0 : 1;
  const ys = y1 > y0 ? y1 - y0 : 1;
  return {
    img,
    toX: (v) => left + 1 + ((v - x0) / xs) * (right - left - 2),
    toY: (v) => bottom - 1 - ((v - y0) / ys) * (bottom - top - 2),
  };
}
