// evaluate() and predict(): forward passes without gradients in eval mode.
import { concat, noGrad, type Tensor, tidy } from '@dendrite/core';
import type { AnyModule } from '../module/module.js';
import type { TensorModule } from '../module/containers.js';
import type { LossFn } from '../losses/losses.js';
import { type BatchSource, iterateBatches } from './batches.js';
import { type Metric, resolveMetric } from './metrics.js';

/** A loss as a function or as a loss module. */
export type LossLike = LossFn | { forward: LossFn };

/**
 * Calls a loss given as a function or a module.
 *
 * @example
 * ```ts
 * callLoss(new MSELoss(), prediction, target);
 * ```
 */
export function callLoss(loss: LossLike, prediction: Tensor, target: Tensor): Tensor {
  return typeof loss === 'function' ? loss(prediction, target) : loss.forward(prediction, target);
}

/** Options of `evaluate()`. */
export interface EvaluateOptions {
  /** The loss to report (optional). */
  loss?: LossLike;
  /** Metrics to report: names ('accuracy', 'top5', 'mse', ...) or `{ name, fn }`. */
  metrics?: (string | Metric)[];
  /** Batch size when the data is an [x, y] pair (default 32). */
  batchSize?: number;
}

/** Runs `fn` with the model in eval mode, restoring each module's mode afterwards. */
export async function inEvalMode<T>(model: AnyModule, fn: () => Promise<T>): Promise<T> {
  const modes = model.modules().map((m) => [m, m.training] as const);
  model.eval();
  try {
    return await fn();
  } finally {
    for (const [m, t] of modes) m.training = t;
  }
}

/**
 * Loss and metrics over a dataset, averaged per sample, in eval mode.
 *
 * @example
 * ```ts
 * const { loss, accuracy } = await evaluate(model, [xTest, yTest], { loss: new CrossEntropyLoss(), metrics: ['accuracy'] });
 * ```
 */
export async function evaluate(model: TensorModule, data: BatchSource, options: EvaluateOptions = {}): Promise<Record<string, number>> {
  const metrics = (options.metrics ?? []).map(resolveMetric);
  return inEvalMode(model, async () => {
    const sums: Record<string, number> = {};
    let count = 0;
    for await (const b of iterateBatches(data, { batchSize: options.batchSize })) {
      const n = b.x.shape[0];
      // A forward or metric that throws must not leak the batch or the results read so far.
      try {
        const named = noGrad(() =>
          tidy(() => {
            const out = model.forward(b.x);
            const r: Record<string, Tensor> = {};
            if (options.loss) r.loss = callLoss(options.loss, out, b.y);
            for (const m of metrics) r[m.name] = m.fn(out, b.y);
            return r;
          }),
        );
        try {
          for (const [k, t] of Object.entries(named)) sums[k] = (sums[k] ?? 0) + (await t.data())[0] * n;
        } finally {
          for (const t of Object.values(named)) t.dispose();
        }
      } finally {
        if (b.owned) {
          b.x.dispose();
          b.y.dispose();
        }
      }
      count += n;
    }
    return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / Math.max(count, 1)]));
  });
}

/**
 * Model outputs for every sample of `x` (a tensor, cut into batches), in eval
 * mode without gradients, concatenated along dim 0.
 *
 * @example
 * ```ts
 * const probs = await predict(model, xTest, { batchSize: 256 });
 * ```
 */
export async function predict(model: TensorModule, x: Tensor, options: { batchSize?: number } = {}): Promise<Tensor> {
  return inEvalMode(model, async () => {
    const outs: Tensor[] = [];
    try {
      for await (const b of iterateBatches([x, x], { batchSize: options.batchSize ?? 256 })) {
        try {
          outs.push(noGrad(() => tidy(() => model.forward(b.x))));
        } finally {
          b.x.dispose();
          b.y.dispose();
        }
      }
      return concat(outs, 0);
    } finally {
      for (const t of outs) t.dispose();
    }
  });
}
