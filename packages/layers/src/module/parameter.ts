// Parameters and buffers are holders: tensors are immutable, so an optimizer
// "updates" a weight by handing its holder a new tensor and freeing the old
// one. Layers read `holder.value` at every forward call.
import { detach, DTypeError, fmtShape, isFloatDType, keep, ShapeError, shapesEqual, type Tensor, ValueError } from '@dendrite/core';

function adopt(owner: string, t: Tensor): Tensor {
  if (!t || typeof t !== 'object' || typeof (t as Tensor).dispose !== 'function') {
    throw new ValueError(`${owner}: expected a Tensor, got ${t === null ? 'null' : typeof t}`);
  }
  if (t.isDisposed) throw new ValueError(`${owner}: the tensor #${t.id} was disposed`);
  // A parameter must be a leaf of the autograd graph: cut any history.
  const leaf = t.isLeaf ? t : detach(t);
  if (leaf !== t) t.dispose();
  return keep(leaf);
}

/**
 * A tensor owned by a module and saved in its state dict, swappable in place.
 * Base of `Parameter` (trainable) and `ModuleBuffer` (running statistics...).
 *
 * @example
 * ```ts
 * const b = new ModuleBuffer(zeros([3]));
 * b.assign(ones([3])); // the zeros are freed
 * ```
 */
export class TensorHolder {
  protected _value: Tensor;

  /**
   * Takes ownership of `value`.
   * @param value - the tensor held (freed when replaced or when the holder is disposed)
   */
  constructor(value: Tensor) {
    this._value = adopt(new.target.name, value);
  }

  /** The current tensor; do not dispose it (the holder owns it). */
  get value(): Tensor {
    return this._value;
  }

  /** The held tensor's shape. */
  get shape(): readonly number[] {
    return this._value.shape;
  }

  /** The held tensor's dtype. */
  get dtype(): Tensor['dtype'] {
    return this._value.dtype;
  }

  /** Number of elements. */
  get size(): number {
    return this._value.size;
  }

  /**
   * Replaces the tensor, taking ownership of `next` and freeing the previous
   * one. A pending gradient moves to the new tensor (as PyTorch keeps `.grad`
   * across in-place updates). `next` must have the same shape and dtype
   * (`ShapeError` / `DTypeError` otherwise, and nothing changes): a model's
   * layout changes only through `Module.cast()` / `half()`.
   */
  assign(next: Tensor): void {
    this.replaceWith(next, true);
  }

  /** @internal Like `assign`, but the dtype may change (Module.cast). */
  _assignCast(next: Tensor): void {
    this.replaceWith(next, false);
  }

  protected replaceWith(next: Tensor, sameDtype: boolean): void {
    const old = this._value;
    if (next === old) return;
    const op = `${this.constructor.name}.assign`;
    if (next && typeof next === 'object' && Array.isArray((next as Tensor).shape) && typeof (next as Tensor).dtype === 'string') {
      if (!shapesEqual(next.shape, old.shape)) throw new ShapeError(`${op}: the new tensor has shape ${fmtShape(next.shape)}, the holder ${fmtShape(old.shape)}`);
      if (sameDtype && next.dtype !== old.dtype) throw new DTypeError(`${op}: the new tensor is ${next.dtype}, the holder ${old.dtype} (use Module.cast() to change a model's dtype)`);
    }
    const t = adopt(op, next);
    this.moveState(old, t);
    this._value = t;
    old.dispose();
  }

  /** @internal Swaps the tensor without freeing either (functionalCall restores it). */
  _swap(t: Tensor): Tensor {
    const old = this._value;
    this._value = t;
    return old;
  }

  /** Hook for subclasses to carry per-tensor state (gradients) to a new tensor. */
  protected moveState(_from: Tensor, _to: Tensor): void {}

  /** Frees the tensor. */
  dispose(): void {
    this._value.dispose();
  }
}

/**
 * A trainable tensor of a module: found by `module.parameters()`, updated by
 * optimizers, saved by `stateDict()`.
 *
 * @example
 * ```ts
 * class Scale extends Module {
 *   gain = new Parameter(ones([1]));
 *   forward(x: Tensor) { return mul(x, this.gain.value); }
 * }
 * ```
 */
export class Parameter extends TensorHolder {
  /**
   * A learnable tensor of a module.
   * @param value - the initial value (the parameter owns it)
   * @param requiresGrad - whether gradients flow to it (default true; only float dtypes can)
   */
  constructor(value: Tensor, requiresGrad = true) {
    super(value);
    if (requiresGrad && isFloatDType(this._value.dtype)) this._value.requiresGrad = true;
  }

  /** Whether gradients flow to this parameter (false when frozen). */
  get requiresGrad(): boolean {
    return this._value.requiresGrad;
  }

  set requiresGrad(on: boolean) {
    this._value.requiresGrad = on;
    if (!on) this.zeroGrad();
  }

  /** The gradient accumulated by `backward()`, or null. */
  get grad(): Tensor | null {
    return this._value.grad;
  }

  /** Replaces the gradient (freeing the old one); clipping uses this. */
  set grad(g: Tensor | null) {
    const old = this._value.grad;
    if (old === g) return;
    this._value.grad = g ? keep(g) : null;
    old?.dispose();
  }

  /** Frees the gradient. */
  zeroGrad(): void {
    this.grad = null;
  }

  protected override replaceWith(next: Tensor, sameDtype: boolean): void {
    const wanted = this._value.requiresGrad;
    super.replaceWith(next, sameDtype);
    if (wanted && isFloatDType(this._value.dtype)) this._value.requiresGrad = true;
  }

  protected override moveState(from: Tensor, to: Tensor): void {
    const g = from.grad;
    from.grad = null;
    if (g && to.grad !== g) {
      to.grad?.dispose();
      to.grad = g;
    }
  }
}

/**
 * A non-trainable tensor of a module's state (BatchNorm's running mean...):
 * saved by `stateDict()` and moved by `to()`, never touched by optimizers.
 *
 * @example
 * ```ts
 * this.registerBuffer('running_mean', new ModuleBuffer(zeros([c])));
 * ```
 */
export class ModuleBuffer extends TensorHolder {}
