// Runs one conformance case on a backend and on the reference and compares
// the results element by element under the case's tolerance.
import type { Backend, DataHandle, TensorInfo } from '../backend/contract.js';
import { type DataArray, type DType, isFloatDType, makeArray } from '../dtype.js';
import { decodeHalf } from '../half.js';
import { fmtShape } from '../shape.js';
import { EPS32, type HostTensor, type KernelCase, type Tolerance } from './conformance-case.js';

/**
 * What unwritten output elements hold: NaN for float32 (and float16's NaN bit
 * pattern 0x7e00), values no kernel produces for int32 and bool.
 *
 * @example
 * ```ts
 * POISON.bool; // 0xab: neither 0 nor 1
 * ```
 */
export const POISON: Readonly<Record<DType, number>> = { float32: Number.NaN, float16: 0x7e00, int32: 0x7fffffff, bool: 0xab };

/**
 * One float16 ulp relative (2⁻¹⁰; a result within 2⁻¹¹ of its value before
 * rounding can land on either neighbour when a backend rounds its float32
 * result and the reference its float64 one) plus the smallest subnormal.
 */
const HALF_ULP = 2 ** -10;
const HALF_SUBNORMAL = 2 ** -24;

/**
 * The outcome of comparing one case.
 *
 * @example
 * ```ts
 * const r: CaseComparison = await compareKernel(mine, ref, kase);
 * if (!r.ok) console.log(r.message);
 * ```
 */
export interface CaseComparison {
  /** Whether every compared element is within the tolerance and the inputs were left intact. */
  ok: boolean;
  /** Output elements compared. */
  checked: number;
  /** Output elements outside the tolerance. */
  mismatches: number;
  /** A readable account: the case, the worst element, and inputs the kernel overwrote. */
  message: string;
}

/**
 * The results of running one case on a backend.
 *
 * @example
 * ```ts
 * const { output } = await runKernelCase(backend, kase);
 * ```
 */
export interface CaseRun {
  output: DataArray;
  /** The inputs as read back after the kernel (a kernel must not write them). */
  inputsAfter: DataArray[];
}

/**
 * Runs one case on a backend: writes the inputs (or `inputs`, to substitute
 * them) into fresh buffers, fills the output with `POISON`, runs the kernel,
 * reads everything back (copies) and frees every buffer it allocated, also
 * when the kernel throws.
 *
 * @example
 * ```ts
 * const { output } = await runKernelCase(createReferenceBackend(), conformanceCases().matmul[0]);
 * ```
 */
export async function runKernelCase(backend: Backend, kase: KernelCase, inputs: readonly HostTensor[] = kase.inputs): Promise<CaseRun> {
  const handles: DataHandle[] = [];
  const alloc = (t: { dtype: DType; data: DataArray }): DataHandle => {
    const h = backend.alloc(t.dtype, t.data.length);
    handles.push(h);
    backend.write(h, t.data);
    return h;
  };
  try {
    const infos: TensorInfo[] = inputs.map((t) => ({ handle: alloc({ dtype: t.dtype, data: t.data.slice() }), shape: t.shape, dtype: t.dtype }));
    const poisoned = (t: { shape: readonly number[]; dtype: DType }): TensorInfo => {
      const data = makeArray(t.dtype, t.shape.reduce((a, b) => a * b, 1));
      data.fill(POISON[t.dtype]);
      return { handle: alloc({ dtype: t.dtype, data }), shape: t.shape, dtype: t.dtype };
    };
    const out = poisoned(kase.output);
    kase.run(backend.kernels, infos, out, (kase.scratch ?? []).map(poisoned));
    // Copies: a backend may hand out views of memory that free() recycles.
    const output = (await backend.read(out.handle)).slice();
    const inputsAfter = await Promise.all(infos.map(async (i) => (await backend.read(i.handle)).slice()));
    return { output, inputsAfter };
  } finally {
    for (const h of handles) backend.free(h);
  }
}

function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** The largest allowed |got − expected| at element i, or 0 for exact cases. */
function allowedError(tol: Tolerance, expected: number, magnitude: DataArray | null, i: number, half: boolean): number {
  if (tol.kind === 'exact') return 0;
  const rounding = half ? HALF_ULP * Math.abs(expected) + HALF_SUBNORMAL : 0;
  if (tol.kind === 'close') return tol.atol + tol.rtol * Math.abs(expected) + rounding;
  return 2 * Math.sqrt(tol.terms) * EPS32 * Math.abs(magnitude ? magnitude[i] : 0) + 2 * EPS32 * Math.abs(expected) + rounding;
}

/** Output values to compare: float16 bit patterns decoded. */
function valuesOf(data: DataArray, dtype: DType): DataArray {
  return dtype === 'float16' ? decodeHalf(data as Uint16Array) : data;
}

function withinTolerance(got: number, expected: number, allowed: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(got);
  if (!Number.isFinite(expected)) return got === expected;
  return Math.abs(got - expected) <= allowed;
}

/** The multi-index of a flat position, for messages. */
function positionOf(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(rest % shape[d]);
    rest = Math.floor(rest / shape[d]);
  }
  return fmtShape(idx);
}

/** The inputs with |x| in place of x for the listed float inputs (the magnitude run of `accumulated`). */
function absInputs(inputs: readonly HostTensor[], which: readonly number[]): HostTensor[] {
  return inputs.map((t, i) => {
    if (!which.includes(i)) return t;
    if (t.dtype === 'float32') return { ...t, data: Float32Array.from(t.data, Math.abs) };
    if (t.dtype === 'float16') return { ...t, data: (t.data as Uint16Array).map((b) => b & 0x7fff) };
    return t;
  });
}

/**
 * Runs `kase` on `backend` and on `reference` (each on fresh buffers, with
 * the output poisoned so unwritten elements show) and compares the outputs
 * under the case's tolerance; also checks the kernel left its inputs intact.
 * Kernel exceptions propagate. Every buffer allocated is freed.
 *
 * @example
 * ```ts
 * const r = await compareKernel(createMyBackend(), createReferenceBackend(), conformanceCases(1).binary[0]);
 * if (!r.ok) console.log(r.message);
 * ```
 */
export async function compareKernel(backend: Backend, reference: Backend, kase: KernelCase): Promise<CaseComparison> {
  const got = await runKernelCase(backend, kase);
  const want = await runKernelCase(reference, kase);
  const tol = kase.tolerance;
  const outDtype = kase.output.dtype;
  const half = outDtype === 'float16';
  const magnitudeRun = tol.kind === 'accumulated' ? (await runKernelCase(reference, kase, absInputs(kase.inputs, tol.magnitudeOf))).output : null;
  const magnitude = magnitudeRun ? valuesOf(magnitudeRun, outDtype) : null;
  const gotValues = valuesOf(got.output, outDtype);
  const wantValues = valuesOf(want.output, outDtype);
  const exactOnly = tol.kind === 'exact' || !isFloatDType(outDtype);
  const problems: string[] = [];
  let mismatches = 0;
  let worst = -1;
  let worstExcess = -Infinity;
  const n = wantValues.length;
  if (gotValues.length !== n) problems.push(`read back ${gotValues.length} output elements, expected ${n}`);
  for (let i = 0; i < n && gotValues.length === n; i++) {
    const g = gotValues[i];
    const e = wantValues[i];
    const allowed = allowedError(tol, e, magnitude, i, half);
    const ok = exactOnly ? sameValue(g, e) : withinTolerance(g, e, allowed);
    if (ok) continue;
    mismatches++;
    // Rank failures by how far outside the tolerance they are (NaN/poison first).
    const excess = Number.isNaN(g) || !Number.isFinite(g) ? Infinity : Math.abs(g - e) - allowed;
    if (worst < 0 || excess > worstExcess) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (mismatches > 0) {
    const g = gotValues[worst];
    const e = wantValues[worst];
    const allowed = allowedError(tol, e, magnitude, worst, half);
    const poisoned = sameValue(got.output[worst], POISON[outDtype]) ? ' (the poison value: never written?)' : '';
    problems.push(
      `${mismatches}/${n} output elements differ from the reference; worst at ${positionOf(worst, kase.output.shape)}: got ${g}${poisoned}, expected ${e}` +
        (exactOnly ? ' (exact match required)' : ` (allowed error ${allowed.toExponential(2)})`),
    );
  }
  kase.inputs.forEach((t, k) => {
    const after = got.inputsAfter[k];
    const changed = Array.prototype.findIndex.call(after, (v: number, i: number) => !sameValue(v, t.data[i]));
    if (changed >= 0) problems.push(`input ${k} ${fmtShape(t.shape)} was modified at ${positionOf(changed, t.shape)} (kernels must not write their inputs)`);
  });
  const message = problems.length === 0 ? `${kase.kernel} ${kase.label}: ok` : `${kase.kernel} ${kase.label}: ${problems.join('; ')}`;
  return { ok: problems.length === 0, checked: n, mismatches, message };
}
