// Declares Symbol.dispose for consumers without lib esnext.disposable (see the file).
import '../disposable-global.js';
import type { Backend, TensorInfo } from '../backend/contract.js';
import { type DataArray, type DType, isFloatDType } from '../dtype.js';
import { decodeHalf } from '../half.js';
import { BackendError, DisposedTensorError, DTypeError, GradError } from '../errors.js';
import type { GradNode } from '../autograd/node.js';
import { engine } from '../engine/state.js';
import { fmtShape, sizeOf, type Shape } from '../shape.js';
import { formatTensor } from './format.js';
import type { Storage } from './storage.js';
import type { TensorMethods } from './method-types.js';

/** Nested JS arrays of numbers (or booleans), as `array()` returns. */
export type NestedArray = number | boolean | NestedArray[];

interface Held {
  storage: Storage;
  node: GradNode | null;
  counted: string | null;
}

/** Frees what a user forgot to dispose, when the tensor is garbage-collected. */
const finalizer = new FinalizationRegistry<Held>((held) => {
  held.storage.release();
  held.node?.unref();
  if (held.counted) engine.countTensor(held.counted, -1);
});

// Declaration merging: the chainable methods (method-types.ts, installed on the
// prototype by methods*.ts) belong to the class in the published .d.ts, which a
// `declare module` augmentation from another file does not survive bundling.
export interface Tensor extends TensorMethods {}

/**
 * An n-dimensional array on a backend, with value semantics (ops return new
 * tensors) and reverse-mode autograd. Create tensors with `tensor()`,
 * `zeros()`, `randn()`...; free their memory with `dispose()`, `tidy()` or `using`.
 *
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]);
 * console.log(x.toString()); // tensor([[1., 2.], [3., 4.]])
 * x.dispose();
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: methods*.ts install every member of TensorMethods on the prototype
export class Tensor {
  /** Unique id, for debugging. */
  readonly id: number;
  /** The shape: one size per dimension. */
  readonly shape: readonly number[];
  /** The element type. */
  readonly dtype: DType;
  /** Gradient accumulated by `backward()` (leaf tensors with `requiresGrad`). */
  grad: Tensor | null = null;
  /** @internal the buffer; null once disposed. */
  _storage: Storage | null;
  /** @internal the autograd node that produced this tensor. */
  _node: GradNode | null = null;
  /** @internal whether this tensor is counted as user-visible (false for tensors saved by autograd). */
  readonly _counted: boolean;
  private _requiresGrad = false;
  private readonly _held: Held;
  /** Whether the finalizer watches this tensor (see the constructor). */
  private _watched = false;

  /** @internal use the creation ops instead. */
  constructor(storage: Storage, shape: Shape, dtype: DType, counted = true) {
    this.id = engine.nextId++;
    this._storage = storage;
    this.shape = Object.freeze(shape.slice());
    this.dtype = dtype;
    this._counted = counted;
    this._held = { storage, node: null, counted: counted ? storage.backend.name : null };
    const scope = counted ? engine.scopes[engine.scopes.length - 1] : undefined;
    if (counted) engine.countTensor(storage.backend.name, 1);
    // A tensor in a tidy scope is reachable from the scope until the scope ends, so the
    // finalizer could not fire for it: it is watched only if it outlives every scope
    // (tidy's result, keep()). Registering costs about a third of a small op's dispatch.
    if (scope) scope.add(this);
    else this._watch();
  }

  /** @internal lets the finalizer free this tensor's memory if it becomes unreachable undisposed. */
  _watch(): void {
    if (this._watched || !this._storage) return;
    this._watched = true;
    finalizer.register(this, this._held, this);
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Name of the backend that holds the data. */
  get backend(): string {
    return this.storage.backend.name;
  }

  /** Whether `dispose()` was called. */
  get isDisposed(): boolean {
    return this._storage === null;
  }

  /** Whether autograd tracks operations on this tensor. Only float tensors (float32, float16) can require grad. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(value: boolean) {
    if (value && !isFloatDType(this.dtype)) {
      throw new DTypeError(`requiresGrad: only float tensors (float32, float16) can require gradients, this tensor is ${this.dtype} ${fmtShape(this.shape)}`);
    }
    if (!value && this._node) {
      throw new GradError('requiresGrad: cannot turn off gradients of a non-leaf tensor; use detach()');
    }
    this._requiresGrad = value;
  }

  /** The autograd node that produced this tensor (null for leaves). */
  get gradFn(): { readonly op: string } | null {
    return this._node;
  }

  /** Whether this is a leaf of the autograd graph (not produced by a recorded op). */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** @internal the storage, throwing if disposed. */
  get storage(): Storage {
    if (!this._storage) throw new DisposedTensorError(`tensor #${this.id} ${fmtShape(this.shape)} ${this.dtype} was used after dispose()`);
    return this._storage;
  }

  /** @internal the owning backend. */
  get backendImpl(): Backend {
    return this.storage.backend;
  }

  /** @internal the kernel view of this tensor. */
  info(): TensorInfo {
    const s = this.storage;
    return { handle: s.handle, shape: this.shape, dtype: this.dtype };
  }

  /** @internal attaches the autograd node (taking a reference). */
  _setNode(node: GradNode): void {
    this._node = node;
    this._held.node = node;
    this._requiresGrad = true;
  }

  /**
   * Reads the values (after every queued kernel that writes them). float16
   * tensors come back decoded as a Float32Array (exact).
   *
   * @example
   * ```ts
   * const values = await tensor([1, 2]).data(); // Float32Array [1, 2]
   * ```
   */
  async data(): Promise<DataArray> {
    return decodeForUser(await this._rawData(), this.dtype);
  }

  /** @internal the values as the backend stores them (float16 as Uint16Array bit patterns). */
  async _rawData(): Promise<DataArray> {
    const s = this.storage;
    return s.backend.read(s.handle);
  }

  /** @internal synchronous `_rawData()`. */
  _rawDataSync(): DataArray {
    const s = this.storage;
    if (!s.backend.readSync || !s.backend.capabilities.syncRead) {
      throw new BackendError(`dataSync: backend '${s.backend.name}' cannot read synchronously; use 'await t.data()' instead`);
    }
    return s.backend.readSync(s.handle);
  }

  /**
   * Reads the values synchronously, on backends that can (`capabilities.syncRead`).
   *
   * @example
   * ```ts
   * tensor([1, 2]).dataSync(); // Float32Array [1, 2]
   * ```
   */
  dataSync(): DataArray {
    return decodeForUser(this._rawDataSync(), this.dtype);
  }

  /**
   * The values as nested arrays (booleans for bool tensors).
   *
   * @example
   * ```ts
   * await tensor([[1, 2], [3, 4]]).array(); // [[1, 2], [3, 4]]
   * ```
   */
  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape, this.dtype);
  }

  /** Synchronous `array()`, on backends that can read synchronously. */
  arraySync(): NestedArray {
    return toNested(this.dataSync(), this.shape, this.dtype);
  }

  /**
   * The single value of a one-element tensor (synchronous backends).
   *
   * @example
   * ```ts
   * sum(tensor([1, 2])).item(); // 3
   * ```
   */
  item(): number {
    if (this.size !== 1) throw new DTypeError(`item: tensor must have exactly one element, it has shape ${fmtShape(this.shape)}`);
    return this.dataSync()[0];
  }

  /**
   * Frees the backend memory. Using the tensor afterwards throws
   * `DisposedTensorError`. Disposing twice is harmless.
   *
   * @example
   * ```ts
   * const t = ones([3]);
   * t.dispose();
   * ```
   */
  dispose(): void {
    if (!this._storage) return;
    if (this._watched) finalizer.unregister(this);
    this._storage.release();
    this._storage = null;
    if (this._counted) {
      engine.countTensor(this._held.counted!, -1);
      for (const scope of engine.scopes) scope.delete(this);
    }
    const node = this._node;
    this._node = null;
    this._held.node = null;
    node?.unref();
    if (this.grad) {
      this.grad.dispose();
      this.grad = null;
    }
  }

  /** `using t = ...` disposes at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * Prints like PyTorch: `tensor([[1.0000, 2.5000], ...])`, eliding the
   * middle of large dimensions. Backends without synchronous reads print the
   * shape and dtype only.
   *
   * @example
   * ```ts
   * console.log(String(tensor([1, 2.5]))); // tensor([1.0000, 2.5000])
   * ```
   */
  toString(): string {
    if (!this._storage) return `tensor(<disposed> ${fmtShape(this.shape)} ${this.dtype})`;
    const b = this._storage.backend;
    if (!b.readSync || !b.capabilities.syncRead) return `tensor(shape=${fmtShape(this.shape)}, dtype=${this.dtype}, backend=${b.name})`;
    return formatTensor(decodeForUser(b.readSync(this._storage.handle), this.dtype), this.shape, this.dtype, this._requiresGrad ? (this._node ? this._node.op : true) : false);
  }
}

function decodeForUser(raw: DataArray, dtype: DType): DataArray {
  return dtype === 'float16' ? decodeHalf(raw as Uint16Array) : raw;
}

function toNested(data: DataArray, shape: readonly number[], dtype: DType): NestedArray {
  const conv = dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return conv(data[0]);
  let offset = 0;
  const build = (dim: number): NestedArray[] => {
    const out: NestedArray[] = [];
    for (let i = 0; i < shape[dim]; i++) {
      if (dim === shape.length - 1) out.push(conv(data[offset++]));
      else out.push(build(dim + 1));
    }
    return out;
  };
  return build(0);
}
