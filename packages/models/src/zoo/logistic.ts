// Logistic regression: one linear layer; the loss (binary or softmax
// cross-entropy from logits) makes it logistic.
import { flatten, sigmoid, softmax, type Tensor, tidy } from '@dendrite/core';
import { Linear, Module } from '@dendrite/layers';

/** Configuration of `LogisticRegression`. */
export interface LogisticRegressionConfig {
  /** Number of input features. */
  inFeatures: number;
  /** 1 (default) for binary with a sigmoid; more for multinomial (softmax). */
  numClasses?: number;
}

/**
 * Logistic regression returning logits; `predictProba` gives probabilities.
 * Train it with `binaryCrossEntropyWithLogits` (one class) or `crossEntropy`.
 *
 * @example
 * ```ts
 * const lr = new LogisticRegression({ inFeatures: 2 });
 * lr.predictProba(tensor([[0.5, -1]])); // [[p]]
 * ```
 */
export class LogisticRegression extends Module {
  /** Number of input features. */
  readonly inFeatures: number;
  /** Number of classes (1: binary with a sigmoid output). */
  readonly numClasses: number;
  /** The single linear layer. */
  linear: Linear;

  /**
   * Builds the model.
   * @param config - inFeatures and the number of classes
   */
  constructor(config: LogisticRegressionConfig) {
    super();
    this.inFeatures = config.inFeatures;
    this.numClasses = config.numClasses ?? 1;
    this.linear = new Linear(config.inFeatures, this.numClasses);
  }

  override config(): Record<string, unknown> {
    return { inFeatures: this.inFeatures, numClasses: this.numClasses };
  }

  forward(x: Tensor): Tensor {
    return tidy(() => this.linear.forward(x.rank > 2 ? flatten(x, 1) : x));
  }

  /** Class probabilities (sigmoid for one class, softmax otherwise). */
  predictProba(x: Tensor): Tensor {
    return tidy(() => {
      const z = this.forward(x);
      return this.numClasses === 1 ? sigmoid(z) : softmax(z, -1);
    });
  }
}
