// 2-D projections of word vectors: PCA (power iteration with deflation on the
// d×d covariance, float64) and exact t-SNE (van der Maaten & Hinton 2008) for
// the few hundred words a plot can label.
import { ValueError } from '@dendrite/core';
import { HostRng } from '../word2vec/rng.js';

function checkRows(op: string, data: ArrayLike<number>, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 2 || !Number.isInteger(d) || d < 2 || data.length !== n * d) throw new ValueError(`${op}: need n >= 2 rows of d >= 2 values (got ${data.length} values for n=${n}, d=${d})`);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) throw new ValueError(`${op}: value ${i} (row ${Math.floor(i / d)}) is ${data[i]}`);
}

/**
 * Projects n rows of d values onto their first two principal components: [n, 2] row-major.
 *
 * @example
 * ```ts
 * const xy = pca2(kv.subset(words).vectors, words.length, kv.dim);
 * ```
 */
export function pca2(data: ArrayLike<number>, n: number, d: number): Float64Array {
  checkRows('pca2', data, n, d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j] / n;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = data[i * d + j] - mean[j];
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = x[i * d + a];
      if (xa === 0) continue;
      for (let b = 0; b < d; b++) cov[a * d + b] += xa * x[i * d + b];
    }
  }
  const comps: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = new Float64Array(d).map((_, j) => 1 + j / d);
    for (let it = 0; it < 500; it++) {
      const w = new Float64Array(d);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) w[a] += cov[a * d + b] * v[b];
      for (const p of comps) {
        const dp = w.reduce((s, wi, i) => s + wi * p[i], 0);
        for (let a = 0; a < d; a++) w[a] -= dp * p[a];
      }
      const norm = Math.hypot(...w) || 1;
      for (let a = 0; a < d; a++) w[a] /= norm;
      const delta = w.reduce((s, wi, i) => s + Math.abs(wi - v[i]), 0);
      v = w;
      if (delta < 1e-12) break;
    }
    // Fix the sign so the largest-magnitude loading is positive (deterministic plots).
    let big = 0;
    for (let a = 1; a < d; a++) if (Math.abs(v[a]) > Math.abs(v[big])) big = a;
    if (v[big] < 0) for (let a = 0; a < d; a++) v[a] = -v[a];
    comps.push(v);
  }
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] * comps[c][j];
      out[i * 2 + c] = s;
    }
  }
  return out;
}

/** Options of `tsne2`. */
export interface TsneOptions {
  /** Effective number of neighbours (default min(30, (n − 1) / 3)). */
  perplexity?: number;
  /** Gradient steps (default 1000). */
  iterations?: number;
  /** Step size (default max(50, n / 12)). */
  learningRate?: number;
  /** Seed of the initial layout (default 0). */
  seed?: number;
}

/**
 * Exact t-SNE to 2-D (O(n²) per iteration: meant for ≤ ~1,000 points), on
 * cosine-normalized rows, with early exaggeration (×12 for 250 iterations)
 * and momentum 0.5 → 0.8 as in the paper.
 *
 * @example
 * ```ts
 * const xy = tsne2(vectors, n, dim, { perplexity: 10 });
 * ```
 */
export function tsne2(data: ArrayLike<number>, n: number, d: number, options: TsneOptions = {}): Float64Array {
  checkRows('tsne2', data, n, d);
  const perplexity = options.perplexity ?? Math.max(2, Math.min(30, (n - 1) / 3));
  if (!(perplexity > 0 && perplexity < n)) throw new ValueError(`tsne2: 'perplexity' must be in (0, ${n}), got ${perplexity}`);
  const iters = options.iterations ?? 1000;
  const lr = options.learningRate ?? Math.max(50, n / 12);
  // Squared distances between unit rows.
  const u = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += data[i * d + j] ** 2;
    const k = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) u[i * d + j] = data[i * d + j] * k;
  }
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (u[i * d + j] - u[k * d + j]) ** 2;
      dist[i * n + k] = dist[k * n + i] = s;
    }
  }
  // Conditional P by binary search on the precision to match log(perplexity).
  const P = new Float64Array(n * n);
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = Number.POSITIVE_INFINITY;
    let beta = 1;
    for (let it = 0; it < 100; it++) {
      let sum = 0;
      let hsum = 0;
      for (let k = 0; k < n; k++) {
        if (k === i) continue;
        const p = Math.exp(-dist[i * n + k] * beta);
        P[i * n + k] = p;
        sum += p;
        hsum += dist[i * n + k] * p;
      }
      const H = Math.log(sum) + (beta * hsum) / sum;
      for (let k = 0; k < n; k++) P[i * n + k] /= sum;
      if (Math.abs(H - target) < 1e-6) break;
      if (H > target) {
        lo = beta;
        beta = hi === Number.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      const p = Math.max((P[i * n + k] + P[k * n + i]) / (2 * n), 1e-12);
      P[i * n + k] = P[k * n + i] = p;
    }
  }
  const rng = new HostRng(options.seed ?? 0);
  const Y = new Float64Array(n * 2).map(() => (rng.uniform() - 0.5) * 1e-2);
  const vel = new Float64Array(n * 2);
  const gains = new Float64Array(n * 2).fill(1);
  const num = new Float64Array(n * n);
  for (let it = 0; it < iters; it++) {
    const exag = it < 250 ? 12 : 1;
    const momentum = it < 250 ? 0.5 : 0.8;
    let qsum = 0;
    for (let i = 0; i < n; i++) {
      for (let k = i + 1; k < n; k++) {
        const q = 1 / (1 + (Y[2 * i] - Y[2 * k]) ** 2 + (Y[2 * i + 1] - Y[2 * k + 1]) ** 2);
        num[i * n + k] = num[k * n + i] = q;
        qsum += 2 * q;
      }
    }
    for (let i = 0; i < n; i++) {
      let gx = 0;
      let gy = 0;
      for (let k = 0; k < n; k++) {
        if (k === i) continue;
        const q = num[i * n + k];
        const m = (exag * P[i * n + k] - q / qsum) * q;
        gx += 4 * m * (Y[2 * i] - Y[2 * k]);
        gy += 4 * m * (Y[2 * i + 1] - Y[2 * k + 1]);
      }
      for (const [c, g] of [[0, gx], [1, gy]] as const) {
        const idx = 2 * i + c;
        gains[idx] = Math.sign(g) !== Math.sign(vel[idx]) ? gains[idx] + 0.2 : Math.max(0.01, gains[idx] * 0.8);
        vel[idx] = momentum * vel[idx] - lr * gains[idx] * g;
      }
    }
    for (let i = 0; i < 2 * n; i++) Y[i] += vel[i];
  }
  return Y;
}
