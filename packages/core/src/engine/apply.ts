import { checkAllocation } from './limits.js';
import type { Backend, KernelTable, TensorInfo } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import { BackendError, DisposedTensorError, ValueError } from '../errors.js';
import { type BackwardFn, type Edge, GradNode } from '../autograd/node.js';
import { getBackend } from '../backend/registry.js';
import { fmtShape, sizeOf } from '../shape.js';
import { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { engine } from './state.js';

/** The definition of one op application: inputs, output geometry, kernel and gradient. */
export interface OpDef {
  /** Public op name, used in error messages and `gradFn`. */
  op: string;
  /** The op's tensor inputs (checked for disposal and for a common backend). */
  inputs: readonly Tensor[];
  /** Output shape and dtype (validated by the op beforehand). */
  shape: readonly number[];
  /** The output dtype. */
  dtype: DType;
  /** Writes the output; called only when the output is non-empty. */
  kernel: (k: KernelTable, inputs: TensorInfo[], out: TensorInfo, backend: Backend) => void;
  /**
   * Gradient: maps dy to one gradient per input. It must reach tensors only
   * through `saved` (the inputs listed in `save`, in order), never through
   * closures over the input tensors (the user may dispose those).
   */
  backward?: BackwardFn;
  /** Which inputs to save for backward (default: all). */
  save?: readonly number[];
  /**
   * Also save the output, passed to `backward` after the saved inputs. Ops
   * whose gradient is a function of their output (exp, sigmoid, tanh,
   * softmax...) save it instead of re-running the forward kernel in backward.
   */
  saveOutput?: boolean;
}

/**
 * Throws unless every input is a live tensor on one backend; returns that backend.
 *
 * @example
 * ```ts
 * const backend = checkInputs('add', [a, b], ['a', 'b']);
 * ```
 */
export function checkInputs(op: string, inputs: readonly Tensor[], names?: readonly string[]): Backend {
  let backend: Backend | null = null;
  let first = '';
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    const name = names?.[i] ?? `input ${i}`;
    const b = liveTensor(op, t, name).backendImpl;
    if (!backend) {
      backend = b;
      first = name;
    } else if (b !== backend) {
      throw new BackendError(`${op}: argument '${first}' is on backend '${backend.name}' but '${name}' is on '${b.name}'; move one with t.to('${backend.name}')`);
    }
  }
  return backend ?? getBackend();
}

/**
 * Returns `t` if it is a live Tensor; otherwise throws a `ValueError` (not a
 * tensor) or `DisposedTensorError` naming the op and the argument.
 *
 * @example
 * ```ts
 * liveTensor('relu', x, 'x').shape;
 * ```
 */
export function liveTensor(op: string, t: unknown, name: string): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: argument '${name}' must be a Tensor, got ${describe(t)}`);
  if (t.isDisposed) throw new DisposedTensorError(`${op}: argument '${name}' (tensor #${t.id} ${fmtShape(t.shape)} ${t.dtype}) was disposed`);
  return t;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/**
 * A tensor sharing `t`'s buffer, invisible to tidy scopes and memory counts,
 * used to save inputs for the backward pass. It carries `t`'s autograd
 * history so gradients of gradients flow through it.
 */
export function shadow(t: Tensor): Tensor {
  const s = new Tensor(t.storage.retain(), t.shape, t.dtype, false);
  if (t._node) {
    t._node.refs++;
    s._setNode(t._node);
  } else if (t.requiresGrad) {
    s._setNode(new GradNode('identity', [{ leaf: t }], [t.shape], (dy) => [dy], []));
  }
  return s;
}

/**
 * Allocates a new tensor on a backend and lets `write` fill it.
 *
 * @example
 * ```ts
 * const t = allocTensor(getBackend(), [2], 'float32', (k, out) => k.fill(out, 1));
 * ```
 */
export function allocTensor(backend: Backend, shape: readonly number[], dtype: DType, write?: (k: KernelTable, out: TensorInfo) => void, op = 'allocTensor'): Tensor {
  checkAllocation(op, shape);
  const size = sizeOf(shape);
  if (!backend.capabilities.dtypes.includes(dtype)) {
    throw new BackendError(`backend '${backend.name}' does not support dtype ${dtype}`);
  }
  const storage = new Storage(backend, backend.alloc(dtype, size), dtype, size);
  if (write && size > 0) {
    try {
      write(backend.kernels, { handle: storage.handle, shape, dtype });
    } catch (err) {
      storage.release();
      throw err;
    }
  }
  return new Tensor(storage, shape, dtype);
}

/**
 * Applies an op: checks the inputs, allocates the output, runs the kernel and,
 * when any input requires grad and recording is on, records a GradNode.
 *
 * @example
 * ```ts
 * const y = apply({ op: 'exp', inputs: [x], shape: x.shape, dtype: 'float32',
 *   kernel: (k, [a], out) => k.unary(a, out, 'exp', 0),
 *   backward: (dy, [a]) => [mul(dy, exp(a))] });
 * ```
 */
export function apply(def: OpDef): Tensor {
  const inputs = def.inputs;
  const backend = checkInputs(def.op, inputs);
  // One pass over the inputs: kernel views, and whether any input needs a gradient.
  const infos: TensorInfo[] = new Array(inputs.length);
  let tracked = false;
  for (let i = 0; i < inputs.length; i++) {
    infos[i] = inputs[i].info();
    if (inputs[i].requiresGrad) tracked = true;
  }
  // allocTensor's steps, inlined: no write closure per op on the dispatch path.
  checkAllocation(def.op, def.shape);
  const size = sizeOf(def.shape);
  if (!backend.capabilities.dtypes.includes(def.dtype)) throw new BackendError(`backend '${backend.name}' does not support dtype ${def.dtype}`);
  const storage = new Storage(backend, backend.alloc(def.dtype, size), def.dtype, size);
  if (size > 0) {
    try {
      def.kernel(backend.kernels, infos, { handle: storage.handle, shape: def.shape, dtype: def.dtype }, backend);
    } catch (err) {
      storage.release();
      throw err;
    }
  }
  const out = new Tensor(storage, def.shape, def.dtype);
  if (tracked && def.backward && engine.gradEnabled) record(out, def.op, inputs, def.backward, def.save, def.saveOutput);
  return out;
}

/**
 * Attaches an autograd node to `out`, produced by `op` from `inputs`.
 * Exposed for ops that produce their output without `apply` (views).
 * With `saveOutput`, `out` itself is passed to `backward` after the saved inputs.
 */
export function record(out: Tensor, op: string, inputs: readonly Tensor[], backward: BackwardFn, save?: readonly number[], saveOutput = false): void {
  if (!engine.gradEnabled || !inputs.some((t) => t.requiresGrad)) return;
  const edges: Edge[] = inputs.map((t) => (t.requiresGrad ? (t._node ? { node: t._node } : { leaf: t }) : null));
  const toSave = save ?? inputs.map((_, i) => i);
  const saved = toSave.map((i) => shadow(inputs[i]));
  // The output is saved without history (its node is the one being made); GradNode.run re-attaches it.
  if (saveOutput) saved.push(new Tensor(out.storage.retain(), out.shape, out.dtype, false));
  out._setNode(new GradNode(op, edges, inputs.map((t) => t.shape), backward, saved, saveOutput));
}
