import { ShapeError, ValueError } from '../../errors.js';
import { tidy } from '../../engine/scope.js';
import { fmtShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../check.js';
import { avgPool2d } from './avg-pool.js';
import { expectFloat, expectRank } from './geometry.js';
import { adaptiveAverageMatrix, applySeparable } from './separable.js';

/**
 * Adaptive average pooling of x [N, C, H, W] to [N, C, OH, OW] with
 * PyTorch's bins (bin i covers [floor(i·H/OH), ceil((i+1)·H/OH))). Plain
 * average pooling when the sizes divide, otherwise two averaging matmuls.
 *
 * @example
 * ```ts
 * adaptiveAvgPool2d(x, [1, 1]); // global average pooling
 * adaptiveAvgPool2d(x, 7);
 * ```
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly [number, number]): Tensor {
  const op = 'adaptiveAvgPool2d';
  checkTensor(op, x, 'x');
  expectRank(op, 'x', x.shape, 4, '[N, C, H, W]');
  expectFloat(op, 'x', x);
  const size = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new ValueError(`${op}: argument 'outputSize' must be a positive integer or [oh, ow], got ${JSON.stringify(outputSize)}`);
  }
  const [oh, ow] = size;
  const [, , h, w] = x.shape;
  if (h === 0 || w === 0) throw new ShapeError(`${op}: cannot pool an empty image ${fmtShape(x.shape)}`);
  if (h % oh === 0 && w % ow === 0) return avgPool2d(x, { kernelSize: [h / oh, w / ow] });
  return tidy(() => applySeparable(x, adaptiveAverageMatrix(h, oh), adaptiveAverageMatrix(w, ow)));
}
