// Metrics: functions of (prediction, target) giving a scalar batch mean;
// fit() and evaluate() average them over the samples of an epoch.
import { abs, argmax, cast, eq, fmtShape, gt, isFloatDType, mean, ShapeError, square, sub, sum, takeAlongAxis, type Tensor, tidy, ValueError } from '@dendrite/core';

/** A named metric: `fn` returns the batch mean as a scalar tensor. */
export interface Metric {
  /** Key in the logs (`accuracy`, `valAccuracy`, ...). */
  name: string;
  /** Computes the metric of one batch as a scalar tensor. */
  fn: (prediction: Tensor, target: Tensor) => Tensor;
}

function classTargets(op: string, pred: Tensor, target: Tensor): void {
  if (pred.rank !== 2 || target.rank !== 1 || target.shape[0] !== pred.shape[0]) {
    throw new ShapeError(`${op}: expects scores [N, C] and int32 class indices [N], got ${fmtShape(pred.shape)} and ${fmtShape(target.shape)}`);
  }
}

/**
 * Fraction of samples whose highest score is the target class (scores [N, C],
 * int32 targets [N]; float one-hot/probability targets [N, C] use their argmax).
 *
 * @example
 * ```ts
 * accuracy(tensor([[0.1, 0.9], [0.8, 0.2]]), tensor([1, 1], undefined, 'int32')); // 0.5
 * ```
 */
export function accuracy(pred: Tensor, target: Tensor): Tensor {
  return tidy(() => {
    const t = isFloatDType(target.dtype) && target.rank === pred.rank ? argmax(target, -1) : target;
    classTargets('accuracy', pred, t);
    return mean(cast(eq(argmax(pred, 1), t), 'float32'));
  });
}

/**
 * Fraction of binary predictions on the right side of `threshold` (0.5 for
 * probabilities; pass 0 for logits).
 *
 * @example
 * ```ts
 * binaryAccuracy(0.5)(probabilities, labels);
 * ```
 */
export function binaryAccuracy(threshold = 0.5): (pred: Tensor, target: Tensor) => Tensor {
  return (pred, target) =>
    tidy(() => {
      if (pred.size !== target.size) throw new ShapeError(`binaryAccuracy: prediction ${fmtShape(pred.shape)} and target ${fmtShape(target.shape)} differ in size`);
      const p = gt(pred.reshape([-1]), threshold);
      const t = gt(cast(target, 'float32').reshape([-1]), 0.5);
      return mean(cast(eq(p, t), 'float32'));
    });
}

/**
 * Fraction of samples whose target class is among the `k` highest scores
 * (ties count in the target's favour).
 *
 * @example
 * ```ts
 * topKAccuracy(5)(logits, labels);
 * ```
 */
export function topKAccuracy(k: number): (pred: Tensor, target: Tensor) => Tensor {
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`topKAccuracy: 'k' must be a positive integer, got ${JSON.stringify(k)}`);
  return (pred, target) =>
    tidy(() => {
      classTargets('topKAccuracy', pred, target);
      const own = takeAlongAxis(pred, target.reshape([-1, 1]), 1);
      const better = sum(cast(gt(pred, own), 'float32'), 1);
      return mean(cast(gt(k - 0.5, better), 'float32'));
    });
}

/**
 * Mean squared error.
 *
 * @example
 * ```ts
 * meanSquaredError(prediction, target);
 * ```
 */
export function meanSquaredError(pred: Tensor, target: Tensor): Tensor {
  return tidy(() => mean(square(sub(pred, target.reshape(pred.shape)))));
}

/**
 * Mean absolute error.
 *
 * @example
 * ```ts
 * meanAbsoluteError(prediction, target);
 * ```
 */
export function meanAbsoluteError(pred: Tensor, target: Tensor): Tensor {
  return tidy(() => mean(abs(sub(pred, target.reshape(pred.shape)))));
}

/**
 * Resolves a metric name ('accuracy', 'binaryAccuracy', 'top5', 'mse',
 * 'mae') or passes a `Metric` through.
 *
 * @example
 * ```ts
 * resolveMetric('top3').name; // 'top3'
 * ```
 */
export function resolveMetric(m: string | Metric): Metric {
  if (typeof m === 'object' && m && typeof m.fn === 'function' && typeof m.name === 'string') return m;
  if (m === 'accuracy') return { name: 'accuracy', fn: accuracy };
  if (m === 'binaryAccuracy') return { name: 'binaryAccuracy', fn: binaryAccuracy() };
  if (m === 'mse') return { name: 'mse', fn: meanSquaredError };
  if (m === 'mae') return { name: 'mae', fn: meanAbsoluteError };
  const top = typeof m === 'string' ? /^top(\d+)$/.exec(m) : null;
  if (top) return { name: m as string, fn: topKAccuracy(Number(top[1])) };
  throw new ValueError(`metrics: unknown metric ${JSON.stringify(m)}; use 'accuracy', 'binaryAccuracy', 'topK' (e.g. 'top5'), 'mse', 'mae' or { name, fn }`);
}
