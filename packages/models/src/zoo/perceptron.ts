// Rosenblatt's perceptron (1958) with its own learning rule: no gradients,
// the weights move by lr·(target − prediction)·x on each misclassified sample.
import { add, cast, ge, matmul, noGrad, type Tensor, tensor, tidy, ValueError, zeros } from '@dendrite/core';
import { Module, Parameter } from '@dendrite/layers';

/** Configuration of `Perceptron`. */
export interface PerceptronConfig {
  /** Number of input features. */
  inFeatures: number;
}

/** What `Perceptron.train` reports. */
export interface PerceptronHistory {
  /** Misclassified samples per epoch. */
  errors: number[];
  /** Whether an epoch ended with no mistakes (the data were separated). */
  converged: boolean;
}

/**
 * A single threshold unit: predicts 1 where w·x + b ≥ 0, else 0.
 *
 * @example
 * ```ts
 * const p = new Perceptron({ inFeatures: 2 });
 * const { converged } = p.learn(x, y, { epochs: 20 }); // y holds 0/1 labels
 * p.forward(x); // 0/1 predictions
 * ```
 */
export class Perceptron extends Module {
  /** Number of input features. */
  readonly inFeatures: number;
  /** Weights [inFeatures] (zeros at first). */
  weight: Parameter;
  /** Threshold bias [1] (zero at first). */
  bias: Parameter;

  /**
   * Builds a perceptron with zero weights.
   * @param config - inFeatures
   */
  constructor(config: PerceptronConfig) {
    super();
    if (!Number.isInteger(config.inFeatures) || config.inFeatures < 1) {
      throw new ValueError(`Perceptron: 'inFeatures' must be a positive integer, got ${config.inFeatures}`);
    }
    this.inFeatures = config.inFeatures;
    this.weight = new Parameter(zeros([config.inFeatures]));
    this.bias = new Parameter(zeros([1]));
  }

  override config(): Record<string, unknown> {
    return { inFeatures: this.inFeatures };
  }

  /** 0/1 predictions (float32) for inputs [N, inFeatures]. */
  forward(x: Tensor): Tensor {
    return tidy(() => cast(ge(add(matmul(x, this.weight.value), this.bias.value), 0), 'float32'));
  }

  /**
   * The perceptron learning rule, sample by sample in order, for up to
   * `epochs` passes; stops early after an epoch without mistakes (the
   * convergence theorem guarantees this for linearly separable data).
   */
  learn(x: Tensor, y: Tensor, options: { epochs?: number; lr?: number } = {}): PerceptronHistory {
    const epochs = options.epochs ?? 50;
    const lr = options.lr ?? 1;
    if (x.rank !== 2 || x.shape[1] !== this.inFeatures || y.rank !== 1 || y.shape[0] !== x.shape[0]) {
      throw new ValueError(`Perceptron.learn: expects x [N, ${this.inFeatures}] and y [N], got x [${x.shape.join(', ')}] and y [${y.shape.join(', ')}]`);
    }
    const xs = x.dataSync();
    const ys = y.dataSync();
    const n = x.shape[0];
    const d = this.inFeatures;
    const w = Float64Array.from(this.weight.value.dataSync());
    let b = this.bias.value.dataSync()[0];
    const errors: number[] = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      let mistakes = 0;
      for (let i = 0; i < n; i++) {
        let s = b;
        for (let j = 0; j < d; j++) s += w[j] * xs[i * d + j];
        const delta = ys[i] - (s >= 0 ? 1 : 0);
        if (delta !== 0) {
          mistakes++;
          for (let j = 0; j < d; j++) w[j] += lr * delta * xs[i * d + j];
          b += lr * delta;
        }
      }
      errors.push(mistakes);
      if (mistakes === 0) break;
    }
    noGrad(() => {
      this.weight.assign(tensor(Float32Array.from(w)));
      this.bias.assign(tensor([b]));
    });
    return { errors, converged: errors[errors.length - 1] === 0 };
  }
}
