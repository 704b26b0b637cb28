// Float64 loop implementations of the nn ops, written from PyTorch's
// definitions independently of the library, to check its results.

/** A dense float64 array with its shape. */
export interface Arr {
  data: Float64Array;
  shape: number[];
}

export const arr = (data: ArrayLike<number>, shape: number[]): Arr => ({ data: Float64Array.from(data), shape });

const at4 = (s: number[], a: number, b: number, c: number, d: number) => ((a * s[1] + b) * s[2] + c) * s[3] + d;

export interface ConvGeom {
  stride: [number, number];
  pad: [number, number, number, number];
  dilation: [number, number];
  groups: number;
}

/** conv2d (cross-correlation) by definition. */
export function conv2dOracle(x: Arr, w: Arr, g: ConvGeom): Arr {
  const [n, , h, wd] = x.shape;
  const [co, cg, kh, kw] = w.shape;
  const oh = Math.floor((h + g.pad[0] + g.pad[1] - g.dilation[0] * (kh - 1) - 1) / g.stride[0]) + 1;
  const ow = Math.floor((wd + g.pad[2] + g.pad[3] - g.dilation[1] * (kw - 1) - 1) / g.stride[1]) + 1;
  const out = new Float64Array(n * co * oh * ow);
  const coPerG = co / g.groups;
  for (let b = 0; b < n; b++)
    for (let o = 0; o < co; o++) {
      const grp = Math.floor(o / coPerG);
      for (let y = 0; y < oh; y++)
        for (let xx = 0; xx < ow; xx++) {
          let s = 0;
          for (let ci = 0; ci < cg; ci++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const iy = y * g.stride[0] - g.pad[0] + i * g.dilation[0];
                const ix = xx * g.stride[1] - g.pad[2] + j * g.dilation[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                s += x.data[at4(x.shape, b, grp * cg + ci, iy, ix)] * w.data[at4(w.shape, o, ci, i, j)];
              }
          out[at4([n, co, oh, ow], b, o, y, xx)] = s;
        }
    }
  return { data: out, shape: [n, co, oh, ow] };
}

/** convTranspose2d by scattering each input pixel times the kernel (PyTorch's definition). */
export function convTranspose2dOracle(x: Arr, w: Arr, g: ConvGeom, outputPadding: [number, number]): Arr {
  const [n, ci, h, wd] = x.shape;
  const [, coG, kh, kw] = w.shape;
  const co = coG * g.groups;
  const oh = (h - 1) * g.stride[0] - g.pad[0] - g.pad[1] + g.dilation[0] * (kh - 1) + outputPadding[0] + 1;
  const ow = (wd - 1) * g.stride[1] - g.pad[2] - g.pad[3] + g.dilation[1] * (kw - 1) + outputPadding[1] + 1;
  const out = new Float64Array(n * co * oh * ow);
  const ciPerG = ci / g.groups;
  for (let b = 0; b < n; b++)
    for (let c = 0; c < ci; c++) {
      const grp = Math.floor(c / ciPerG);
      for (let y = 0; y < h; y++)
        for (let xx = 0; xx < wd; xx++) {
          const v = x.data[at4(x.shape, b, c, y, xx)];
          for (let o = 0; o < coG; o++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const oy = y * g.stride[0] - g.pad[0] + i * g.dilation[0];
                const ox = xx * g.stride[1] - g.pad[2] + j * g.dilation[1];
                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                out[at4([n, co, oh, ow], b, grp * coG + o, oy, ox)] += v * w.data[at4(w.shape, c, o, i, j)];
              }
        }
    }
  return { data: out, shape: [n, co, oh, ow] };
}

/** Pooling by definition: max ignores padding; average divides by the window (optionally only its in-image part). */
export function pool2dOracle(x: Arr, kind: 'max' | 'avg', k: [number, number], s: [number, number], pad: [number, number], opts: { ceil?: boolean; countIncludePad?: boolean } = {}): Arr {
  const [n, c, h, w] = x.shape;
  const size = (len: number, kk: number, ss: number, p: number) => {
    let o = (opts.ceil ? Math.ceil((len + 2 * p - kk) / ss) : Math.floor((len + 2 * p - kk) / ss)) + 1;
    if (opts.ceil && (o - 1) * ss >= len + p) o--;
    return o;
  };
  const oh = size(h, k[0], s[0], pad[0]);
  const ow = size(w, k[1], s[1], pad[1]);
  const out = new Float64Array(n * c * oh * ow);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < oh; y++)
        for (let xx = 0; xx < ow; xx++) {
          let best = -Infinity;
          let sum = 0;
          let count = 0;
          for (let i = 0; i < k[0]; i++)
            for (let j = 0; j < k[1]; j++) {
              const iy = y * s[0] - pad[0] + i;
              const ix = xx * s[1] - pad[1] + j;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              const v = x.data[at4(x.shape, b, ch, iy, ix)];
              best = Math.max(best, v);
              sum += v;
              count++;
            }
          const div = opts.countIncludePad === false ? count : k[0] * k[1];
          out[at4([n, c, oh, ow], b, ch, y, xx)] = kind === 'max' ? best : sum / div;
        }
  return { data: out, shape: [n, c, oh, ow] };
}

/** Bilinear / nearest sampling at PyTorch grid_sample's definition. */
export function gridSampleOracle(x: Arr, grid: Arr, mode: 'bilinear' | 'nearest', padding: 'zeros' | 'border', alignCorners: boolean): Arr {
  const [n, c, h, w] = x.shape;
  const [, oh, ow] = grid.shape;
  const out = new Float64Array(n * c * oh * ow);
  const unnorm = (g: number, size: number) => (alignCorners ? ((g + 1) / 2) * (size - 1) : ((g + 1) * size - 1) / 2);
  const clip = (v: number, size: number) => (padding === 'border' ? Math.min(Math.max(v, 0), size - 1) : v);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let xx = 0; xx < ow; xx++) {
        const gi = ((b * oh + y) * ow + xx) * 2;
        const ix = clip(unnorm(grid.data[gi], w), w);
        const iy = clip(unnorm(grid.data[gi + 1], h), h);
        for (let ch = 0; ch < c; ch++) {
          const px = (yy: number, xv: number) => (yy < 0 || yy >= h || xv < 0 || xv >= w ? 0 : x.data[at4(x.shape, b, ch, yy, xv)]);
          let v: number;
          if (mode === 'nearest') {
            const rx = roundHalfEven(ix);
            const ry = roundHalfEven(iy);
            v = px(ry, rx);
          } else {
            const x0 = Math.floor(ix);
            const y0 = Math.floor(iy);
            const tx = ix - x0;
            const ty = iy - y0;
            v = px(y0, x0) * (1 - tx) * (1 - ty) + px(y0, x0 + 1) * tx * (1 - ty) + px(y0 + 1, x0) * (1 - tx) * ty + px(y0 + 1, x0 + 1) * tx * ty;
          }
          out[at4([n, c, oh, ow], b, ch, y, xx)] = v;
        }
      }
  return { data: out, shape: [n, c, oh, ow] };
}

export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** log-softmax of each row of a [rows, classes] array. */
export function logSoftmaxRows(data: ArrayLike<number>, rows: number, classes: number): Float64Array {
  const out = new Float64Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let k = 0; k < classes; k++) m = Math.max(m, data[r * classes + k]);
    let s = 0;
    for (let k = 0; k < classes; k++) s += Math.exp(data[r * classes + k] - m);
    const lse = m + Math.log(s);
    for (let k = 0; k < classes; k++) out[r * classes + k] = data[r * classes + k] - lse;
  }
  return out;
}

/** Largest |a - b| / (atol + rtol |b|) over elements: <= 1 means within tolerance. */
export function worstRatio(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol: number): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const r = Math.abs(actual[i] - expected[i]) / (atol + rtol * Math.abs(expected[i]));
    if (!(r <= worst)) worst = Number.isNaN(r) ? Infinity : Math.max(worst, r);
  }
  return worst;
}
