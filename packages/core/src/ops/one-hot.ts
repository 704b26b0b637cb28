// One-hot encoding of int32 class ids (float32 output, not differentiable).
import { ValueError } from '../errors.js';
import { checkAllocation } from '../engine/limits.js';
import { tidy } from '../engine/scope.js';
import { fmtShape } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { eq } from './binary.js';
import { cast } from './cast.js';
import { checkTensor } from './check.js';
import { checkIndices } from './indexing-check.js';
import { indexTensorOn } from './indexing-host.js';
import { unsqueeze } from './squeeze.js';

/**
 * Encodes int32 class ids as float32 rows: `out.shape = indices.shape + [numClasses]`,
 * 1 at each id, 0 elsewhere. Ids must lie in `0..numClasses-1`.
 *
 * @example
 * ```ts
 * oneHot(tensor(Int32Array.from([2, 0])), 3); // [[0, 0, 1], [1, 0, 0]]
 * ```
 */
export function oneHot(indices: Tensor, numClasses: number): Tensor {
  checkTensor('oneHot', indices, 'indices');
  if (!Number.isInteger(numClasses) || numClasses <= 0) {
    throw new ValueError(`oneHot: argument 'numClasses' must be a positive integer, got ${numClasses} (indices ${fmtShape(indices.shape)})`);
  }
  checkAllocation('oneHot', [...indices.shape, numClasses]);
  checkIndices('oneHot', indices, 'indices', numClasses, 'numClasses');
  return tidy(() => {
    const classes = indexTensorOn(indices.backendImpl, Int32Array.from({ length: numClasses }, (_, i) => i), [numClasses]);
    return cast(eq(unsqueeze(indices, -1), classes), 'float32');
  });
}
