/**
 * The Backend contract: what a backend plugin implements.
 *
 * Conventions every kernel follows:
 * - Tensors are contiguous row-major. A kernel receives `TensorInfo`s for its
 *   inputs and for its output(s); the core computes every output shape and
 *   dtype, allocates the output, and validates all arguments beforehand. The
 *   output buffer holds garbage on entry (the conformance kit fills it with
 *   NaN/poison), so a kernel must write every output element.
 * - Kernels return nothing; they may run asynchronously (GPU queues) as long
 *   as a later `read` observes their results.
 * - Inputs of arithmetic kernels have the same dtype (the core casts first).
 * - Backends never implement gradients: the core differentiates.
 * - Index tensors are int32. An out-of-range index must not crash or corrupt
 *   memory: gather writes 0 for it and scatterAdd skips it.
 * - float16 is optional: a backend that lists it in `capabilities.dtypes`
 *   takes and returns float16 data as `Uint16Array` binary16 bit patterns,
 *   runs every kernel on float16 tensors, computes in at least float32
 *   (accumulations included) and rounds once when it stores a float16 result
 *   (to nearest even; beyond ±65504 to ±Infinity). The conformance kit
 *   replays its float32 cases in float16 for such backends.
 */
import type { DataArray, DType } from '../dtype.js';

/** An opaque handle to a backend-owned buffer. */
export type DataHandle = unknown;

/** A kernel's view of a tensor: its buffer, shape and dtype. */
export interface TensorInfo {
  /** The backend's buffer holding the elements. */
  readonly handle: DataHandle;
  /** Dimensions, row-major (contiguous). */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
}

// The unary, binary and reduce op names and their wire order come from the op table.
export { UNARY_OPS, type UnaryOp, BINARY_OPS, type BinaryOp, REDUCE_OPS, type ReduceOp } from '../ops/table/index.js';
import type { BinaryOp, ReduceOp, UnaryOp } from '../ops/table/index.js';

/** Distributions of the counter-based random kernel. */
export type RandomKind = 'uniform' | 'normal' | 'bernoulli';

/**
 * Attributes of the random kernel. Element `i` is computed from one
 * Philox4x32-10 block with key `[key0, key1]` and counter
 * `[(offset + i) mod 2^32, floor((offset + i) / 2^32), 0, 0]`, giving words w0..w3:
 * - uniform: `a + (b - a) * u` with `u = (w0 >>> 8) * 2^-24`
 * - normal: `a + b * sqrt(-2 ln(u1)) * cos(2π u2)` with `u1 = ((w0 >>> 8) + 1) * 2^-24`, `u2 = (w1 >>> 8) * 2^-24`
 * - bernoulli: `u < a ? 1 : 0` with `u` as for uniform
 * See `philox4x32` in `@dendrite/core` for the reference implementation.
 */
export interface RandomAttrs {
  /** The distribution. */
  kind: RandomKind;
  /** First Philox key word. */
  key0: number;
  /** Second Philox key word. */
  key1: number;
  /** Counter of element 0 (element i uses `offset + i`). */
  offset: number;
  /** uniform: the low bound; normal: the mean; bernoulli: the probability of 1. */
  a: number;
  /** uniform: the high bound; normal: the standard deviation; bernoulli: unused. */
  b: number;
}

/** Convolution geometry shared by conv2d, its gradients and convTranspose2d. */
export interface Conv2dAttrs {
  /** Step [vertical, horizontal]. */
  stride: [number, number];
  /** Padding [top, bottom, left, right]. */
  pad: [number, number, number, number];
  /** Spacing between kernel taps [vertical, horizontal] (1: dense). */
  dilation: [number, number];
  /** Channel groups: input and output channels split into this many independent convolutions. */
  groups: number;
}

/** Activation applied by `conv2dBiasActivation` after the bias: 'linear' (none) or 'relu' (max(0, v)). */
export type ConvActivation = 'linear' | 'relu';

/** Pooling geometry. */
export interface Pool2dAttrs {
  /** Window size [height, width]. */
  kernel: [number, number];
  /** Step [vertical, horizontal]. */
  stride: [number, number];
  /** Padding [top, bottom, left, right]; padded cells never win a max and are excluded from averages unless `countIncludePad`. */
  pad: [number, number, number, number];
  /** Whether average pooling divides by the full window, padding included (PyTorch's `count_include_pad`). */
  countIncludePad: boolean;
}

/** Grid-sample options (PyTorch's `grid_sample`). */
export interface GridSampleAttrs {
  /** Bilinear interpolation or the nearest pixel. */
  mode: 'bilinear' | 'nearest';
  /** Samples outside the image read zeros, or the nearest border pixel. */
  padding: 'zeros' | 'border';
  /** Whether -1 and 1 name the centres of the corner pixels (true) or their outer edges (false). */
  alignCorners: boolean;
}

/** The update rules of the fused optimizer step. */
export type OptimizerKind = 'sgd' | 'adam' | 'rmsprop';

/**
 * Attributes of the fused optimizer step (every field is present; those of
 * other kinds are ignored). The update, per element, in float32, in this order
 * (`g` the gradient, `p` the parameter; the state tensors in `optimizerStep`'s order):
 * - all kinds: `g ← g + weightDecay·p` (unless `decoupled`)
 * - sgd: with momentum > 0, `b ← first ? g : momentum·b + (1 − dampening)·g`,
 *   `d = nesterov ? g + momentum·b : b`; else `d = g`. Then `p ← p − lr·d`.
 * - adam: `p₀ = decoupled ? p·(1 − lr·weightDecay) : p`; `m ← β1·m + (1 − β1)·g`;
 *   `v ← β2·v + (1 − β2)·g·g`; with amsgrad `vmax ← max(vmax, v)`, `s = vmax`, else `s = v`;
 *   `p ← p₀ − (m / (√s / √biasCorrection2 + eps))·(lr / biasCorrection1)`.
 * - rmsprop: `a ← α·a + (1 − α)·g·g`; centered: `c ← α·c + (1 − α)·g`,
 *   `den = √(a − c·c) + eps`, else `den = √a + eps`; with momentum > 0
 *   `b ← momentum·b + g/den`, `p ← p − lr·b`; else `p ← p − lr·(g/den)`.
 */
export interface OptimizerStepAttrs {
  /** Which update rule. */
  kind: OptimizerKind;
  /** Learning rate. */
  lr: number;
  /** L2 penalty added to the gradient, or (adam with `decoupled`) the decoupled decay. */
  weightDecay: number;
  /** adam: AdamW's decoupled decay `p·(1 − lr·weightDecay)` instead of the L2 term. */
  decoupled: boolean;
  /** sgd, rmsprop: the momentum factor (0: no momentum buffer). */
  momentum: number;
  /** sgd: dampening of the momentum's gradient term. */
  dampening: number;
  /** sgd: Nesterov momentum. */
  nesterov: boolean;
  /** sgd: the first step with momentum: the buffer becomes `g` (its input is not read). */
  first: boolean;
  /** adam: decay of the first moment. */
  beta1: number;
  /** adam: decay of the second moment. */
  beta2: number;
  /** adam, rmsprop: added to the denominator. */
  eps: number;
  /** adam: keep the running maximum of the second moment (a third state tensor). */
  amsgrad: boolean;
  /** adam: `1 − β1^step`. */
  biasCorrection1: number;
  /** adam: `1 − β2^step`. */
  biasCorrection2: number;
  /** rmsprop: smoothing of the squared-gradient average. */
  alpha: number;
  /** rmsprop: subtract the squared mean gradient (a second state tensor). */
  centered: boolean;
}

/**
 * The required kernels. A backend must implement all of them.
 */
export interface PrimitiveKernels {
  /** out[i] = value. */
  fill(out: TensorInfo, value: number): void;
  /** out = op(x), same shape; `alpha` for leakyRelu/elu. Output dtype = input dtype except logicalNot (bool). */
  unary(x: TensorInfo, out: TensorInfo, op: UnaryOp, alpha: number): void;
  /** out = op(a, b) with a and b broadcast to out.shape (ranks may be lower than out's). */
  binary(a: TensorInfo, b: TensorInfo, out: TensorInfo, op: BinaryOp): void;
  /** out = cond ? a : b, all three broadcast to out.shape; cond is bool. */
  where(cond: TensorInfo, a: TensorInfo, b: TensorInfo, out: TensorInfo): void;
  /** out = x converted to out.dtype (float→int truncates toward zero; to bool: x != 0). */
  cast(x: TensorInfo, out: TensorInfo): void;
  /** Reduces the sorted, unique `axes` of x; out.shape is x.shape without those axes. */
  reduce(x: TensorInfo, out: TensorInfo, op: ReduceOp, axes: readonly number[]): void;
  /** Index (int32) of the first max/min along `axis`; out.shape is x.shape without `axis`. NaN compares as greater than everything. */
  argReduce(x: TensorInfo, out: TensorInfo, op: 'argmax' | 'argmin', axis: number): void;
  /** out = x permuted: out.shape[i] = x.shape[perm[i]]. */
  transpose(x: TensorInfo, out: TensorInfo, perm: readonly number[]): void;
  /** out[idx] = x[begin + idx * step] per dimension; steps are non-zero and may be negative. */
  slice(x: TensorInfo, out: TensorInfo, begin: readonly number[], step: readonly number[]): void;
  /** Constant padding: out.shape = x.shape + before + after; x lands at offset `before`. */
  pad(x: TensorInfo, out: TensorInfo, before: readonly number[], value: number): void;
  /** Concatenation along `axis` (inputs non-empty list, same rank and dtype). */
  concat(xs: readonly TensorInfo[], out: TensorInfo, axis: number): void;
  /** Broadcast copy of x to out.shape (NumPy rules). */
  expand(x: TensorInfo, out: TensorInfo): void;
  /** out.shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]; picks x along axis. */
  gather(x: TensorInfo, indices: TensorInfo, out: TensorInfo, axis: number): void;
  /**
   * The adjoint of gather: out = zeros(out.shape), then for every position of
   * `updates` (shape out.shape[:axis] + indices.shape + out.shape[axis+1:]),
   * out[..., indices[j], ...] += updates[..., j, ...].
   */
  scatterAdd(indices: TensorInfo, updates: TensorInfo, out: TensorInfo, axis: number): void;
  /**
   * Batched matrix product. a is [...batchA, M, K] ([..., K, M] when transA),
   * b is [...batchB, K, N] ([..., N, K] when transB), both of rank ≥ 2; batch
   * dims broadcast to out's [...batch, M, N]. Accumulate in float32 or better.
   */
  matmul(a: TensorInfo, b: TensorInfo, out: TensorInfo, transA: boolean, transB: boolean): void;
  /** Counter-based random numbers; see `RandomAttrs`. out is float32. */
  random(out: TensorInfo, attrs: RandomAttrs): void;
}

/**
 * Optional fused kernels. When a backend lacks one, the core composes the op
 * from primitives (same results, slower). All image tensors are NCHW.
 */
export interface FusedKernels {
  /** x [N, C, H, W], w [Cout, C/groups, KH, KW] → out [N, Cout, OH, OW] (no bias). */
  conv2d(x: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void;
  /**
   * Inference-only conv2d with its epilogue in the same pass:
   * out = activation(conv2d(x, w) + bias[c]) (bias [Cout], or null for none).
   * It has no gradient: the core calls it only when nothing records one.
   */
  conv2dBiasActivation(x: TensorInfo, w: TensorInfo, bias: TensorInfo | null, out: TensorInfo, attrs: Conv2dAttrs, activation: ConvActivation): void;
  /** Gradient of conv2d w.r.t. x: dy [N, Cout, OH, OW], w → out [N, C, H, W]. Also serves convTranspose2d. */
  conv2dBackpropInput(dy: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void;
  /** Gradient of conv2d w.r.t. w: x, dy → out [Cout, C/groups, KH, KW]. */
  conv2dBackpropFilter(x: TensorInfo, dy: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void;
  /** Max pooling over H, W. */
  maxPool2d(x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void;
  /** Gradient of maxPool2d: routes dy to the first maximal element of each window (ties: first in row-major window order). */
  maxPool2dBackward(dy: TensorInfo, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void;
  /** Average pooling over H, W. */
  avgPool2d(x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void;
  /** Gradient of avgPool2d; out has x's shape. */
  avgPool2dBackward(dy: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void;
  /** Softmax over the last axis. */
  softmax(x: TensorInfo, out: TensorInfo): void;
  /** Log-softmax over the last axis. */
  logSoftmax(x: TensorInfo, out: TensorInfo): void;
  /**
   * Normalization with per-channel statistics: x [N, C, ...]; mean, variance,
   * gamma, beta [C]; out = (x - mean) / sqrt(variance + eps) * gamma + beta.
   */
  batchNorm(x: TensorInfo, mean: TensorInfo, variance: TensorInfo, gamma: TensorInfo, beta: TensorInfo, out: TensorInfo, eps: number): void;
  /** Layer normalization over the last axis: gamma, beta [D]; biased variance. */
  layerNorm(x: TensorInfo, gamma: TensorInfo, beta: TensorInfo, out: TensorInfo, eps: number): void;
  /** x [N, C, H, W], grid [N, OH, OW, 2] (x, y in [-1, 1]) → out [N, C, OH, OW]. */
  gridSample(x: TensorInfo, grid: TensorInfo, out: TensorInfo, attrs: GridSampleAttrs): void;
  /**
   * One optimizer update of one parameter (see `OptimizerStepAttrs` for the
   * rules). Every tensor is float32 with the parameter's shape; outputs are
   * distinct from inputs. `state` and `outState` list, by kind:
   * sgd `[momentum buffer]` when momentum > 0, else `[]`;
   * adam `[m, v]` plus `vmax` with amsgrad;
   * rmsprop `[a]`, then `c` when centered, then the momentum buffer when momentum > 0.
   */
  optimizerStep(param: TensorInfo, grad: TensorInfo, state: readonly TensorInfo[], outParam: TensorInfo, outState: readonly TensorInfo[], attrs: OptimizerStepAttrs): void;
}

/** Names of the required kernels, for enumeration. */
export const PRIMITIVE_KERNELS: readonly (keyof PrimitiveKernels)[] = [
  'fill', 'unary', 'binary', 'where', 'cast', 'reduce', 'argReduce', 'transpose', 'slice', 'pad',
  'concat', 'expand', 'gather', 'scatterAdd', 'matmul', 'random',
];

/** Names of the optional fused kernels, for enumeration. */
export const FUSED_KERNELS: readonly (keyof FusedKernels)[] = [
  'conv2d', 'conv2dBiasActivation', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'maxPool2d', 'maxPool2dBackward',
  'avgPool2d', 'avgPool2dBackward', 'softmax', 'logSoftmax', 'batchNorm', 'layerNorm', 'gridSample', 'optimizerStep',
];

/** The kernel table a backend provides. */
export type KernelTable = PrimitiveKernels & Partial<FusedKernels>;

/** What a backend can do, so the core can fail early with a clear message. */
export interface BackendCapabilities {
  /** Dtypes it stores. Must include float32, int32 and bool; float16 is optional. */
  dtypes: readonly DType[];
  /** Whether `readSync` works (CPU-side backends). */
  syncRead: boolean;
  /** Free-form notes shown by `ready()` and `info` (SIMD build, adapter name...). */
  description?: string;
  /**
   * True for a device emulated on the CPU (a software WebGPU adapter such as
   * lavapipe or SwiftShader): `ready()` ranks it below every other backend
   * but the reference one; `setBackend(name)` still selects it.
   */
  software?: boolean;
}

/** Memory statistics of a backend. */
export interface BackendMemory {
  /** Bytes held by live buffers. */
  bytes: number;
  /** Number of live buffers. */
  buffers: number;
  /** Backend-specific extras (pool sizes, wasm memory size...). */
  [extra: string]: number;
}

/**
 * A backend: memory management plus a kernel table.
 *
 * @example
 * ```ts
 * import { registerBackend, type Backend } from '@dendrite/core';
 * registerBackend('mine', async () => createMyBackend(), { priority: 5 });
 * ```
 */
export interface Backend {
  /** Registry name ('reference', 'wasm', 'webgpu', 'cuda', ...). */
  readonly name: string;
  /** What the backend stores and whether it reads synchronously. */
  readonly capabilities: BackendCapabilities;
  /** A new buffer for `size` elements of `dtype` (contents undefined). Size 0 is allowed. */
  alloc(dtype: DType, size: number): DataHandle;
  /** Copies host data into a buffer (whole buffer; data.length equals its size). */
  write(handle: DataHandle, data: DataArray): void;
  /** Reads a whole buffer back to the host, after all queued kernels that write it. */
  read(handle: DataHandle): Promise<DataArray>;
  /** Synchronous read, where `capabilities.syncRead`. */
  readSync?(handle: DataHandle): DataArray;
  /** Returns a buffer's memory. Called exactly once per handle. */
  free(handle: DataHandle): void;
  /** Current memory statistics. */
  memory(): BackendMemory;
  /** Waits for all queued work (optional; GPU backends). */
  sync?(): Promise<void>;
  /** Releases every resource. */
  dispose?(): void;
  /** The kernel table: every primitive, and the fused kernels it has. */
  readonly kernels: KernelTable;
}

/** A function that creates a backend, or throws/rejects with the reason it cannot. */
export type BackendFactory = () => Backend | Promise<Backend>;
