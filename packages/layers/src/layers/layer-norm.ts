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
  readonly normalizedShape: number[];
  readonly eps: number;
  weight: Parameter | null;
  bias: Parameter | null;

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
