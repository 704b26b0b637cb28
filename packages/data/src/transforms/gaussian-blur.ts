import { conv2d, type Generator, pad, reshape, type Tensor, tensor, ValueError } from '@dendrite/core';
import { checkRange, uniformIn } from './random-draws.js';
import { Transform } from './transform.js';

/**
 * The normalized 1-D Gaussian of `size` taps and standard deviation `sigma`.
 *
 * @example
 * ```ts
 * gaussianKernel1d(3, 1); // [0.274, 0.452, 0.274]
 * ```
 */
export function gaussianKernel1d(size: number, sigma: number): Float32Array {
  const half = (size - 1) / 2;
  const k = Float64Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const total = k.reduce((a, b) => a + b, 0);
  return Float32Array.from(k, (v) => v / total);
}

/**
 * Blurs each sample with a Gaussian of a random sigma in `sigma` (drawn per
 * sample), reflect-padded so the size is kept, as torchvision's
 * `GaussianBlur`. Separable: two depthwise convolutions with one kernel per
 * sample and channel.
 *
 * @example
 * ```ts
 * const y = new GaussianBlur(5, [0.1, 2]).apply(x, g);
 * ```
 */
export class GaussianBlur extends Transform {
  /** The range the blur's standard deviation is drawn from, per sample. */
  readonly sigma: [number, number];

  /**
   * A Gaussian blur with a random standard deviation per sample.
   * @param kernelSize - odd kernel width and height in pixels
   * @param sigma - a fixed standard deviation, or the [min, max] range it is drawn from (default [0.1, 2])
   */
  constructor(readonly kernelSize: number, sigma: number | [number, number] = [0.1, 2]) {
    super();
    if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize % 2 === 0) {
      throw new ValueError(`GaussianBlur: kernelSize must be a positive odd integer, got ${kernelSize}`);
    }
    this.sigma = typeof sigma === 'number' ? [sigma, sigma] : sigma;
    checkRange('GaussianBlur', 'sigma', this.sigma, Number.MIN_VALUE);
  }

  protected forward(x: Tensor, g: Generator): Tensor {
    const [n, c, h, w] = x.shape;
    const k = this.kernelSize;
    const r = (k - 1) / 2;
    if (r >= h || r >= w) throw new ValueError(`GaussianBlur: kernelSize ${k} needs images larger than ${r} pixels per side for reflect padding, got [${h}, ${w}]`);
    const weights = new Float32Array(n * c * k);
    for (let i = 0; i < n; i++) {
      const kernel = gaussianKernel1d(k, uniformIn(g, ...this.sigma));
      for (let ch = 0; ch < c; ch++) weights.set(kernel, (i * c + ch) * k);
    }
    // Samples x channels become the channels of one image, so each gets its own kernel via groups.
    const planes = pad(reshape(x, [1, n * c, h, w]), [[0, 0], [0, 0], [r, r], [r, r]], { mode: 'reflect' });
    const horizontal = conv2d(planes, tensor(weights, [n * c, 1, 1, k]), { groups: n * c });
    const both = conv2d(horizontal, tensor(weights, [n * c, 1, k, 1]), { groups: n * c });
    return reshape(both, [n, c, h, w]);
  }
}
