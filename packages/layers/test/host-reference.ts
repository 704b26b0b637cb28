// Float64 host references for layer outputs, written as plain loops
// independently of the core's ops.

export function conv2dHost(x: Float64Array, xs: number[], w: Float64Array, ws: number[], b: Float64Array | null, o: { stride: [number, number]; pad: [number, number]; dilation: [number, number]; groups: number }) {
  const [n, c, h, wd] = xs;
  const [co, cg, kh, kw] = ws;
  const oh = Math.floor((h + 2 * o.pad[0] - o.dilation[0] * (kh - 1) - 1) / o.stride[0]) + 1;
  const ow = Math.floor((wd + 2 * o.pad[1] - o.dilation[1] * (kw - 1) - 1) / o.stride[1]) + 1;
  const out = new Float64Array(n * co * oh * ow);
  const perGroup = co / o.groups;
  for (let ni = 0; ni < n; ni++)
    for (let oc = 0; oc < co; oc++) {
      const g = Math.floor(oc / perGroup);
      for (let y = 0; y < oh; y++)
        for (let xq = 0; xq < ow; xq++) {
          let s = b ? b[oc] : 0;
          for (let ic = 0; ic < cg; ic++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const iy = y * o.stride[0] - o.pad[0] + i * o.dilation[0];
                const ix = xq * o.stride[1] - o.pad[1] + j * o.dilation[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                s += x[((ni * c + g * cg + ic) * h + iy) * wd + ix] * w[((oc * cg + ic) * kh + i) * kw + j];
              }
          out[((ni * co + oc) * oh + y) * ow + xq] = s;
        }
    }
  return { out, shape: [n, co, oh, ow] };
}

/** Transposed conv as the scatter of each input pixel times the kernel (groups = 1). */
export function convTranspose2dHost(x: Float64Array, xs: number[], w: Float64Array, ws: number[], b: Float64Array | null, stride: number, pad: number, outputPadding: number) {
  const [n, ci, h, wd] = xs;
  const [, co, kh, kw] = ws;
  const oh = (h - 1) * stride - 2 * pad + kh + outputPadding;
  const ow = (wd - 1) * stride - 2 * pad + kw + outputPadding;
  const out = new Float64Array(n * co * oh * ow);
  for (let ni = 0; ni < n; ni++)
    for (let oc = 0; oc < co; oc++) for (let k = 0; k < oh * ow; k++) out[(ni * co + oc) * oh * ow + k] = b ? b[oc] : 0;
  for (let ni = 0; ni < n; ni++)
    for (let ic = 0; ic < ci; ic++)
      for (let y = 0; y < h; y++)
        for (let xq = 0; xq < wd; xq++)
          for (let oc = 0; oc < co; oc++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const oy = y * stride - pad + i;
                const ox = xq * stride - pad + j;
                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                out[((ni * co + oc) * oh + oy) * ow + ox] += x[((ni * ci + ic) * h + y) * wd + xq] * w[((ic * co + oc) * kh + i) * kw + j];
              }
  return { out, shape: [n, co, oh, ow] };
}

const sig = (v: number) => 1 / (1 + Math.exp(-v));

/** x·Wᵀ + b for row-major W [out, in]. */
function affine(x: number[], w: Float64Array, b: Float64Array | null, rows: number): number[] {
  const cols = x.length;
  return Array.from({ length: rows }, (_, r) => {
    let s = b ? b[r] : 0;
    for (let k = 0; k < cols; k++) s += w[r * cols + k] * x[k];
    return s;
  });
}

/** One-layer unidirectional LSTM or GRU over x [T, B, F]; returns outputs [T][B][H]. */
export function recurrentHost(kind: 'lstm' | 'gru' | 'tanh', x: Float64Array, [t, b, f]: number[], hidden: number, p: { wih: Float64Array; whh: Float64Array; bih: Float64Array; bhh: Float64Array }): number[][][] {
  const gates = kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
  const outs: number[][][] = [];
  let h = Array.from({ length: b }, () => new Array(hidden).fill(0));
  let c = Array.from({ length: b }, () => new Array(hidden).fill(0));
  for (let s = 0; s < t; s++) {
    const nh: number[][] = [];
    const nc: number[][] = [];
    for (let bi = 0; bi < b; bi++) {
      const xt = Array.from({ length: f }, (_, k) => x[(s * b + bi) * f + k]);
      const xi = affine(xt, p.wih, p.bih, gates * hidden);
      const hh = affine(h[bi], p.whh, p.bhh, gates * hidden);
      const g = (k: number, j: number, which: number[]) => which[k * hidden + j];
      const hRow: number[] = [];
      const cRow: number[] = [];
      for (let j = 0; j < hidden; j++) {
        if (kind === 'tanh') hRow.push(Math.tanh(xi[j] + hh[j]));
        else if (kind === 'lstm') {
          const i = sig(g(0, j, xi) + g(0, j, hh));
          const fg = sig(g(1, j, xi) + g(1, j, hh));
          const gg = Math.tanh(g(2, j, xi) + g(2, j, hh));
          const o = sig(g(3, j, xi) + g(3, j, hh));
          const cv = fg * c[bi][j] + i * gg;
          cRow.push(cv);
          hRow.push(o * Math.tanh(cv));
        } else {
          const r = sig(g(0, j, xi) + g(0, j, hh));
          const z = sig(g(1, j, xi) + g(1, j, hh));
          const nn = Math.tanh(g(2, j, xi) + r * g(2, j, hh));
          hRow.push((1 - z) * nn + z * h[bi][j]);
        }
      }
      nh.push(hRow);
      nc.push(cRow);
    }
    h = nh;
    if (kind === 'lstm') c = nc;
    outs.push(h);
  }
  return outs;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
