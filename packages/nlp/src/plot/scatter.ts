// A labeled 2-D scatter plot rendered to RGBA pixels and encoded as PNG
// (the "word galaxy" figure): points, word labels, a frame and a title.
import { ValueError } from '@dendrite/core';
import { drawText, textWidth } from './font.js';
import { encodePng } from './png.js';

/** Options of `scatterPlotPng`. */
export interface ScatterOptions {
  /** Image width in pixels (default 1000). */
  width?: number;
  /** Image height in pixels (default 800). */
  height?: number;
  /** A title drawn at the top. */
  title?: string;
  /** Group index of each point (colors cycle through a palette). */
  groups?: readonly number[];
  /** Label size: pixels per font dot (default 2 → 10×14-pixel letters). */
  labelScale?: number;
}

const PALETTE: [number, number, number][] = [
  [31, 119, 180], [214, 39, 40], [44, 160, 44], [148, 103, 189], [255, 127, 14], [140, 86, 75], [227, 119, 194], [23, 190, 207],
];

/**
 * Draws points (x, y) with labels and returns PNG bytes.
 *
 * @example
 * ```ts
 * const png = scatterPlotPng(pca2(v, n, d), words, { title: 'GloVe, PCA' });
 * ```
 */
export function scatterPlotPng(xy: ArrayLike<number>, labels: readonly string[], options: ScatterOptions = {}): Uint8Array {
  const n = labels.length;
  if (xy.length !== 2 * n || n === 0) throw new ValueError(`scatterPlotPng: ${xy.length} coordinates for ${n} labels (need 2 per label, at least one)`);
  const W = options.width ?? 1000;
  const H = options.height ?? 800;
  const s = options.labelScale ?? 2;
  const img = new Uint8Array(W * H * 4).fill(255);
  const put = (x: number, y: number, [r, g, b]: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= W || y >= H) return;
    const o = (y * W + x) * 4;
    img[o] = r;
    img[o + 1] = g;
    img[o + 2] = b;
    img[o + 3] = 255;
  };
  const margin = 40;
  const top = options.title ? margin + 10 * s : margin;
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, xy[2 * i]);
    maxX = Math.max(maxX, xy[2 * i]);
    minY = Math.min(minY, xy[2 * i + 1]);
    maxY = Math.max(maxY, xy[2 * i + 1]);
  }
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  // Leave room on the right for the longest label.
  const labelRoom = Math.min(W / 3, Math.max(...labels.map((l) => textWidth(l, s))) + 8);
  const px = (x: number) => Math.round(margin + ((x - minX) / spanX) * (W - 2 * margin - labelRoom));
  const py = (y: number) => Math.round(H - margin - ((y - minY) / spanY) * (H - top - margin));
  const grey: [number, number, number] = [190, 190, 190];
  for (let x = margin - 10; x <= W - margin + 10; x++) {
    put(x, top - 10, grey);
    put(x, H - margin + 10, grey);
  }
  for (let y = top - 10; y <= H - margin + 10; y++) {
    put(margin - 10, y, grey);
    put(W - margin + 10, y, grey);
  }
  if (options.title) drawText(options.title, margin, margin - 20, s, (x, y) => put(x, y, [0, 0, 0]));
  // Labels go right of their point unless that overlaps a placed label; then
  // above, below, or to the left (greedy, in input order).
  const placed: [number, number, number, number][] = [];
  const overlaps = (x: number, y: number, w: number, h: number) => placed.some(([a, b, c, d]) => x < a + c && a < x + w && y < b + d && b < y + h);
  for (let i = 0; i < n; i++) {
    const color = PALETTE[(options.groups?.[i] ?? 0) % PALETTE.length];
    const cx = px(xy[2 * i]);
    const cy = py(xy[2 * i + 1]);
    for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) if (dx * dx + dy * dy <= 10) put(cx + dx, cy + dy, color);
    const w = textWidth(labels[i], s);
    const h = 8 * s;
    const candidates: [number, number][] = [
      [cx + 6, cy - 3 * s],
      [cx + 6, cy - 3 * s - h],
      [cx + 6, cy - 3 * s + h],
      [cx - 6 - w, cy - 3 * s],
      [cx - 6 - w, cy - 3 * s - h],
      [cx - 6 - w, cy - 3 * s + h],
      [cx + 6, cy - 3 * s - 2 * h],
      [cx + 6, cy - 3 * s + 2 * h],
    ];
    const [lx, ly] = candidates.find(([x, y]) => !overlaps(x, y, w, h)) ?? candidates[0];
    placed.push([lx, ly, w, h]);
    drawText(labels[i], lx, ly, s, (x, y) => put(x, y, color));
  }
  return encodePng(img, W, H);
}
