import { type Generator, concat, fmtShape, ShapeError, type Tensor, where } from '@dendrite/core';
import { rgbToGrayscale } from '../color/grayscale.js';
import { checkProbability, coinFlips, sampleMask } from './random-draws.js';
import { Transform } from './transform.js';

function gray3(x: Tensor): Tensor {
  const g = rgbToGrayscale(x);
  return concat([g, g, g], 1);
}

/**
 * Converts RGB images to grayscale with 1 or 3 (identical) output channels.
 *
 * @example
 * ```ts
 * const y = new Grayscale(3).apply(x); // [N, 3, H, W], R = G = B
 * ```
 */
export class Grayscale extends Transform {
  /**
   * Converts RGB batches to grayscale (ITU-R 601 luma).
   * @param outputChannels - 1, or 3 to keep an RGB layout with equal channels
   */
  constructor(readonly outputChannels: 1 | 3 = 1) {
    super();
    if (outputChannels !== 1 && outputChannels !== 3) throw new ShapeError(`Grayscale: outputChannels must be 1 or 3, got ${outputChannels}`);
  }

  protected forward(x: Tensor): Tensor {
    return this.outputChannels === 1 ? rgbToGrayscale(x) : gray3(x);
  }
}

/**
 * Turns each RGB sample gray (keeping 3 channels) with probability `p`
 * (default 0.1).
 *
 * @example
 * ```ts
 * const y = new RandomGrayscale(0.2).apply(x, g);
 * ```
 */
export class RandomGrayscale extends Transform {
  /**
   * Converts each sample to grayscale (kept as 3 equal channels) with probability `p`.
   * @param p - the probability per sample (default 0.1)
   */
  constructor(readonly p = 0.1) {
    super();
    checkProbability('RandomGrayscale', 'p', p);
  }

  protected forward(x: Tensor, g: Generator): Tensor {
    if (x.shape[1] !== 3) throw new ShapeError(`RandomGrayscale: needs RGB images [N, 3, H, W], got ${fmtShape(x.shape)}`);
    return where(sampleMask(coinFlips(g, x.shape[0], this.p)), gray3(x), x);
  }
}
