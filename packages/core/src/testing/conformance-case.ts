// What one conformance case is: host inputs, the output to allocate, how to
// call the kernel, and how close the backend must come to the reference.
import type { FusedKernels, KernelTable, PrimitiveKernels, TensorInfo } from '../backend/contract.js';
import type { DataArray, DType } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { fmtShape, sizeOf } from '../shape.js';

/**
 * Name of a kernel of the contract.
 *
 * @example
 * ```ts
 * const k: KernelName = 'conv2dBackpropInput';
 * ```
 */
export type KernelName = keyof PrimitiveKernels | keyof FusedKernels;

/**
 * A tensor held on the host: the data a case writes into a backend buffer.
 *
 * @example
 * ```ts
 * const t: HostTensor = hostTensor([2], 'int32', new Int32Array([1, 2]));
 * ```
 */
export interface HostTensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: DataArray;
}

/**
 * How results are compared with the reference (float64 math stored as float32):
 * - `exact`: equal values (NaN matches NaN); int32 and bool always, and float
 *   kernels that only copy or select values.
 * - `close`: |got − expected| ≤ atol + rtol·|expected|.
 * - `accumulated`: for sums of `terms` products (matmul, conv, sum...): the
 *   allowed error is 2·√terms·ε·M + 2ε·|expected|, where M is the same kernel's
 *   reference result on the absolute values of the inputs listed in
 *   `magnitudeOf` (Σ|a||b|, the scale float32 rounding errors grow with) and
 *   ε = 2⁻²⁴. Blocked or pairwise float32 sums stay near √terms·ε·M; a
 *   wrong or missing term errs by about M/terms, far above the bound.
 *
 * @example
 * ```ts
 * const tol: Tolerance = { kind: 'close', atol: 1e-5, rtol: 1e-4 };
 * ```
 */
export type Tolerance =
  | { readonly kind: 'exact' }
  | { readonly kind: 'close'; readonly atol: number; readonly rtol: number }
  | { readonly kind: 'accumulated'; readonly terms: number; readonly magnitudeOf: readonly number[] };

/**
 * One kernel call to check.
 *
 * @example
 * ```ts
 * const kase: KernelCase = {
 *   kernel: 'unary', label: 'exp [3]', tolerance: TRANSCENDENTAL,
 *   inputs: [hostTensor([3], 'float32', new Float32Array([0.5, 1, 2]))],
 *   output: { shape: [3], dtype: 'float32' },
 *   run: (k, [x], out) => k.unary(x, out, 'exp', 0),
 * };
 * ```
 */
export interface KernelCase {
  readonly kernel: KernelName;
  /** What is special about the case: op, dtype, shapes, attributes. */
  readonly label: string;
  readonly inputs: readonly HostTensor[];
  readonly output: { readonly shape: readonly number[]; readonly dtype: DType };
  /**
   * Calls the kernel on buffers holding `inputs` and on the (poisoned) output
   * buffer; `scratch` holds poisoned buffers for `scratch` below.
   */
  readonly run: (kernels: KernelTable, inputs: readonly TensorInfo[], out: TensorInfo, scratch: readonly TensorInfo[]) => void;
  readonly tolerance: Tolerance;
  /**
   * Further outputs of a kernel with several (the optimizer step): allocated
   * and passed to `run`, not compared (another case compares each of them).
   */
  readonly scratch?: readonly { readonly shape: readonly number[]; readonly dtype: DType }[];
  /** The kernel takes float32 only (no float16 replay). */
  readonly float32Only?: boolean;
}

/**
 * Float32 unit roundoff 2⁻²⁴.
 *
 * @example
 * ```ts
 * const bound = 131 * EPS32; // worst-case relative error of a 131-term float32 sum
 * ```
 */
export const EPS32 = 2 ** -24;

/**
 * Results that must be bit-identical (copies, selections, integer and bool math).
 *
 * @example
 * ```ts
 * const kase = { ...other, tolerance: EXACT };
 * ```
 */
export const EXACT: Tolerance = { kind: 'exact' };

/**
 * Correctly rounded float32 arithmetic (+ − × ÷ √) differs from the float64
 * result rounded once by at most 1 ulp (2⁻²³ relative); GPU division and
 * reciprocal square root are allowed 2.5 ulp. 1e-6 relative is ~8 ulp: room
 * for those, and any formula error still shows.
 *
 * @example
 * ```ts
 * const kase = { ...other, tolerance: BASIC };
 * ```
 */
export const BASIC: Tolerance = { kind: 'close', atol: 1e-7, rtol: 1e-6 };

/**
 * Transcendental functions (exp, log, sin, tanh, erf, pow...) in float32
 * libraries are accurate to a few ulp, GPU intrinsics to ~1e-6 relative or a
 * few 1e-7 absolute near zero; 1e-4 relative + 1e-5 absolute leaves margin
 * while catching wrong approximations (a tanh-form GELU errs by ~1e-3).
 *
 * @example
 * ```ts
 * const kase = { ...other, tolerance: TRANSCENDENTAL };
 * ```
 */
export const TRANSCENDENTAL: Tolerance = { kind: 'close', atol: 1e-5, rtol: 1e-4 };

/**
 * A tolerance for sums of `terms` products whose magnitude is the reference
 * result on |inputs[i]| for each i in `magnitudeOf` (see `Tolerance`).
 *
 * @example
 * ```ts
 * accumulated(131, [0, 1]); // a matmul with K = 131
 * ```
 */
export function accumulated(terms: number, magnitudeOf: readonly number[]): Tolerance {
  return { kind: 'accumulated', terms, magnitudeOf };
}

/**
 * A host tensor of `shape` holding `data` (its length must match).
 *
 * @example
 * ```ts
 * hostTensor([2, 2], 'float32', new Float32Array([1, 2, 3, 4]));
 * ```
 */
export function hostTensor(shape: readonly number[], dtype: DType, data: DataArray): HostTensor {
  if (data.length !== sizeOf(shape)) throw new ShapeError(`hostTensor: shape ${fmtShape(shape)} needs ${sizeOf(shape)} elements, got ${data.length}`);
  return { shape: shape.slice(), dtype, data };
}

/**
 * Formats shapes for case labels: `[2, 3] [3] -> [2, 3]`.
 *
 * @example
 * ```ts
 * shapesLabel([[2, 3], [3]], [2, 3]); // '[2, 3] [3] -> [2, 3]'
 * ```
 */
export function shapesLabel(inputs: readonly (readonly number[])[], out: readonly number[]): string {
  return `${inputs.map((s) => fmtShape(s)).join(' ')} -> ${fmtShape(out)}`;
}
