import { type Generator, tensor, type Tensor, ValueError } from '@dendrite/core';

/**
 * Throws `ValueError` unless `p` is a probability.
 *
 * @example
 * ```ts
 * checkProbability('RandomHorizontalFlip', 'p', 0.5);
 * ```
 */
export function checkProbability(op: string, arg: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ValueError(`${op}: '${arg}' must be a probability in [0, 1], got ${p}`);
}

/**
 * Throws `ValueError` unless `range` is [low, high] with low <= high (and, if given, both >= min).
 *
 * @example
 * ```ts
 * checkRange('RandomResizedCrop', 'scale', [0.08, 1], 0);
 * ```
 */
export function checkRange(op: string, arg: string, range: readonly number[], min = -Infinity): void {
  if (!Array.isArray(range) || range.length !== 2 || !(range[0] <= range[1]) || !(range[0] >= min) || !Number.isFinite(range[1])) {
    throw new ValueError(`${op}: '${arg}' must be [low, high] with ${min === -Infinity ? '' : `${min} <= `}low <= high, got ${JSON.stringify(range)}`);
  }
}

/**
 * One host draw per sample: true with probability `p`.
 *
 * @example
 * ```ts
 * const flips = coinFlips(generator, 8, 0.5); // e.g. [1, 0, 0, 1, ...]
 * ```
 */
export function coinFlips(generator: Generator, n: number, p: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = generator.uniform() < p ? 1 : 0;
  return out;
}

/**
 * A per-sample bool mask [N, 1, 1, 1] that broadcasts over C, H, W.
 *
 * @example
 * ```ts
 * const out = where(sampleMask(coinFlips(g, n, 0.5)), flipped, x);
 * ```
 */
export function sampleMask(flags: Uint8Array): Tensor {
  return tensor(flags, [flags.length, 1, 1, 1], 'bool');
}

/**
 * A uniform draw in [low, high).
 *
 * @example
 * ```ts
 * const angle = uniformIn(g, -30, 30);
 * ```
 */
export function uniformIn(generator: Generator, low: number, high: number): number {
  return low + (high - low) * generator.uniform();
}
