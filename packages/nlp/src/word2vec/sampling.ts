// Negative sampling from unigram^power (0.75, Mikolov et al. 2013) and the
// frequent-word subsampling keep probabilities (gensim's formula).
import type { HostRng } from './rng.js';

/**
 * Cumulative unigram^power distribution, sampled by binary search (as
 * gensim's cum_table; exact, no 1e8-entry table).
 *
 * @example
 * ```ts
 * const table = new UnigramTable(Int32Array.from([10, 5, 1]));
 * table.sample(new HostRng(0)); // 0 most often
 * ```
 */
export class UnigramTable {
  /** Cumulative probabilities (the last is 1). */
  readonly cumulative: Float64Array;

  /**
   * The sampling table of `counts` raised to `power`.
   * @param counts - Count of each word.
   * @param power - Exponent applied to the counts (default 0.75, as word2vec).
   */
  constructor(counts: ArrayLike<number>, power = 0.75) {
    const cum = new Float64Array(counts.length);
    let acc = 0;
    for (let i = 0; i < counts.length; i++) {
      acc += counts[i] > 0 ? counts[i] ** power : 0;
      cum[i] = acc;
    }
    for (let i = 0; i < cum.length; i++) cum[i] /= acc;
    this.cumulative = cum;
  }

  /** Probability of id `i`. */
  probability(i: number): number {
    return this.cumulative[i] - (i > 0 ? this.cumulative[i - 1] : 0);
  }

  /** Draws one word id with probability ∝ count^power. */
  sample(rng: HostRng): number {
    const u = rng.uniform();
    const cum = this.cumulative;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * Probability of keeping each word: min(1, (sqrt(f / (s·N)) + 1) · s·N / f)
 * for count f, corpus size N and threshold s (gensim's `sample`); 1 everywhere when s = 0.
 *
 * @example
 * ```ts
 * keepProbabilities(Int32Array.from([1000, 1]), 1e-3); // the frequent word is dropped more
 * ```
 */
export function keepProbabilities(counts: ArrayLike<number>, sample: number): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const threshold = sample * total;
  const keep = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const f = counts[i];
    keep[i] = sample <= 0 || f <= 0 ? 1 : Math.min(1, (Math.sqrt(f / threshold) + 1) * (threshold / f));
  }
  return keep;
}
