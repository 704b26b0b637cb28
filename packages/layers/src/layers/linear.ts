import { add, fmtShape, type Generator, matmul, ShapeError, type Tensor, tidy } from '@dendrite/core';
import { Module } from '../module/module.js';
import type { Parameter } from '../module/parameter.js';
import { positiveInt, uniformParameter } from './param-init.js';

/** Options of `Linear`. */
export interface LinearOptions {
  /** Add a learned bias (default true). */
  bias?: boolean;
  /** Random stream for the initial weights. */
  generator?: Generator;
}

/**
 * Fully connected layer `y = x Wᵀ + b` on the last dim: weight [out, in],
 * bias [out], both initialized from U(-1/√in, 1/√in) as PyTorch.
 *
 * @example
 * ```ts
 * const fc = new Linear(784, 10);
 * const logits = fc.forward(images.reshape([-1, 784])); // [N, 10]
 * ```
 */
export class Linear extends Module {
  /** Size of each input sample. */
  readonly inFeatures: number;
  /** Size of each output sample. */
  readonly outFeatures: number;
  /** Weight [outFeatures, inFeatures] (PyTorch's layout), Kaiming-uniform initialized. */
  weight: Parameter;
  /** Bias [outFeatures], or null without one. */
  bias: Parameter | null;

  /**
   * A fully connected layer: `y = x Wᵀ + b` over the last dimension.
   * @param inFeatures - size of each input sample
   * @param outFeatures - size of each output sample
   * @param options - bias and the initialization stream
   */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = positiveInt('Linear', 'inFeatures', inFeatures);
    this.outFeatures = positiveInt('Linear', 'outFeatures', outFeatures);
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = uniformParameter([outFeatures, inFeatures], bound, options.generator);
    this.bias = options.bias === false ? null : uniformParameter([outFeatures], bound, options.generator);
  }

  override config(): Record<string, unknown> {
    return { inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias !== null };
  }

  /** Multiply-accumulates of one call: every output element sums inFeatures products. */
  multAdds(_input: readonly number[], output: readonly number[]): number {
    return output.reduce((a, b) => a * b, 1) * this.inFeatures;
  }

  forward(x: Tensor): Tensor {
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear: input must end in ${this.inFeatures} features, got ${fmtShape(x.shape)}`);
    }
    return tidy(() => {
      const y = matmul(x.rank === 1 ? x.reshape([1, -1]) : x, this.weight.value, { transB: true });
      const out = this.bias ? add(y, this.bias.value) : y;
      return x.rank === 1 ? out.reshape([this.outFeatures]) : out;
    });
  }
}
