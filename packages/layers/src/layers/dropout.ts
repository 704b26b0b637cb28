import { dropout, dropout2d, type Generator, type Tensor } from '@dendrite/core';
import { Module } from '../module/module.js';
import { probability } from './param-init.js';

/**
 * Zeroes each element with probability `p` in training mode and scales the
 * rest by 1/(1-p) (inverted dropout), so evaluation mode is the identity.
 *
 * @example
 * ```ts
 * const drop = new Dropout(0.5);
 * drop.forward(x);        // training: about half zeroed, the rest doubled
 * drop.eval().forward(x); // unchanged
 * ```
 */
export class Dropout extends Module {
  /**
   * Dropout: in training mode, zeroes each element with probability `p` and scales the rest by 1 / (1 - p); the identity in eval mode.
   * @param p - the drop probability (default 0.5)
   * @param options - the random stream (default: the default generator)
   */
  constructor(
    readonly p = 0.5,
    readonly options: { generator?: Generator } = {},
  ) {
    super();
    probability('Dropout', 'p', p);
  }

  override config(): Record<string, unknown> {
    return { p: this.p };
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, { generator: this.options.generator });
  }
}

/**
 * Zeroes whole channels of [N, C, H, W] with probability `p` (training only),
 * scaling the rest by 1/(1-p); for convolutional feature maps.
 *
 * @example
 * ```ts
 * new Dropout2d(0.2).forward(randn([8, 16, 12, 12]));
 * ```
 */
export class Dropout2d extends Module {
  /**
   * Channel dropout: in training mode, zeroes whole channels of NCHW inputs with probability `p` and scales the rest by 1 / (1 - p).
   * @param p - the drop probability (default 0.5)
   * @param options - the random stream (default: the default generator)
   */
  constructor(
    readonly p = 0.5,
    readonly options: { generator?: Generator } = {},
  ) {
    super();
    probability('Dropout2d', 'p', p);
  }

  override config(): Record<string, unknown> {
    return { p: this.p };
  }

  forward(x: Tensor): Tensor {
    return dropout2d(x, this.p, this.training, { generator: this.options.generator });
  }
}
