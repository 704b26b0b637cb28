import { ValueError, DisposedTensorError } from '../errors.js';
import { fmtShape } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Throws unless `t` is a live Tensor; names the op and argument.
 *
 * @example
 * ```ts
 * checkTensor('relu', x, 'x');
 * ```
 */
export function checkTensor(op: string, t: unknown, arg: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) {
    throw new ValueError(`${op}: argument '${arg}' must be a Tensor, got ${t === null ? 'null' : Array.isArray(t) ? 'an array' : typeof t}`);
  }
  if (t.isDisposed) throw new DisposedTensorError(`${op}: argument '${arg}' (tensor #${t.id} ${fmtShape(t.shape)} ${t.dtype}) was disposed`);
}
