// Conformance cases of the movement and indexing kernels: transpose, slice,
// pad, concat, expand, gather and scatterAdd, over every dtype.
import type { DataArray, DType } from '../dtype.js';
import { sizeOf } from '../shape.js';
import { accumulated, EXACT, hostTensor, type KernelCase, shapesLabel } from './conformance-case.js';
import { elementwiseShapes } from './conformance-shapes.js';
import { broadcastSource, randomBools, randomFloats, randomInts, randomShape, type SeededRandom } from './random-inputs.js';

const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

function valuesOf(rng: SeededRandom, dtype: DType, n: number): DataArray {
  if (dtype === 'bool') return randomBools(rng, n);
  if (dtype === 'int32') return randomInts(rng, n, -1000, 1000);
  return randomFloats(rng, n);
}

/**
 * transpose: random permutations of shapes of rank 0..4 (size-1 and empty dims included).
 *
 * @example
 * ```ts
 * transposeCases(new SeededRandom(1, 'transpose')).length; // > 0
 * ```
 */
export function transposeCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const dtype of DTYPES)
    for (const shape of elementwiseShapes(rng)) {
      const perm = rng.permutation(shape.length);
      const outShape = perm.map((p) => shape[p]);
      cases.push({
        kernel: 'transpose',
        label: `${dtype} perm [${perm.join(', ')}] ${shapesLabel([shape], outShape)}`,
        inputs: [hostTensor(shape, dtype, valuesOf(rng, dtype, sizeOf(shape)))],
        output: { shape: outShape, dtype },
        run: (k, [x], out) => k.transpose(x, out, perm),
        tolerance: EXACT,
      });
    }
  return cases;
}

/** A random valid slice of one dim: begin, step (±1..3) and the output length (possibly 0). */
function sliceDim(rng: SeededRandom, dim: number): { begin: number; step: number; len: number } {
  if (dim === 0) return { begin: 0, step: 1, len: 0 };
  const step = rng.pick([1, 1, 2, 3, -1, -2]);
  const begin = rng.int(0, dim - 1);
  const room = step > 0 ? Math.floor((dim - 1 - begin) / step) + 1 : Math.floor(begin / -step) + 1;
  return { begin, step, len: rng.int(rng.chance(0.1) ? 0 : 1, room) };
}

/**
 * slice: random begins, positive and negative steps and lengths, per dim, over every rank.
 *
 * @example
 * ```ts
 * sliceCases(new SeededRandom(1, 'slice')).length; // > 0
 * ```
 */
export function sliceCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const dtype of DTYPES)
    for (const shape of [...elementwiseShapes(rng), randomShape(rng, 2, 6, 11)]) {
      const dims = shape.map((d) => sliceDim(rng, d));
      const begin = dims.map((d) => d.begin);
      const step = dims.map((d) => d.step);
      const outShape = dims.map((d) => d.len);
      cases.push({
        kernel: 'slice',
        label: `${dtype} begin [${begin.join(', ')}] step [${step.join(', ')}] ${shapesLabel([shape], outShape)}`,
        inputs: [hostTensor(shape, dtype, valuesOf(rng, dtype, sizeOf(shape)))],
        output: { shape: outShape, dtype },
        run: (k, [x], out) => k.slice(x, out, begin, step),
        tolerance: EXACT,
      });
    }
  return cases;
}

/**
 * pad: random before/after widths (0..2) per dim and a non-zero value, every dtype.
 *
 * @example
 * ```ts
 * padCases(new SeededRandom(1, 'pad')).length; // > 0
 * ```
 */
export function padCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const dtype of DTYPES)
    for (const shape of elementwiseShapes(rng)) {
      const before = shape.map(() => rng.int(0, 2));
      const after = shape.map(() => rng.int(0, 2));
      const outShape = shape.map((d, i) => d + before[i] + after[i]);
      const value = dtype === 'bool' ? 1 : dtype === 'int32' ? -7 : 0.375;
      cases.push({
        kernel: 'pad',
        label: `${dtype} before [${before.join(', ')}] after [${after.join(', ')}] value ${value} ${shapesLabel([shape], outShape)}`,
        inputs: [hostTensor(shape, dtype, valuesOf(rng, dtype, sizeOf(shape)))],
        output: { shape: outShape, dtype },
        run: (k, [x], out) => k.pad(x, out, before, value),
        tolerance: EXACT,
      });
    }
  return cases;
}

/**
 * concat: 1 to 4 inputs of rank 1..4 along a random axis, some empty along it.
 *
 * @example
 * ```ts
 * concatCases(new SeededRandom(1, 'concat')).length; // > 0
 * ```
 */
export function concatCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const dtype of DTYPES)
    for (let rank = 1; rank <= 4; rank++)
      for (const count of [1, 2, 3, 4]) {
        const base = randomShape(rng, rank, 1, 4);
        const axis = rng.int(0, rank - 1);
        const shapes = Array.from({ length: count }, () => base.map((d, i) => (i === axis ? rng.int(0, 3) : d)));
        const outShape = base.map((d, i) => (i === axis ? shapes.reduce((s, sh) => s + sh[axis], 0) : d));
        cases.push({
          kernel: 'concat',
          label: `${dtype} axis ${axis} ${shapesLabel(shapes, outShape)}`,
          inputs: shapes.map((s) => hostTensor(s, dtype, valuesOf(rng, dtype, sizeOf(s)))),
          output: { shape: outShape, dtype },
          run: (k, xs, out) => k.concat(xs, out, axis),
          tolerance: EXACT,
        });
      }
  return cases;
}

/**
 * expand: sources of lower rank and with size-1 dims broadcast to shapes of rank 0..4.
 *
 * @example
 * ```ts
 * expandCases(new SeededRandom(1, 'expand')).length; // > 0
 * ```
 */
export function expandCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const dtype of DTYPES)
    for (const outShape of elementwiseShapes(rng)) {
      const shape = broadcastSource(rng, outShape, rng.int(0, Math.min(2, outShape.length)), 0.5);
      cases.push({
        kernel: 'expand',
        label: `${dtype} ${shapesLabel([shape], outShape)}`,
        inputs: [hostTensor(shape, dtype, valuesOf(rng, dtype, sizeOf(shape)))],
        output: { shape: outShape, dtype },
        run: (k, [x], out) => k.expand(x, out),
        tolerance: EXACT,
      });
    }
  return cases;
}

/** Indices into an axis of `len`, about 1 in 6 out of range (negative or ≥ len). */
function indexValues(rng: SeededRandom, n: number, len: number): Int32Array {
  return Int32Array.from({ length: n }, () => (rng.chance(1 / 6) ? rng.pick([-1, -len - 2, len, len + 3]) : rng.int(0, Math.max(0, len - 1))));
}

/** Geometries of gather/scatterAdd: the data shape, the axis and the shape of the indices. */
function indexGeometries(rng: SeededRandom): { shape: number[]; axis: number; idxShape: number[] }[] {
  return [
    { shape: [rng.int(3, 8)], axis: 0, idxShape: [rng.int(1, 9)] },
    { shape: [rng.int(3, 6), rng.int(2, 5)], axis: 0, idxShape: [rng.int(2, 7)] },
    { shape: [rng.int(2, 5), rng.int(3, 6)], axis: 1, idxShape: [rng.int(1, 3), rng.int(2, 4)] },
    { shape: randomShape(rng, 3, 2, 4), axis: 1, idxShape: [] },
    { shape: randomShape(rng, 3, 2, 4), axis: 2, idxShape: [rng.int(4, 9)] },
    { shape: [rng.int(2, 4), 1, rng.int(2, 4)], axis: 1, idxShape: [rng.int(2, 5)] },
    { shape: [rng.int(2, 4), 0], axis: 1, idxShape: [rng.int(1, 3)] },
    { shape: [rng.int(2, 4), 3], axis: 0, idxShape: [0] },
  ];
}

/**
 * gather: every dtype, indices of rank 0..2 along each axis, out-of-range indices (→ 0) included.
 *
 * @example
 * ```ts
 * gatherCases(new SeededRandom(1, 'gather')).length; // > 0
 * ```
 */
export function gatherCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const dtype of DTYPES)
    for (const { shape, axis, idxShape } of indexGeometries(rng)) {
      const outShape = [...shape.slice(0, axis), ...idxShape, ...shape.slice(axis + 1)];
      cases.push({
        kernel: 'gather',
        label: `${dtype} axis ${axis} ${shapesLabel([shape, idxShape], outShape)}`,
        inputs: [hostTensor(shape, dtype, valuesOf(rng, dtype, sizeOf(shape))), hostTensor(idxShape, 'int32', indexValues(rng, sizeOf(idxShape), shape[axis]))],
        output: { shape: outShape, dtype },
        run: (k, [x, idx], out) => k.gather(x, idx, out, axis),
        tolerance: EXACT,
      });
    }
  return cases;
}

/**
 * scatterAdd: float32 and int32, repeated indices (sums), out-of-range ones
 * (skipped), empty updates (all zeros). Float sums of up to `count` updates
 * per element are accumulated.
 *
 * @example
 * ```ts
 * scatterAddCases(new SeededRandom(1, 'scatterAdd')).length; // > 0
 * ```
 */
export function scatterAddCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const dtype of ['float32', 'int32'] as const)
    for (const { shape, axis, idxShape } of indexGeometries(rng)) {
      const updShape = [...shape.slice(0, axis), ...idxShape, ...shape.slice(axis + 1)];
      const count = sizeOf(idxShape);
      cases.push({
        kernel: 'scatterAdd',
        label: `${dtype} axis ${axis} indices ${shapesLabel([idxShape, updShape], shape)}`,
        inputs: [hostTensor(idxShape, 'int32', indexValues(rng, count, shape[axis])), hostTensor(updShape, dtype, valuesOf(rng, dtype, sizeOf(updShape)))],
        output: { shape, dtype },
        run: (k, [idx, upd], out) => k.scatterAdd(idx, upd, out, axis),
        tolerance: dtype === 'float32' ? accumulated(count, [1]) : EXACT,
      });
    }
  return cases;
}
