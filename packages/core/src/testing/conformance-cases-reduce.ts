// Conformance cases of the reductions: reduce (every op and dtype, axis
// subsets, empty reductions, long sums) and argReduce (ties and NaN).
import { REDUCE_OPS, type ReduceOp } from '../backend/contract.js';
import type { DataArray, DType } from '../dtype.js';
import { sizeOf } from '../shape.js';
import { accumulated, EPS32, EXACT, hostTensor, type KernelCase, shapesLabel, type Tolerance } from './conformance-case.js';
import { randomBools, randomChoices, randomFloats, randomInts, randomShape, type SeededRandom } from './random-inputs.js';

/** A shape with the axes to reduce. */
interface ReduceGeometry {
  shape: number[];
  axes: number[];
}

/**
 * Axis subsets over every rank: none, one, all, non-adjacent pairs,
 * size-1 axes, empty reductions (a 0-size reduced axis), empty outputs, and
 * long rows (hundreds of terms) where float32 summation order matters.
 */
function reduceGeometries(rng: SeededRandom): ReduceGeometry[] {
  const r3 = randomShape(rng, 3, 2, 5);
  const r4 = randomShape(rng, 4, 1, 4);
  return [
    { shape: [], axes: [] },
    { shape: [rng.pick([1, 7, 13])], axes: [0] },
    { shape: [rng.int(2, 5), rng.int(2, 7)], axes: [1] },
    { shape: [rng.int(2, 5), rng.int(2, 7)], axes: [0] },
    { shape: r3, axes: [0, 2] },
    { shape: r3, axes: [1] },
    { shape: r4, axes: [0, 1, 2, 3] },
    { shape: r4, axes: [1, 3] },
    { shape: [r3[0], 1, r3[2]], axes: [1] },
    { shape: [r3[0], r3[1], r3[2]], axes: [] },
    { shape: [rng.int(1, 4), 0, rng.int(1, 4)], axes: [1] },
    { shape: [0, rng.int(1, 4)], axes: [1] },
    { shape: [rng.int(20, 40), rng.int(150, 300)], axes: [1] },
    { shape: [rng.int(500, 1500)], axes: [0] },
  ];
}

function reduceDTypes(op: ReduceOp): DType[] {
  return op === 'all' || op === 'any' ? ['bool'] : ['float32', 'int32'];
}

/**
 * Inputs per op: sums of ±[0.1, 3] floats or ±100 ints; products of factors
 * with |v| in [0.7, 1.4] (long products neither overflow nor underflow) or
 * small ints (long int32 products wrap); max/min of floats; bools mostly
 * true for `all` and mostly false for `any` so both outcomes occur.
 */
function reduceInput(rng: SeededRandom, op: ReduceOp, dtype: DType, n: number): DataArray {
  if (op === 'all') return randomBools(rng, n, 0.9);
  if (op === 'any') return randomBools(rng, n, 0.1);
  if (dtype === 'int32') return op === 'prod' ? randomInts(rng, n, -3, 3) : randomInts(rng, n, -100, 100);
  if (op === 'prod') {
    const v = randomFloats(rng, n, { lo: 0.7, hi: 1.4 });
    for (let i = 0; i < n; i++) if (rng.chance(0.5)) v[i] = -v[i];
    return v;
  }
  return randomFloats(rng, n);
}

/**
 * Float sums are accumulated (see `Tolerance`); a product of `terms` float32
 * factors carries up to `terms` roundings, so 2·terms·ε relative; max/min
 * pick an input value, exactly.
 */
function reduceTolerance(op: ReduceOp, dtype: DType, terms: number): Tolerance {
  if (dtype !== 'float32' || op === 'max' || op === 'min') return EXACT;
  if (op === 'sum') return accumulated(terms, [0]);
  return { kind: 'close', atol: 0, rtol: 2 * Math.max(terms, 1) * EPS32 };
}

/**
 * reduce: every op × dtype × axis geometry (int32 max/min of empty sets, which have no defined value, are left out).
 *
 * @example
 * ```ts
 * reduceCases(new SeededRandom(1, 'reduce')).length; // > 0
 * ```
 */
export function reduceCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const op of REDUCE_OPS)
    for (const dtype of reduceDTypes(op))
      for (const { shape, axes } of reduceGeometries(rng)) {
        const terms = axes.reduce((p, a) => p * shape[a], 1);
        const outShape = shape.filter((_, d) => !axes.includes(d));
        if (dtype === 'int32' && (op === 'max' || op === 'min') && terms === 0 && sizeOf(outShape) > 0) continue;
        cases.push({
          kernel: 'reduce',
          label: `${op} ${dtype} axes [${axes.join(', ')}] ${shapesLabel([shape], outShape)}`,
          inputs: [hostTensor(shape, dtype, reduceInput(rng, op, dtype, sizeOf(shape)))],
          output: { shape: outShape, dtype },
          run: (k, [x], out) => k.reduce(x, out, op, axes),
          tolerance: reduceTolerance(op, dtype, terms),
        });
      }
  return cases;
}

/** argReduce inputs: distinct floats, tied floats, floats with NaNs (NaN beats everything), tied ints. */
type ArgInput = 'distinct' | 'ties' | 'nan' | 'int ties';

function argInput(rng: SeededRandom, kind: ArgInput, n: number): DataArray {
  if (kind === 'int ties') return randomInts(rng, n, -3, 3, false);
  if (kind === 'distinct') return randomFloats(rng, n);
  const v = randomChoices(rng, n, [-2, -1, 0.5, 1, 2]);
  if (kind === 'nan') for (let i = 0; i < n; i++) if (rng.chance(0.15)) v[i] = Number.NaN;
  return v;
}

/**
 * argReduce: argmax and argmin over each axis of shapes of rank 1..4 (size-1 axes included).
 *
 * @example
 * ```ts
 * argReduceCases(new SeededRandom(1, 'argReduce')).length; // > 0
 * ```
 */
export function argReduceCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  const geometries = [
    { shape: [rng.int(5, 13)], axis: 0 },
    { shape: [rng.int(2, 5), rng.int(3, 9)], axis: 1 },
    { shape: [rng.int(3, 9), rng.int(2, 5)], axis: 0 },
    { shape: randomShape(rng, 3, 2, 6), axis: 1 },
    { shape: randomShape(rng, 4, 2, 4), axis: rng.int(0, 3) },
    { shape: [rng.int(2, 4), 1, rng.int(2, 4)], axis: 1 },
    { shape: [0, rng.int(2, 5)], axis: 1 },
  ];
  for (const op of ['argmax', 'argmin'] as const)
    for (const kind of ['distinct', 'ties', 'nan', 'int ties'] as const)
      for (const { shape, axis } of geometries) {
        const dtype: DType = kind === 'int ties' ? 'int32' : 'float32';
        const outShape = shape.filter((_, d) => d !== axis);
        cases.push({
          kernel: 'argReduce',
          label: `${op} ${dtype} ${kind} axis ${axis} ${shapesLabel([shape], outShape)}`,
          inputs: [hostTensor(shape, dtype, argInput(rng, kind, sizeOf(shape)))],
          output: { shape: outShape, dtype: 'int32' },
          run: (k, [x], out) => k.argReduce(x, out, op, axis),
          tolerance: EXACT,
        });
      }
  return cases;
}
