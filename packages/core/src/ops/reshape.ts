import { ShapeError, ValueError } from '../errors.js';
import { record } from '../engine/apply.js';
import { fmtShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './check.js';
import { checkInputs } from '../engine/apply.js';

/** Resolves one -1 entry of a target shape. */
export function resolveShape(op: string, size: number, shape: readonly number[], from: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new ValueError(`${op}: argument 'shape' must be an array of integers, got ${JSON.stringify(shape)}`);
  const out = shape.slice();
  const unknown = out.indexOf(-1);
  if (out.some((d, i) => !Number.isInteger(d) || (d < 0 && !(d === -1 && i === unknown)))) {
    throw new ShapeError(`${op}: invalid target shape ${JSON.stringify(shape)} (dimensions must be non-negative integers, with at most one -1)`);
  }
  if (unknown >= 0) {
    const known = sizeOf(out.filter((_, i) => i !== unknown));
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`${op}: cannot infer the -1 in ${JSON.stringify(shape)} for a tensor of shape ${fmtShape(from)} (${size} elements)`);
    }
    out[unknown] = size / known;
  }
  if (sizeOf(out) !== size) {
    throw new ShapeError(`${op}: cannot reshape a tensor of shape ${fmtShape(from)} (${size} elements) to ${fmtShape(out)} (${sizeOf(out)} elements)`);
  }
  return out;
}

/**
 * A view of `x` with a new shape (no copy; one dimension may be -1).
 *
 * @example
 * ```ts
 * reshape(arange(6), [2, -1]); // shape [2, 3]
 * ```
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', x, 'x');
  checkInputs('reshape', [x], ['x']);
  const target = resolveShape('reshape', x.size, shape, x.shape);
  const from = x.shape;
  const out = new Tensor(x.storage.retain(), target, x.dtype);
  record(out, 'reshape', [x], (dy) => [reshape(dy, from)], []);
  return out;
}
