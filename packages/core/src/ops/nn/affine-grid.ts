import { ShapeError } from '../../errors.js';
import { tidy } from '../../engine/scope.js';
import { fmtShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../check.js';
import { matmul } from '../matmul.js';
import { reshape } from '../reshape.js';
import { expectFloat } from './geometry.js';
import { hostConstant } from './host-constant.js';

/** Normalized pixel-center coordinates in [-1, 1] along one dim, as PyTorch's affine_grid. */
function normalizedCoords(n: number, alignCorners: boolean): number[] {
  if (n === 1) return [alignCorners ? -1 : 0];
  return Array.from({ length: n }, (_, i) => (alignCorners ? -1 + (2 * i) / (n - 1) : (2 * i + 1) / n - 1));
}

/**
 * The sampling grid [N, H, W, 2] of 2-D affine transforms theta [N, 2, 3]
 * for an output of `size` `[N, C, H, W]`: each `(x, y, 1)` of the normalized
 * output grid mapped through theta (PyTorch's `affine_grid`).
 *
 * @example
 * ```ts
 * const grid = affineGrid(theta, [n, c, 28, 28]);
 * const warped = gridSample(images, grid);
 * ```
 */
export function affineGrid(theta: Tensor, size: readonly number[], alignCorners = false): Tensor {
  const op = 'affineGrid';
  checkTensor(op, theta, 'theta');
  expectFloat(op, 'theta', theta);
  if (theta.rank !== 3 || theta.shape[1] !== 2 || theta.shape[2] !== 3) throw new ShapeError(`${op}: 'theta' must be [N, 2, 3], got ${fmtShape(theta.shape)}`);
  if (!Array.isArray(size) || size.length !== 4 || !size.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ShapeError(`${op}: 'size' must be [N, C, H, W] of positive integers, got ${JSON.stringify(size)}`);
  }
  const [n, , h, w] = size;
  if (n !== theta.shape[0]) throw new ShapeError(`${op}: 'size' batch ${n} differs from theta's batch ${theta.shape[0]} (${fmtShape(theta.shape)})`);
  const xs = normalizedCoords(w, alignCorners);
  const ys = normalizedCoords(h, alignCorners);
  const base = new Float32Array(h * w * 3);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) base.set([xs[j], ys[i], 1], (i * w + j) * 3);
  }
  return tidy(() => {
    const points = hostConstant(theta.backendImpl, base, [h * w, 3], theta.dtype);
    return reshape(matmul(points, theta, { transB: true }), [n, h, w, 2]);
  });
}
