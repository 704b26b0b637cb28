// maxUnpool2d: the partial inverse of max pooling (PyTorch's max_unpool2d),
// built on scatterAdd, so its gradient (a gather of dy at the indices) comes
// from autograd on every backend.

import { tidy } from '../../engine/scope.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { fmtShape, shapesEqual } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../check.js';
import { reshape } from '../reshape.js';
import { expectFloat, expectRank } from './geometry.js';
import { hostConstant } from './host-constant.js';
import { scatterAdd } from './movement.js';

/**
 * Places each value of x [N, C, h, w] at its flat index `r * W + c` of an
 * output plane [N, C, H, W] of zeros (`indices` as returned by
 * `maxPool2dWithIndices`). Indices must lie in [0, H * W); two values with
 * the same index add up (non-overlapping pools, as in SegNet, never repeat
 * one; PyTorch keeps an arbitrary one of them instead).
 *
 * @example
 * ```ts
 * const [y, idx] = maxPool2dWithIndices(x, { kernelSize: 2 });
 * maxUnpool2d(y, idx, [28, 28]).shape; // [N, C, 28, 28]
 * ```
 */
export function maxUnpool2d(x: Tensor, indices: Tensor, outputSize: readonly [number, number]): Tensor {
  checkTensor('maxUnpool2d', x, 'x');
  checkTensor('maxUnpool2d', indices, 'indices');
  expectRank('maxUnpool2d', 'x', x.shape, 4, '[N, C, H, W]');
  expectFloat('maxUnpool2d', 'x', x);
  if (indices.dtype !== 'int32') throw new DTypeError(`maxUnpool2d: 'indices' must be int32, got ${indices.dtype}`);
  if (!shapesEqual(indices.shape, x.shape)) throw new ShapeError(`maxUnpool2d: 'indices' ${fmtShape(indices.shape)} must have the shape of 'x' ${fmtShape(x.shape)}`);
  if (!Array.isArray(outputSize) || outputSize.length !== 2 || !outputSize.every((s) => Number.isInteger(s) && s > 0)) {
    throw new ValueError(`maxUnpool2d: 'outputSize' must be [H, W] of positive integers, got ${JSON.stringify(outputSize)}`);
  }
  const [n, c, h, w] = x.shape;
  const [oh, ow] = outputSize;
  return tidy(() => {
    const out = scatterAdd(hostConstant(x.backendImpl, new Float32Array(n * c * oh * ow), [n, c, oh * ow], x.dtype), 2, reshape(indices, [n, c, h * w]), reshape(x, [n, c, h * w]));
    return reshape(out, [n, c, oh, ow]);
  });
}
