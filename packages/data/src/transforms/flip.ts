import { flip, type Generator, type Tensor, where } from '@dendrite/core';
import { checkProbability, coinFlips, sampleMask } from './random-draws.js';
import { Transform } from './transform.js';

/**
 * Mirrors each sample left-right with probability `p` (default 0.5).
 *
 * @example
 * ```ts
 * const y = new RandomHorizontalFlip().apply(x, new Generator(1));
 * ```
 */
export class RandomHorizontalFlip extends Transform {
  /**
   * Flips each sample left-right with probability `p`.
   * @param p - the probability per sample (default 0.5)
   */
  constructor(readonly p = 0.5) {
    super();
    checkProbability('RandomHorizontalFlip', 'p', p);
  }

  protected forward(x: Tensor, generator: Generator): Tensor {
    return where(sampleMask(coinFlips(generator, x.shape[0], this.p)), flip(x, 3), x);
  }
}

/**
 * Mirrors each sample top-bottom with probability `p` (default 0.5).
 *
 * @example
 * ```ts
 * const y = new RandomVerticalFlip(0.3).apply(x);
 * ```
 */
export class RandomVerticalFlip extends Transform {
  /**
   * Flips each sample upside down with probability `p`.
   * @param p - the probability per sample (default 0.5)
   */
  constructor(readonly p = 0.5) {
    super();
    checkProbability('RandomVerticalFlip', 'p', p);
  }

  protected forward(x: Tensor, generator: Generator): Tensor {
    return where(sampleMask(coinFlips(generator, x.shape[0], this.p)), flip(x, 2), x);
  }
}
