// Loss modules over the core's loss functions, configured once and called
// as `loss.forward(prediction, target)` (or passed to fit()).
import {
  type BinaryCrossEntropyOptions,
  type BinaryCrossEntropyWithLogitsOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type CrossEntropyOptions,
  crossEntropy,
  huberLoss,
  type KlDivOptions,
  klDiv,
  l1Loss,
  mseLoss,
  type NllLossOptions,
  nllLoss,
  type Reduction,
  smoothL1Loss,
  type Tensor,
} from '@dendrite/core';
import { Module } from '../module/module.js';

/** A loss: (prediction, target) → a scalar (or per-element with reduction 'none'). */
export type LossFn = (prediction: Tensor, target: Tensor) => Tensor;

abstract class Loss<O extends object> extends Module<[Tensor, Tensor], Tensor> {
  constructor(readonly options: O) {
    super();
  }

  override config(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.options).filter(([, v]) => v === null || typeof v !== 'object'));
  }
}

/**
 * Mean squared error.
 *
 * @example
 * ```ts
 * new MSELoss().forward(prediction, target); // scalar
 * ```
 */
export class MSELoss extends Loss<{ reduction?: Reduction }> {
  /**
   * Mean squared error.
   * @param options - reduction: 'mean' (default), 'sum' or 'none'
   */
  constructor(options: { reduction?: Reduction } = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.options);
  }
}

/**
 * Mean absolute error.
 *
 * @example
 * ```ts
 * new L1Loss({ reduction: 'sum' }).forward(prediction, target);
 * ```
 */
export class L1Loss extends Loss<{ reduction?: Reduction }> {
  /**
   * Mean absolute error.
   * @param options - reduction: 'mean' (default), 'sum' or 'none'
   */
  constructor(options: { reduction?: Reduction } = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, this.options);
  }
}

/**
 * Huber loss: quadratic within `delta`, linear beyond.
 *
 * @example
 * ```ts
 * new HuberLoss({ delta: 1 }).forward(prediction, target);
 * ```
 */
export class HuberLoss extends Loss<{ reduction?: Reduction; delta?: number }> {
  /**
   * Huber loss: quadratic below `delta`, linear above.
   * @param options - reduction and delta (default 1)
   */
  constructor(options: { reduction?: Reduction; delta?: number } = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, this.options);
  }
}

/**
 * Smooth L1 loss (Huber divided by `beta`), as in Fast R-CNN.
 *
 * @example
 * ```ts
 * new SmoothL1Loss({ beta: 0.5 }).forward(prediction, target);
 * ```
 */
export class SmoothL1Loss extends Loss<{ reduction?: Reduction; beta?: number }> {
  /**
   * Smooth L1 loss: Huber loss divided by `beta`.
   * @param options - reduction and beta (default 1)
   */
  constructor(options: { reduction?: Reduction; beta?: number } = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, this.options);
  }
}

/**
 * Binary cross-entropy of probabilities (after a sigmoid).
 *
 * @example
 * ```ts
 * new BCELoss().forward(sigmoid(logits), labels);
 * ```
 */
export class BCELoss extends Loss<BinaryCrossEntropyOptions> {
  /**
   * Binary cross-entropy on probabilities.
   * @param options - reduction and per-element weights
   */
  constructor(options: BinaryCrossEntropyOptions = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, this.options);
  }
}

/**
 * Binary cross-entropy of logits (the sigmoid is fused in, numerically stable).
 *
 * @example
 * ```ts
 * new BCEWithLogitsLoss().forward(logits, labels);
 * ```
 */
export class BCEWithLogitsLoss extends Loss<BinaryCrossEntropyWithLogitsOptions> {
  /**
   * Binary cross-entropy on logits (stable: no separate sigmoid).
   * @param options - reduction, weights and the positive-class weight
   */
  constructor(options: BinaryCrossEntropyWithLogitsOptions = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.options);
  }
}

/**
 * Cross-entropy of logits against class indices (int32) or probabilities
 * (float32), with label smoothing, ignore index and class weights.
 *
 * @example
 * ```ts
 * new CrossEntropyLoss({ labelSmoothing: 0.1 }).forward(logits, labels);
 * ```
 */
export class CrossEntropyLoss extends Loss<CrossEntropyOptions> {
  /**
   * Cross-entropy on logits and int32 class labels (log-softmax + NLL).
   * @param options - reduction, class weights, ignored index and label smoothing
   */
  constructor(options: CrossEntropyOptions = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, this.options);
  }
}

/**
 * Negative log-likelihood of log-probabilities against class indices.
 *
 * @example
 * ```ts
 * new NLLLoss().forward(logSoftmax(logits, 1), labels);
 * ```
 */
export class NLLLoss extends Loss<NllLossOptions> {
  /**
   * Negative log-likelihood on log-probabilities and int32 class labels.
   * @param options - reduction, class weights and ignored index
   */
  constructor(options: NllLossOptions = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, this.options);
  }
}

/**
 * Kullback-Leibler divergence of a target distribution from log-probabilities.
 *
 * @example
 * ```ts
 * new KLDivLoss({ reduction: 'batchmean' }).forward(logSoftmax(logits, 1), targetProbs);
 * ```
 */
export class KLDivLoss extends Loss<KlDivOptions> {
  /**
   * Kullback-Leibler divergence on log-probabilities.
   * @param options - reduction and whether the target is given as log-probabilities
   */
  constructor(options: KlDivOptions = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, this.options);
  }
}
