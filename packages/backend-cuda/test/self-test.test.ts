// The kernels' elementwise math and Philox are __host__ __device__ code; the
// addon's selfTest runs that same code on the CPU, so without a GPU it is
// still checked against the core's float64 reference kernels. (On a GPU,
// device libm may differ from the host's by an ulp or two; the conformance
// kit covers that with its tolerances.)
import {
  BINARY_OPS,
  type BinaryOp,
  type DataArray,
  type DType,
  makeArray,
  philox4x32,
  randomValue,
  type TensorInfo,
  UNARY_OPS,
  UNARY_TABLE,
  type UnaryOp,
} from '@dendrite/core';
import { createReferenceBackend } from '@dendrite/core/testing';
import { describe, expect, it } from 'vitest';
import { DTYPE_CODES } from '../src/native.js';
import { addonForTests } from './helpers.js';

const { addon, reason } = addonForTests();
const ref = createReferenceBackend();

/** Runs one reference kernel on host arrays and returns its output. */
function reference(inputs: { dtype: DType; data: DataArray }[], outDType: DType, run: (ins: TensorInfo[], out: TensorInfo) => void): DataArray {
  const n = inputs[0].data.length;
  const handles: unknown[] = [];
  const infos = inputs.map((t) => {
    const h = ref.alloc(t.dtype, n);
    ref.write(h, t.data);
    handles.push(h);
    return { handle: h, shape: [n], dtype: t.dtype };
  });
  const outHandle = ref.alloc(outDType, n);
  run(infos, { handle: outHandle, shape: [n], dtype: outDType });
  const out = ref.readSync!(outHandle).slice();
  for (const h of [...handles, outHandle]) ref.free(h);
  return out;
}

const FLOATS = Float32Array.from([0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.7, -3.7, 1e-3, 7, -7, 88, -88, 1e30, Infinity, -Infinity, NaN]);
const INTS = Int32Array.from([0, 1, -1, 2, -2, 3, 7, -7, 1000, -1000, 46341, -46341, 65536, 2147483647, -2147483648]);
const EXACT_UNARY = new Set<UnaryOp>(['neg', 'abs', 'sign', 'relu', 'floor', 'ceil', 'round', 'logicalNot', 'square', 'leakyRelu']);

/**
 * Equal, both NaN, or (for library functions) within 2e-6 relative + 1e-9
 * absolute: host float libm is faithful to ~2 ulp (2.4e-7); the absolute
 * term covers tails like gelu(-7) ≈ -9e-12, where the reference's own
 * 1 + erf(x/√2) cancels to ~1e-16 absolute. Both are far inside the
 * conformance kit's 1e-4 relative + 1e-5 absolute.
 */
function close(got: number, want: number, exact: boolean): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (got === want) return true;
  return !exact && Number.isFinite(want) && Math.abs(got - want) <= 2e-6 * Math.abs(want) + 1e-9;
}

describe('kernel math on the host (selfTest)', () => {
  if (!addon) {
    console.log(`[cuda tests] SKIPPED selfTest: ${reason}`);
    it.skip(`skipped: ${reason}`, () => {});
    return;
  }
  const st = addon.selfTest;

  it('Philox4x32-10 matches the core bit for bit (documented vector and 500 random blocks)', () => {
    expect(st.philox(0, 0, 0, 0, 0, 0)).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    let s = 987654321;
    const next = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return Math.imul(s, 2654435761) >>> 0;
    };
    for (let i = 0; i < 500; i++) {
      const c = [next(), next(), next(), next()];
      const k = [next(), next()];
      expect(st.philox(c[0], c[1], c[2], c[3], k[0], k[1])).toEqual(philox4x32(c, k));
    }
  });

  it('random values equal the core: uniform and bernoulli exactly, normal to the float32 rounding of double libm', () => {
    const key0 = 0xdeadbeef;
    const key1 = 0x12345678;
    for (const offset of [0, 12345, 2 ** 32 - 3]) {
      for (let i = 0; i < 200; i++) {
        expect(st.random(0, key0, key1, offset, i, -2.5, 4)).toBe(Math.fround(randomValue('uniform', key0, key1, offset, i, -2.5, 4)));
        expect(st.random(2, key0, key1, offset, i, 0.375, 0)).toBe(randomValue('bernoulli', key0, key1, offset, i, 0.375, 0));
        const want = Math.fround(randomValue('normal', key0, key1, offset, i, 1.5, 0.25));
        // V8's and glibc's double log/cos may differ in the last double bit, which can move the float32 by one ulp.
        expect(Math.abs(st.random(1, key0, key1, offset, i, 1.5, 0.25) - want)).toBeLessThanOrEqual(Math.abs(want) * 2 ** -23);
      }
    }
  });

  for (const op of UNARY_OPS) {
    const dtypes: DType[] = op === 'logicalNot' ? ['bool', 'float32'] : UNARY_TABLE[op].int ? ['float32', 'int32'] : ['float32'];
    for (const dtype of dtypes) {
      it(`unary ${op} ${dtype} matches the reference (edge values incl. ±0, ±Inf, NaN, int32 extremes)`, () => {
        const data: DataArray = dtype === 'float32' ? FLOATS : dtype === 'int32' ? INTS : Uint8Array.from([0, 1, 1, 0]);
        const outDType: DType = op === 'logicalNot' ? 'bool' : dtype;
        const want = reference([{ dtype, data }], outDType, ([x], out) => ref.kernels.unary(x, out, op, 0.25));
        data.forEach((v, i) => {
          const got = st.unary(UNARY_OPS.indexOf(op), DTYPE_CODES[dtype], v, 0.25);
          expect(close(got, want[i], dtype !== 'float32' || EXACT_UNARY.has(op)), `${op}(${v}) = ${got}, reference ${want[i]}`).toBe(true);
        });
      });
    }
  }

  for (const op of BINARY_OPS) {
    const logic = op.startsWith('logical');
    const compare = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op);
    const dtypes: DType[] = logic ? ['bool'] : compare ? ['float32', 'int32', 'bool'] : op === 'div' ? ['float32'] : ['float32', 'int32'];
    for (const dtype of dtypes) {
      it(`binary ${op} ${dtype} matches the reference on all pairs of edge values`, () => {
        const values: DataArray = dtype === 'float32' ? FLOATS : dtype === 'int32' ? INTS : Uint8Array.from([0, 1]);
        const a = makeArray(dtype, values.length ** 2);
        const b = makeArray(dtype, values.length ** 2);
        values.forEach((x, i) =>
          values.forEach((y, j) => {
            a[i * values.length + j] = x;
            b[i * values.length + j] = y;
          }),
        );
        const outDType: DType = logic || compare ? 'bool' : dtype;
        const want = reference([{ dtype, data: a }, { dtype, data: b }], outDType, ([x, y], out) => ref.kernels.binary(x, y, out, op as BinaryOp));
        // pow goes through powf: faithful, not exact; the rest are exact IEEE or integer results.
        const exact = dtype !== 'float32' || op !== 'pow';
        a.forEach((x, i) => {
          const got = st.binary(BINARY_OPS.indexOf(op), DTYPE_CODES[dtype], x, b[i]);
          expect(close(got, want[i], exact), `${op}(${x}, ${b[i]}) = ${got}, reference ${want[i]}`).toBe(true);
        });
      });
    }
  }

  it('cast between every pair of dtypes matches the reference (truncation, saturation, NaN → 0, bool)', () => {
    const sources: Record<Exclude<DType, 'float16'>, DataArray> = {
      float32: Float32Array.from([0, -0, 0.7, -0.7, 2.5, -2.5, 3e9, -3e9, 2147483520, Infinity, -Infinity, NaN]),
      int32: INTS,
      bool: Uint8Array.from([0, 1]),
    };
    for (const from of ['float32', 'int32', 'bool'] as const)
      for (const to of ['float32', 'int32', 'bool'] as DType[]) {
        const want = reference([{ dtype: from, data: sources[from] }], to, ([x], out) => ref.kernels.cast(x, out));
        sources[from].forEach((v, i) => {
          expect(close(st.cast(DTYPE_CODES[from], DTYPE_CODES[to], v), want[i], true), `cast ${from} ${v} -> ${to}`).toBe(true);
        });
      }
  });

  it('allocator size classes waste at most 25% (plus the 512-byte minimum) and never shrink a request', () => {
    let previous = 0;
    for (let bytes = 1; bytes < 2 ** 26; bytes = Math.ceil(bytes * 1.37) + 1) {
      const size = st.roundSize(bytes);
      expect(size).toBeGreaterThanOrEqual(bytes);
      expect(size).toBeLessThanOrEqual(Math.max(512, bytes * 1.25 + 512));
      expect(size % 512).toBe(0);
      expect(size).toBeGreaterThanOrEqual(previous);
      previous = size;
    }
    expect(st.roundSize(4097)).toBe(5120); // 4096 < 4097 → classes of 1024 bytes above 4 KiB
  });
});
