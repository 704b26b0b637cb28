import { tidy } from '../../engine/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../check.js';
import { reshape } from '../reshape.js';
import { expectFloat, expectRank, type Pair, toPair, toQuad, windowCount } from './geometry.js';
import { windows } from './im2col.js';

/** Options of `unfold`. */
export interface UnfoldOptions {
  /** Patch size: number or [kh, kw]. */
  kernelSize: Pair;
  /** Step between patches: number or [sh, sw] (default 1). */
  stride?: Pair;
  /** Zero padding: number, [ph, pw] or [t, b, l, r] (default 0). */
  padding?: number | readonly [number, number] | readonly [number, number, number, number];
  /** Spacing between the taps of a patch: number or [dh, dw] (default 1). */
  dilation?: Pair;
}

/**
 * Extracts sliding patches (im2col), as `torch.nn.functional.unfold`:
 * x [N, C, H, W] → [N, C·KH·KW, L] with L the number of windows, patch
 * entries ordered (channel, kernel row, kernel column).
 *
 * @example
 * ```ts
 * const cols = unfold(x, { kernelSize: 3, padding: 1 }); // [N, C·9, H·W]
 * ```
 */
export function unfold(x: Tensor, options: UnfoldOptions): Tensor {
  const op = 'unfold';
  checkTensor(op, x, 'x');
  expectRank(op, 'x', x.shape, 4, '[N, C, H, W]');
  expectFloat(op, 'x', x);
  const kernel = toPair(op, 'kernelSize', options?.kernelSize, 1);
  const stride = toPair(op, 'stride', options.stride ?? 1, 1);
  const dilation = toPair(op, 'dilation', options.dilation ?? 1, 1);
  const pad = toQuad(op, 'padding', options.padding ?? 0);
  const [n, c, h, w] = x.shape;
  const out: [number, number] = [
    windowCount(op, 'height', h, kernel[0], stride[0], pad[0], pad[1], dilation[0]),
    windowCount(op, 'width', w, kernel[1], stride[1], pad[2], pad[3], dilation[1]),
  ];
  return tidy(() => reshape(windows(x, { kernel, stride, dilation, pad, out }, 0), [n, c * kernel[0] * kernel[1], out[0] * out[1]]));
}
