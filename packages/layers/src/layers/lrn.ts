import { type LocalResponseNormOptions, localResponseNorm, type Tensor } from '@dendrite/core';
import { Module } from '../module/module.js';
import { positiveInt } from './param-init.js';

/**
 * Local response normalization across channels (AlexNet):
 * `b_c = a_c / (k + α/n · Σ_{c' near c} a_{c'}²)^β` over a window of `size`
 * channels. PyTorch's defaults: α = 1e-4, β = 0.75, k = 1.
 *
 * @example
 * ```ts
 * const lrn = new LocalResponseNorm(5, { alpha: 1e-4, beta: 0.75, k: 2 }); // AlexNet's settings
 * lrn.forward(randn([1, 96, 55, 55]));
 * ```
 */
export class LocalResponseNorm extends Module {
  /** Window size, alpha, beta and k. */
  readonly options: LocalResponseNormOptions;

  /**
   * Local response normalization across channels (AlexNet).
   * @param size - number of neighbouring channels in the window
   * @param options - alpha, beta and k
   */
  constructor(size: number, options: Omit<LocalResponseNormOptions, 'size'> = {}) {
    super();
    positiveInt('LocalResponseNorm', 'size', size);
    this.options = { alpha: 1e-4, beta: 0.75, k: 1, ...options, size };
  }

  override config(): Record<string, unknown> {
    return { ...this.options };
  }

  forward(x: Tensor): Tensor {
    return localResponseNorm(x, this.options);
  }
}
