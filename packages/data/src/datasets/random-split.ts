import { Generator, ValueError } from '@dendrite/core';
import type { Dataset } from './dataset.js';
import { subset } from './dataset-ops.js';

/**
 * Splits a dataset into non-overlapping random subsets, as
 * `torch.utils.data.random_split`. `lengths` are counts summing to the
 * dataset's length, or fractions summing to 1 (rounded down, the remainder
 * dealt one by one to the first subsets). The same seed gives the same split.
 *
 * @example
 * ```ts
 * const [train, val] = randomSplit(full, [0.9, 0.1], 42);
 * ```
 */
export function randomSplit<T, B>(ds: Dataset<T, B>, lengths: number[], seed: number | Generator = 0): Dataset<T, B>[] {
  const n = ds.length;
  if (!Array.isArray(lengths) || lengths.length === 0 || lengths.some((l) => !(l >= 0))) {
    throw new ValueError(`randomSplit: lengths must be non-negative numbers, got ${JSON.stringify(lengths)}`);
  }
  const total = lengths.reduce((a, b) => a + b, 0);
  let counts: number[];
  if (lengths.every(Number.isInteger) && total === n) {
    counts = lengths.slice();
  } else if (Math.abs(total - 1) < 1e-9) {
    counts = lengths.map((f) => Math.floor(f * n));
    let left = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i]++;
  } else {
    throw new ValueError(`randomSplit: lengths ${JSON.stringify(lengths)} must sum to the dataset length ${n} (counts) or to 1 (fractions)`);
  }
  const generator = typeof seed === 'number' ? new Generator(seed) : seed;
  const order = generator.randomPermutation(n);
  const parts: Dataset<T, B>[] = [];
  let start = 0;
  for (const c of counts) {
    parts.push(subset(ds, order.subarray(start, start + c)));
    start += c;
  }
  return parts;
}
