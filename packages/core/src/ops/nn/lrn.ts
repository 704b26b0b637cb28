import { ShapeError, ValueError } from '../../errors.js';
import { tidy } from '../../engine/scope.js';
import { fmtShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, div, mul, pow } from '../binary.js';
import { checkTensor } from '../check.js';
import { matmul } from '../matmul.js';
import { reshape } from '../reshape.js';
import { square } from '../unary.js';
import { expectFloat } from './geometry.js';
import { hostConstant } from './host-constant.js';

/** Options of `localResponseNorm`. */
export interface LocalResponseNormOptions {
  /** Number of neighbouring channels summed over (window centered, zero-padded). */
  size: number;
  /** Scale of the window's sum of squares, divided by `size` (default 1e-4). */
  alpha?: number;
  /** Exponent of the denominator (default 0.75). */
  beta?: number;
  /** Additive constant of the denominator (default 1). */
  k?: number;
}

/** [C, C] band: row c sums channels c - floor(size/2) .. c + floor((size-1)/2), as PyTorch pads. */
function windowBand(c: number, size: number): Float32Array {
  const band = new Float32Array(c * c);
  const before = Math.floor(size / 2);
  const after = Math.floor((size - 1) / 2);
  for (let i = 0; i < c; i++) {
    for (let j = Math.max(0, i - before); j <= Math.min(c - 1, i + after); j++) band[i * c + j] = 1;
  }
  return band;
}

/**
 * Local response normalization across channels (AlexNet), PyTorch's formula:
 * `x / (k + alpha / size · Σ_window x²)^beta` over x [N, C, ...]. The window
 * sum is one matmul with a banded [C, C] matrix.
 *
 * @example
 * ```ts
 * localResponseNorm(x, { size: 5, alpha: 1e-4, beta: 0.75, k: 2 });
 * ```
 */
export function localResponseNorm(x: Tensor, options: LocalResponseNormOptions): Tensor {
  const op = 'localResponseNorm';
  checkTensor(op, x, 'x');
  expectFloat(op, 'x', x);
  if (x.rank < 2) throw new ShapeError(`${op}: 'x' must be [N, C, ...] (rank >= 2), got ${fmtShape(x.shape)}`);
  const { size, alpha = 1e-4, beta = 0.75, k = 1 } = options ?? ({} as LocalResponseNormOptions);
  if (!Number.isInteger(size) || size < 1) throw new ValueError(`${op}: 'size' must be a positive integer, got ${JSON.stringify(size)}`);
  for (const [name, v] of [['alpha', alpha], ['beta', beta], ['k', k]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${op}: '${name}' must be a finite number, got ${JSON.stringify(v)}`);
  }
  const [n, c] = x.shape;
  const rest = x.size / Math.max(n * c, 1);
  return tidy(() => {
    const band = hostConstant(x.backendImpl, windowBand(c, size), [c, c], x.dtype);
    const windowSum = reshape(matmul(band, reshape(square(x), [n, c, rest])), x.shape);
    return div(x, pow(add(mul(windowSum, alpha / size), k), beta));
  });
}
