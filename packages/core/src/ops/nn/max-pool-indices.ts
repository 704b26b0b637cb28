// maxPool2d that also returns where each maximum came from (PyTorch's
// return_indices=True), for max-unpooling decoders such as SegNet. Self-contained
// so it can move into the declarative op table as one entry later.
import { noGrad, tidy } from '../../engine/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { argmax } from '../reduce.js';
import { reshape } from '../reshape.js';
import { hostConstant } from './host-constant.js';
import { type WindowGeometry, windows } from './im2col.js';
import { type MaxPool2dOptions, maxPool2d } from './max-pool.js';
import { gather } from './movement.js';
import { poolGeometry } from './pool-geometry.js';

/**
 * Flat `h * W + w` position in the unpadded input of every (window offset,
 * window) cell of `windows()`, as [KH * KW * OH * OW]; padding cells get -1
 * (they never win a max over real values).
 */
function sourcePositions(g: WindowGeometry, h: number, w: number): Int32Array {
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [oh, ow] = g.out;
  const [top, , left] = g.pad;
  const positions = oh * ow;
  const out = new Int32Array(kh * kw * positions);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const row = (i * kw + j) * positions;
      for (let y = 0; y < oh; y++) {
        const r = y * sh + i - top;
        for (let x = 0; x < ow; x++) {
          const c = x * sw + j - left;
          out[row + y * ow + x] = r >= 0 && r < h && c >= 0 && c < w ? r * w + c : -1;
        }
      }
    }
  }
  return out;
}

/**
 * 2-D max pooling that also returns, for every output cell, the flat index
 * `h * W + w` of its maximum in the input plane (int32, PyTorch's
 * `max_pool2d(..., return_indices=True)` layout). The values are exactly
 * `maxPool2d(x, options)` (same gradient); the indices pick each window's
 * first maximum in row-major order, the fused kernels' tie rule.
 *
 * @example
 * ```ts
 * const [y, idx] = maxPool2dWithIndices(x, { kernelSize: 2 }); // y [N, C, H/2, W/2], idx int32
 * const back = maxUnpool2d(y, idx, [x.shape[2], x.shape[3]]);
 * ```
 */
export function maxPool2dWithIndices(x: Tensor, options: MaxPool2dOptions): [Tensor, Tensor] {
  const { windows: geom } = poolGeometry('maxPool2dWithIndices', x, options, !!options?.ceilMode, false);
  const values = maxPool2d(x, options);
  const indices = noGrad(() =>
    tidy(() => {
      const [n, c, h, w] = x.shape;
      const positions = geom.out[0] * geom.out[1];
      // Window offset of each maximum → flat offset into the [KK * P] position table.
      const winner = reshape(argmax(windows(x, geom, Number.NEGATIVE_INFINITY), 2), [n, c, positions]);
      const column = hostConstant(x.backendImpl, Int32Array.from({ length: positions }, (_, p) => p), [positions], 'int32');
      const flat = winner.mul(positions).add(column);
      const table = hostConstant(x.backendImpl, sourcePositions(geom, h, w), [geom.kernel[0] * geom.kernel[1] * positions], 'int32');
      return reshape(gather(table, flat, 0), [n, c, geom.out[0], geom.out[1]]);
    }),
  );
  return [values, indices];
}
