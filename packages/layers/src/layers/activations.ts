// Activation layers: thin Modules over the core's elementwise ops, so they
// can sit in a Sequential.
import { elu, gelu, leakyRelu, logSoftmax, relu, sigmoid, softmax, type Tensor, tanh } from '@dendrite/core';
import { Module } from '../module/module.js';

/**
 * max(0, x).
 *
 * @example
 * ```ts
 * new ReLU().forward(tensor([-1, 2])); // [0, 2]
 * ```
 */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/**
 * x for x > 0, slope·x otherwise (default slope 0.01).
 *
 * @example
 * ```ts
 * new LeakyReLU(0.2).forward(tensor([-1, 2])); // [-0.2, 2]
 * ```
 */
export class LeakyReLU extends Module {
  /**
   * Leaky ReLU: `x` for positive inputs, `negativeSlope * x` otherwise.
   * @param negativeSlope - the slope for negative inputs (default 0.01)
   */
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  override config(): Record<string, unknown> {
    return { negativeSlope: this.negativeSlope };
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
}

/**
 * x for x > 0, α(eˣ - 1) otherwise.
 *
 * @example
 * ```ts
 * new ELU(1).forward(tensor([-1, 2])); // [-0.632, 2]
 * ```
 */
export class ELU extends Module {
  /**
   * ELU: `x` for positive inputs, `alpha * (exp(x) - 1)` otherwise.
   * @param alpha - the saturation value for large negative inputs (default 1)
   */
  constructor(readonly alpha = 1) {
    super();
  }

  override config(): Record<string, unknown> {
    return { alpha: this.alpha };
  }

  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }
}

/**
 * Gaussian error linear unit x·Φ(x).
 *
 * @example
 * ```ts
 * new GELU().forward(tensor([1])); // [0.8413]
 * ```
 */
export class GELU extends Module {
  forward(x: Tensor): Tensor {
    return gelu(x);
  }
}

/**
 * 1 / (1 + e⁻ˣ).
 *
 * @example
 * ```ts
 * new Sigmoid().forward(tensor([0])); // [0.5]
 * ```
 */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/**
 * Hyperbolic tangent.
 *
 * @example
 * ```ts
 * new Tanh().forward(tensor([0])); // [0]
 * ```
 */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/**
 * Softmax along `axis` (default the last).
 *
 * @example
 * ```ts
 * new Softmax(1).forward(logits); // rows sum to 1
 * ```
 */
export class Softmax extends Module {
  /**
   * Softmax along `axis`.
   * @param axis - the axis whose entries sum to 1 (default: the last)
   */
  constructor(readonly axis = -1) {
    super();
  }

  override config(): Record<string, unknown> {
    return { axis: this.axis };
  }

  forward(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }
}

/**
 * Log-softmax along `axis` (default the last), for use with NLLLoss.
 *
 * @example
 * ```ts
 * new LogSoftmax(1).forward(logits);
 * ```
 */
export class LogSoftmax extends Module {
  /**
   * Log-softmax along `axis` (stable: computed without forming the softmax).
   * @param axis - the normalized axis (default: the last)
   */
  constructor(readonly axis = -1) {
    super();
  }

  override config(): Record<string, unknown> {
    return { axis: this.axis };
  }

  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.axis);
  }
}
