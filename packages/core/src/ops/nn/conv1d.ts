import { ValueError } from '../../errors.js';
import { tidy } from '../../engine/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../check.js';
import { reshape } from '../reshape.js';
import { convolve } from './conv.js';
import { expectRank } from './geometry.js';

/** Options of `conv1d`. */
export interface Conv1dOptions {
  /** Step of the kernel along L (default 1). */
  stride?: number;
  /** `'same'`, `'valid'`, one number for both ends, or `[left, right]`. */
  padding?: 'same' | 'valid' | number | readonly [number, number];
  /** Spacing between kernel taps (default 1). */
  dilation?: number;
  /** Channel groups: C and Cout split into `groups` independent blocks (default 1). */
  groups?: number;
  /** Per-output-channel bias [Cout]. */
  bias?: Tensor | null;
}

function padding2d(padding: Conv1dOptions['padding']): 'same' | 'valid' | [number, number, number, number] {
  if (padding === undefined) return [0, 0, 0, 0];
  if (padding === 'same' || padding === 'valid') return padding;
  if (typeof padding === 'number') return [0, 0, padding, padding];
  if (Array.isArray(padding) && padding.length === 2) return [0, 0, padding[0], padding[1]];
  throw new ValueError(`conv1d: argument 'padding' must be 'same', 'valid', a number or [left, right], got ${JSON.stringify(padding)}`);
}

function scalarArg(name: string, v: number | undefined): number {
  if (v === undefined) return 1;
  if (typeof v !== 'number') throw new ValueError(`conv1d: argument '${name}' must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * 1-D convolution of x [N, C, L] with w [Cout, C / groups, K], giving
 * [N, Cout, OL]; computed as conv2d over a height-1 image.
 *
 * @example
 * ```ts
 * const y = conv1d(x, w, { stride: 2, padding: 'valid' });
 * ```
 */
export function conv1d(x: Tensor, w: Tensor, options: Conv1dOptions = {}): Tensor {
  checkTensor('conv1d', x, 'x');
  checkTensor('conv1d', w, 'weight');
  expectRank('conv1d', 'x', x.shape, 3, '[N, C, L]');
  expectRank('conv1d', 'weight', w.shape, 3, '[Cout, C / groups, K]');
  return tidy(() => {
    const [n, c, l] = x.shape;
    const [cout, cg, k] = w.shape;
    const y = convolve('conv1d', reshape(x, [n, c, 1, l]), reshape(w, [cout, cg, 1, k]), {
      stride: [1, scalarArg('stride', options.stride)],
      dilation: [1, scalarArg('dilation', options.dilation)],
      padding: padding2d(options.padding),
      groups: options.groups,
      bias: options.bias,
    });
    return reshape(y, [n, cout, y.shape[3]]);
  });
}
