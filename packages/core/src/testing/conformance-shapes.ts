// The shape sets conformance cases sweep: every rank 0..4, size-1 and empty
// dims, odd sizes, and broadcasting of either or both operands.
import type { SeededRandom } from './random-inputs.js';
import { broadcastSource, randomShape } from './random-inputs.js';

/**
 * Shapes for elementwise and movement cases: a scalar, an odd vector, a
 * row with a size-1 dim, random rank-3 and rank-4 shapes, and one with an
 * empty dim.
 *
 * @example
 * ```ts
 * elementwiseShapes(rng); // [[], [7], [1, 5], [3, 2, 4], [2, 1, 3, 2], [3, 0, 2]]
 * ```
 */
export function elementwiseShapes(rng: SeededRandom): number[][] {
  return [
    [],
    [rng.pick([1, 3, 7, 9, 13])],
    [1, rng.int(2, 9)],
    randomShape(rng, 3, 1, 5),
    randomShape(rng, 4, 1, 4),
    [rng.int(1, 4), 0, rng.int(1, 4)],
  ];
}

/** Shapes of two operands and their broadcast result. */
export interface BroadcastPair {
  a: number[];
  b: number[];
  out: number[];
  /** Which side broadcasts: for labels. */
  kind: string;
}

/**
 * Operand shape pairs covering: equal shapes, scalars, b broadcast (lower
 * rank and size-1 dims), a broadcast, both broadcast ([m, 1] with [n]), all
 * size-1 dims, and empty dims.
 *
 * @example
 * ```ts
 * for (const { a, b, out } of broadcastPairs(rng)) ...
 * ```
 */
export function broadcastPairs(rng: SeededRandom): BroadcastPair[] {
  const m = rng.int(2, 5);
  const n = rng.pick([3, 5, 7]);
  const s3 = randomShape(rng, 3, 2, 4);
  const s4 = randomShape(rng, 4, 1, 4);
  const e = [rng.int(1, 3), 0, rng.int(2, 4)];
  return [
    { a: [], b: [], out: [], kind: 'scalars' },
    { a: [n], b: [n], out: [n], kind: 'same shape' },
    { a: s3, b: s3, out: s3, kind: 'same shape' },
    { a: [], b: s3, out: s3, kind: 'a scalar' },
    { a: s4, b: broadcastSource(rng, s4, 1, 0.5), out: s4, kind: 'b broadcast' },
    { a: [s3[1], 1], b: s3, out: s3, kind: 'a broadcast' },
    { a: [m, 1], b: [n], out: [m, n], kind: 'both broadcast' },
    { a: [1, s3[1], 1], b: [s3[0], 1, s3[2]], out: [s3[0], s3[1], s3[2]], kind: 'both broadcast' },
    { a: [1, 1, 1], b: [1], out: [1, 1, 1], kind: 'size-1 dims' },
    { a: e, b: [e[2]], out: e, kind: 'empty' },
    { a: [e[0], 1, 1], b: [0, 1], out: [e[0], 0, 1], kind: 'empty by broadcast' },
  ];
}
