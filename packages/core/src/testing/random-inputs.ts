// Seeded random shapes and values for the conformance kit: the same seed
// gives the same cases on every machine, so a failure can be replayed.

import { ValueError } from '../errors.js';
import { philox4x32 } from '../random/philox.js';

const TWO_POW_M32 = 1 / 4294967296;

/** A 32-bit FNV-1a hash, to derive one independent stream per kernel name. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A seeded generator of test inputs (Philox4x32-10 keyed by the seed and a
 * stream name, so each kernel's cases stay the same when another kernel's change).
 *
 * @example
 * ```ts
 * const rng = new SeededRandom(42, 'matmul');
 * rng.int(1, 6); // the same integer in 1..6 on every run
 * ```
 */
export class SeededRandom {
  private counter = 0;
  private readonly key: [number, number];

  constructor(seed: number, stream = '') {
    if (!Number.isInteger(seed)) throw new ValueError(`SeededRandom: argument 'seed' must be an integer, got ${seed}`);
    this.key = [seed >>> 0, hashName(stream)];
  }

  /**
   * A uniform float in [0, 1).
   *
   * @example
   * ```ts
   * new SeededRandom(1).next(); // in [0, 1)
   * ```
   */
  next(): number {
    const w = philox4x32([this.counter++ >>> 0, 0, 0, 0], this.key);
    return w[0] * TWO_POW_M32;
  }

  /**
   * A uniform float in [lo, hi).
   *
   * @example
   * ```ts
   * rng.uniform(-1, 1);
   * ```
   */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /**
   * A uniform integer in [lo, hi] (both inclusive).
   *
   * @example
   * ```ts
   * rng.int(0, 3); // 0, 1, 2 or 3
   * ```
   */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /**
   * True with probability p.
   *
   * @example
   * ```ts
   * rng.chance(0.25);
   * ```
   */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * One element of a non-empty list.
   *
   * @example
   * ```ts
   * rng.pick([1, 2, -1]);
   * ```
   */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /**
   * A random permutation of 0..n-1.
   *
   * @example
   * ```ts
   * rng.permutation(3); // e.g. [2, 0, 1]
   * ```
   */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }
}

/**
 * A range of float test values: uniform in [lo, hi], never closer to 0 than `minAbs`.
 *
 * @example
 * ```ts
 * const positive: FloatDomain = { lo: 0.05, hi: 20 };
 * ```
 */
export interface FloatDomain {
  lo: number;
  hi: number;
  /** Values with |v| < minAbs are redrawn (default 0.05: test values are never zero). */
  minAbs?: number;
}

/**
 * The default float domain: ±[0.1, 3].
 *
 * @example
 * ```ts
 * randomFloats(rng, 4, ANY_FLOAT);
 * ```
 */
export const ANY_FLOAT: FloatDomain = { lo: -3, hi: 3, minAbs: 0.1 };

/**
 * `n` float32 values from a domain.
 *
 * @example
 * ```ts
 * randomFloats(rng, 6, { lo: 0.1, hi: 10 }); // positive, for log
 * ```
 */
export function randomFloats(rng: SeededRandom, n: number, domain: FloatDomain = ANY_FLOAT): Float32Array {
  const minAbs = domain.minAbs ?? 0.05;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    do v = Math.fround(rng.uniform(domain.lo, domain.hi));
    while (Math.abs(v) < minAbs);
    out[i] = v;
  }
  return out;
}

/**
 * `n` int32 values in [lo, hi], redrawing zeros when `nonZero`.
 *
 * @example
 * ```ts
 * randomInts(rng, 5, -9, 9, true);
 * ```
 */
export function randomInts(rng: SeededRandom, n: number, lo: number, hi: number, nonZero = true): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    do v = rng.int(lo, hi);
    while (nonZero && v === 0);
    out[i] = v;
  }
  return out;
}

/**
 * `n` bool values (0/1), each true with probability `pTrue`.
 *
 * @example
 * ```ts
 * randomBools(rng, 8);
 * ```
 */
export function randomBools(rng: SeededRandom, n: number, pTrue = 0.5): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.chance(pTrue) ? 1 : 0;
  return out;
}

/**
 * `n` values drawn from a small list (to force ties and equalities).
 *
 * @example
 * ```ts
 * randomChoices(rng, 6, [-1, 0.5, 2]);
 * ```
 */
export function randomChoices(rng: SeededRandom, n: number, values: readonly number[]): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.pick(values);
  return out;
}

/**
 * A random shape of `rank` dims in [minDim, maxDim].
 *
 * @example
 * ```ts
 * randomShape(rng, 3, 1, 5); // e.g. [4, 1, 3]
 * ```
 */
export function randomShape(rng: SeededRandom, rank: number, minDim = 1, maxDim = 5): number[] {
  return Array.from({ length: rank }, () => rng.int(minDim, maxDim));
}

/**
 * A shape that broadcasts to `out`: its leading `drop` dims removed and each
 * remaining dim replaced by 1 with probability `pOne`.
 *
 * @example
 * ```ts
 * broadcastSource(rng, [2, 3, 4], 1, 0.5); // e.g. [1, 4]
 * ```
 */
export function broadcastSource(rng: SeededRandom, out: readonly number[], drop: number, pOne: number): number[] {
  return out.slice(drop).map((d) => (rng.chance(pOne) ? 1 : d));
}
