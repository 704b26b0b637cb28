// conv2d from primitives, for backends without the fused kernels:
// im2col windows (pad + gather) times the filter as one batched matmul per group.
import type { Conv2dAttrs } from '../../backend/contract.js';
import { tidy } from '../../engine/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { matmul } from '../matmul.js';
import { reshape } from '../reshape.js';
import { windows } from './im2col.js';

/**
 * conv2d as `w [g, Cout/g, C/g·KH·KW] @ windows [N, g, C/g·KH·KW, OH·OW]`;
 * arguments already validated, `out` is [OH, OW].
 *
 * @example
 * ```ts
 * const y = conv2dComposed(x, w, attrs, [oh, ow]);
 * ```
 */
export function conv2dComposed(x: Tensor, w: Tensor, attrs: Conv2dAttrs, out: [number, number]): Tensor {
  return tidy(() => {
    const [n, c] = x.shape;
    const [cout, , kh, kw] = w.shape;
    const g = attrs.groups;
    const cols = windows(x, { kernel: [kh, kw], stride: attrs.stride, dilation: attrs.dilation, pad: attrs.pad, out }, 0);
    const patch = (c / g) * kh * kw;
    const y = matmul(reshape(w, [g, cout / g, patch]), reshape(cols, [n, g, patch, out[0] * out[1]]));
    return reshape(y, [n, cout, out[0], out[1]]);
  });
}
