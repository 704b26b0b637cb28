import { full, layerNorm, type Tensor, ValueError, zeros } from '@dendrite/core';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';

/** Options of `LayerNorm`. */
export interface LayerNormLayerOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn an elementwise scale and shift (default true). */
  elementwiseAffine?: boolean;
}

/**
 * Layer normalization over the trailing `normalizedShape` dims, with a
 * learned elementwise scale (init 1) and shift (init 0).
 *
 * @example
 * ```ts
 * const ln = new LayerNorm(64);
 * ln.forward(randn([2, 10, 64])).shape; // [2, 10, 64]
 * ```
 */
export class LayerNorm extends Module {
  /** The trailing dimensions normalized over. */
  readonly normalizedShape: number[];
  /** Added to the variance for stability. */
  readonly eps: number;
  /** Learned scale (ones at first), or null without an affine part. */
  weight: Parameter | null;
  /** Learned shift (zeros at first), or null without an affine part. */
  bias: Parameter | null;

  /**
   * Layer normalization over the trailing `normalizedShape` dimensions (biased variance).
   * @param normalizedShape - the size of the last dimension, or of the last few
   * @param options - eps and whether to learn a scale and shift
   */
  constructor(normalizedShape: number | readonly number[], options: LayerNormLayerOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (!this.normalizedShape.length || this.normalizedShape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new ValueError(`LayerNorm: 'normalizedShape' must be positive integers, got ${JSON.stringify(normalizedShape)}`);
    }
    this.eps = options.eps ?? 1e-5;
    const affine = options.elementwiseAffine ?? true;
    this.weight = affine ? new Parameter(full(this.normalizedShape, 1)) : null;
    this.bias = affine ? new Parameter(zeros(this.normalizedShape)) : null;
  }

  override config(): Record<string, unknown> {
    return { normalizedShape: this.normalizedShape, eps: this.eps, elementwiseAffine: this.weight !== null };
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, { weight: this.weight?.value, bias: this.bias?.value, eps: this.eps });
  }
}
