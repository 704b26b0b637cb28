import { checkInputs } from '../engine/apply.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A tensor sharing `t`'s data but cut from the autograd graph.
 *
 * @example
 * ```ts
 * const target = detach(prediction);
 * ```
 */
export function detach(t: Tensor): Tensor {
  checkInputs('detach', [t], ['t']);
  return new Tensor(t.storage.retain(), t.shape, t.dtype);
}
