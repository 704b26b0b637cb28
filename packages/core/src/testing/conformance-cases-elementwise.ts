// Conformance cases of the elementwise kernels: fill, unary, binary, where and cast.
import { BINARY_OPS, BINARY_TABLE, type BinaryOp, type OpAccuracy, UNARY_OPS, UNARY_TABLE, type UnaryOp, type UnarySpec } from '../ops/table/index.js';
import type { DataArray, DType } from '../dtype.js';
import { sizeOf } from '../shape.js';
import { BASIC, EXACT, type HostTensor, hostTensor, type KernelCase, shapesLabel, type Tolerance, TRANSCENDENTAL } from './conformance-case.js';
import { broadcastPairs, elementwiseShapes } from './conformance-shapes.js';
import { randomBools, randomChoices, randomFloats, randomInts, type SeededRandom } from './random-inputs.js';

const ACCURACY: Record<OpAccuracy, Tolerance> = { exact: EXACT, basic: BASIC, transcendental: TRANSCENDENTAL };

/** Values for `round`: exact halves (to check half-to-even) mixed with arbitrary fractions. */
function roundInputs(rng: SeededRandom, n: number): Float32Array {
  const out = randomFloats(rng, n, { lo: -6, hi: 6 });
  for (let i = 0; i < n; i++) if (rng.chance(0.5)) out[i] = rng.int(-6, 6) + 0.5;
  return out;
}

function unaryInput(rng: SeededRandom, op: UnaryOp, dtype: DType, n: number): DataArray {
  if (dtype === 'bool') return randomBools(rng, n);
  if (dtype === 'int32') return randomInts(rng, n, -1000, 1000);
  if (op === 'round') return roundInputs(rng, n);
  return randomFloats(rng, n, UNARY_TABLE[op].domain ?? { lo: -5, hi: 5, minAbs: 0.1 });
}

/**
 * unary: every op on every shape set; int32 for the ops that keep int32;
 * logicalNot on bool; leakyRelu and elu with a non-default alpha; int32 wrap
 * of neg/abs/square at the int32 extremes.
 *
 * @example
 * ```ts
 * unaryCases(new SeededRandom(1, 'unary')).length; // > 0
 * ```
 */
export function unaryCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const op of UNARY_OPS) {
    const spec: UnarySpec = UNARY_TABLE[op];
    const dtypes: DType[] = op === 'logicalNot' ? ['bool'] : spec.int ? ['float32', 'int32'] : ['float32'];
    const alpha = spec.alpha?.sample ?? 0;
    for (const dtype of dtypes) {
      for (const shape of elementwiseShapes(rng)) {
        const x = hostTensor(shape, dtype, unaryInput(rng, op, dtype, sizeOf(shape)));
        const outDType: DType = op === 'logicalNot' ? 'bool' : dtype;
        cases.push({
          kernel: 'unary',
          label: `${op} ${dtype} ${shapesLabel([shape], shape)}`,
          inputs: [x],
          output: { shape, dtype: outDType },
          run: (k, [xi], out) => k.unary(xi, out, op, alpha),
          tolerance: dtype === 'float32' ? ACCURACY[spec.accuracy] : EXACT,
        });
      }
    }
  }
  // INT32_MIN wraps under neg/abs, squares overflow; no result equals the int32 poison 0x7fffffff.
  const extremes = hostTensor([4], 'int32', new Int32Array([-2147483648, 2147483646, 65536, -46341]));
  for (const op of ['neg', 'abs', 'square'] as const) {
    cases.push({
      kernel: 'unary',
      label: `${op} int32 wraps at the int32 extremes`,
      inputs: [extremes],
      output: { shape: [4], dtype: 'int32' },
      run: (k, [xi], out) => k.unary(xi, out, op, 0),
      tolerance: EXACT,
    });
  }
  return cases;
}

const isCompare = (op: BinaryOp) => BINARY_TABLE[op].kind === 'compare';
const isLogic = (op: BinaryOp) => BINARY_TABLE[op].kind === 'logic';

/**
 * The dtypes each binary op is checked with, by its table kind: the core
 * casts 'float' operands (div, pow) to float32 and logic operands to bool, so
 * int32 div/pow are never requested (the reference still defines them).
 */
function binaryDTypes(op: BinaryOp): DType[] {
  const spec = BINARY_TABLE[op];
  if (spec.kind === 'logic') return ['bool'];
  if (spec.kind === 'compare') return ['float32', 'int32', 'bool'];
  return spec.int ? ['float32', 'int32'] : ['float32'];
}

/**
 * Operand values per op and dtype. Comparisons draw from a few values so
 * equalities occur; mod uses a = odd/8 and integer divisors so a/b is never
 * within 1/56 of an integer (float32 and float64 then agree on the floor);
 * pow keeps bases positive and results moderate.
 */
function binaryOperands(rng: SeededRandom, op: BinaryOp, dtype: DType, na: number, nb: number): [DataArray, DataArray] {
  if (dtype === 'bool') return [randomBools(rng, na), randomBools(rng, nb)];
  if (dtype === 'int32') {
    if (isCompare(op)) return [randomInts(rng, na, -3, 3, false), randomInts(rng, nb, -3, 3, false)];
    if (op === 'mod') return [randomInts(rng, na, -50, 50), randomInts(rng, nb, -9, 9)];
    return [randomInts(rng, na, -1000, 1000), randomInts(rng, nb, -1000, 1000)];
  }
  if (isCompare(op) || op === 'maximum' || op === 'minimum') {
    const values = [-2, -1, -0.5, 0.5, 1, 2];
    return [randomChoices(rng, na, values), randomChoices(rng, nb, values)];
  }
  if (op === 'mod') {
    const a = Float32Array.from({ length: na }, () => (2 * rng.int(-40, 39) + 1) / 8);
    const b = Float32Array.from({ length: nb }, () => rng.int(1, 7) * rng.pick([-1, 1]));
    return [a, b];
  }
  if (op === 'pow') return [randomFloats(rng, na, { lo: 0.2, hi: 3 }), randomFloats(rng, nb, { lo: -2, hi: 2 })];
  if (op === 'div') return [randomFloats(rng, na), randomFloats(rng, nb, { lo: -4, hi: 4, minAbs: 0.5 })];
  return [randomFloats(rng, na, { lo: -5, hi: 5, minAbs: 0.1 }), randomFloats(rng, nb, { lo: -5, hi: 5, minAbs: 0.1 })];
}

function binaryTolerance(op: BinaryOp, dtype: DType): Tolerance {
  return dtype === 'float32' ? ACCURACY[BINARY_TABLE[op].accuracy] : EXACT;
}

/**
 * binary: every op × its dtypes × every broadcast pattern, plus int32
 * add/sub/mul wrapping around at the int32 extremes.
 *
 * @example
 * ```ts
 * binaryCases(new SeededRandom(1, 'binary')).length; // > 0
 * ```
 */
export function binaryCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const op of BINARY_OPS) {
    for (const dtype of binaryDTypes(op)) {
      for (const pair of broadcastPairs(rng)) {
        const [da, db] = binaryOperands(rng, op, dtype, sizeOf(pair.a), sizeOf(pair.b));
        const outDType: DType = isCompare(op) || isLogic(op) ? 'bool' : dtype;
        cases.push({
          kernel: 'binary',
          label: `${op} ${dtype} ${pair.kind} ${shapesLabel([pair.a, pair.b], pair.out)}`,
          inputs: [hostTensor(pair.a, dtype, da), hostTensor(pair.b, dtype, db)],
          output: { shape: pair.out, dtype: outDType },
          run: (k, [a, b], out) => k.binary(a, b, out, op),
          tolerance: binaryTolerance(op, dtype),
        });
      }
    }
  }
  const big = hostTensor([4], 'int32', new Int32Array([2147483647, -2147483648, 1 << 30, -123456789]));
  // Chosen so no result equals the int32 poison 0x7fffffff (an unwritten element must show).
  const other = hostTensor([4], 'int32', new Int32Array([3, -2, 3, 987654321]));
  for (const op of ['add', 'sub', 'mul'] as const) {
    cases.push({
      kernel: 'binary',
      label: `${op} int32 wraps around modulo 2^32`,
      inputs: [big, other],
      output: { shape: [4], dtype: 'int32' },
      run: (k, [a, b], out) => k.binary(a, b, out, op),
      tolerance: EXACT,
    });
  }
  return cases;
}

function valuesOf(rng: SeededRandom, dtype: DType, n: number): DataArray {
  if (dtype === 'bool') return randomBools(rng, n);
  if (dtype === 'int32') return randomInts(rng, n, -1000, 1000);
  return randomFloats(rng, n);
}

/**
 * where: cond, a and b each broadcast in turn, for every dtype of a and b.
 *
 * @example
 * ```ts
 * whereCases(new SeededRandom(1, 'where')).length; // > 0
 * ```
 */
export function whereCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const dtype of ['float32', 'int32', 'bool'] as const) {
    for (const pair of broadcastPairs(rng)) {
      // cond takes one of the pair's shapes, the other operand the other one, in rotation.
      const shapes: number[][][] = [
        [pair.a, pair.b, pair.out],
        [pair.out, pair.a, pair.b],
        [pair.b, pair.out, pair.a],
      ];
      const [c, a, b] = rng.pick(shapes);
      const inputs: HostTensor[] = [
        hostTensor(c, 'bool', randomBools(rng, sizeOf(c))),
        hostTensor(a, dtype, valuesOf(rng, dtype, sizeOf(a))),
        hostTensor(b, dtype, valuesOf(rng, dtype, sizeOf(b))),
      ];
      cases.push({
        kernel: 'where',
        label: `${dtype} ${pair.kind} ${shapesLabel([c, a, b], pair.out)}`,
        inputs,
        output: { shape: pair.out, dtype },
        run: (k, [ci, ai, bi], out) => k.where(ci, ai, bi, out),
        tolerance: EXACT,
      });
    }
  }
  return cases;
}

/**
 * Values to convert: floats with fractions of both signs and exact zeros
 * (→ int truncation, → bool false), ints beyond 2^24 (→ float32 rounding), bools.
 */
function castSource(rng: SeededRandom, dtype: DType, n: number): DataArray {
  if (dtype === 'bool') return randomBools(rng, n);
  if (dtype === 'int32') {
    const v = randomInts(rng, n, -1000, 1000, false);
    for (let i = 0; i < n; i++) if (rng.chance(0.3)) v[i] = rng.int(-(2 ** 30), 2 ** 30);
    return v;
  }
  const v = randomFloats(rng, n, { lo: -1000, hi: 1000, minAbs: 0 });
  for (let i = 0; i < n; i++) if (rng.chance(0.2)) v[i] = rng.pick([0, 0.5, -0.5, 0.999, -0.999]);
  return v;
}

/**
 * cast: every pair of dtypes (including same-dtype copies) on every shape set.
 *
 * @example
 * ```ts
 * castCases(new SeededRandom(1, 'cast')).length; // > 0
 * ```
 */
export function castCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  const dtypes: DType[] = ['float32', 'int32', 'bool'];
  for (const from of dtypes)
    for (const to of dtypes)
      for (const shape of elementwiseShapes(rng)) {
        cases.push({
          kernel: 'cast',
          label: `${from} -> ${to} ${shapesLabel([shape], shape)}`,
          inputs: [hostTensor(shape, from, castSource(rng, from, sizeOf(shape)))],
          output: { shape, dtype: to },
          run: (k, [x], out) => k.cast(x, out),
          tolerance: EXACT,
        });
      }
  return cases;
}

/**
 * fill: each dtype with values that need conversion (0.1 rounds in float32, 5 is true as bool), on every shape set.
 *
 * @example
 * ```ts
 * fillCases(new SeededRandom(1, 'fill')).length; // > 0
 * ```
 */
export function fillCases(rng: SeededRandom): KernelCase[] {
  const values: Record<'float32' | 'int32' | 'bool', number[]> = { float32: [0.1, -2.5], int32: [-7, 123456], bool: [1, 0, 5] };
  const cases: KernelCase[] = [];
  for (const dtype of ['float32', 'int32', 'bool'] as const)
    for (const shape of elementwiseShapes(rng)) {
      const value = rng.pick(values[dtype]);
      cases.push({
        kernel: 'fill',
        label: `${dtype} value ${value} ${shapesLabel([], shape)}`,
        inputs: [],
        output: { shape, dtype },
        run: (k, _, out) => k.fill(out, value),
        tolerance: EXACT,
      });
    }
  return cases;
}
