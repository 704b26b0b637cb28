// fit(): the training loop. Per step: zero gradients, forward, loss,
// backward, optional clipping, optimizer step, all inside tidy so memory
// stays flat; per epoch: validation, callbacks, progress output.
import { defaultGenerator, describeValue, Generator, noGrad, type Tensor, tidy, ValueError } from '@dendrite/core';
import type { TensorModule } from '../module/containers.js';
import { clipGradNorm } from '../optim/clip.js';
import { LBFGS } from '../optim/lbfgs.js';
import type { BaseHyper, OptimizerBase } from '../optim/optimizer.js';
import { Optimizer } from '../optim/optimizer.js';
import type { ReduceLROnPlateau } from '../schedulers/plateau.js';
import type { LRScheduler } from '../schedulers/scheduler.js';
import { type BatchSource, batchCount, isOneShot, iterateBatches, type OwnedBatch } from './batches.js';
import type { Callback, EpochLogs, TrainingContext } from './callback.js';
import { LRSchedulerCallback } from './callbacks/lr-scheduler.js';
import { loadCheckpoint } from './checkpoint.js';
import { averageOverRanks, type FitDistributed } from './distributed.js';
import { callLoss, evaluate, type LossLike } from './evaluate.js';
import { type Metric, resolveMetric } from './metrics.js';
import { ProgressReporter, type ProgressStream } from './progress.js';

/** Options of `fit()`. */
export interface FitOptions {
  /** The loss: a loss module (`new CrossEntropyLoss()`) or a function of (prediction, target). */
  loss: LossLike;
  /** The optimizer, built over the model's parameters. */
  optimizer: OptimizerBase<BaseHyper>;
  /** Total epochs (default 1); with `resumeFrom`, training continues up to this number. */
  epochs?: number;
  /** Batch size when the data is an [x, y] pair (default 32). */
  batchSize?: number;
  /** Shuffle an [x, y] pair every epoch (default true). */
  shuffle?: boolean;
  /** The shuffling stream of an [x, y] pair (default: the default generator). */
  generator?: Generator;
  /**
   * Other random streams the run draws from, by name; checkpointed and
   * restored with `resumeFrom` so a resumed run is byte-identical to a
   * straight one. A shuffling DataLoader's own generator is added as `data`
   * without being named here.
   */
  generators?: Record<string, Generator>;
  /** 'accuracy', 'binaryAccuracy', 'top5', 'mse', 'mae' or { name, fn }. */
  metrics?: (string | Metric)[];
  /** Evaluated after every epoch (so it must be re-iterable, or a function returning a fresh iterable); its values are logged with a 'val' prefix (valLoss, valAccuracy). */
  validationData?: BatchSource;
  /** Called at the start and end of training, epochs and steps. */
  callbacks?: Callback[];
  /** A learning-rate schedule stepped after every epoch (ReduceLROnPlateau with valLoss, else loss). */
  scheduler?: LRScheduler | ReduceLROnPlateau;
  /** Clip the gradients' joint L2 norm to this before each step. */
  clipGradNorm?: number;
  /** 0: silent; 1: progress (default). */
  verbose?: 0 | 1;
  /** Where progress goes (default process.stdout). */
  output?: ProgressStream;
  /** Resume from a checkpoint written by ModelCheckpoint. */
  resumeFrom?: string;
  /** Data-parallel training (a DistributedDataParallel): gradients synchronized each step, epoch metrics averaged over ranks, progress only on rank 0. */
  distributed?: FitDistributed;
}

/** What `fit()` returns: one log row per epoch. */
export interface History {
  /** One log row per epoch (loss, metrics, validation values, lr). */
  epochs: EpochLogs[];
  /** The same values by key: `history.values.loss[i]`. */
  values: Record<string, number[]>;
}

/** process.stdout in Node, the console elsewhere. */
function defaultOutput(): ProgressStream {
  if (typeof process !== 'undefined' && process.stdout) return process.stdout;
  return { write: (text: string) => console.log(text.replace(/\n$/, '')) };
}

function valKey(name: string): string {
  return `val${name[0].toUpperCase()}${name.slice(1)}`;
}

function checkOptions(options: FitOptions): void {
  if (!options || typeof options !== 'object') throw new ValueError('fit: options { loss, optimizer, ... } are required');
  if (!options.loss) throw new ValueError("fit: 'loss' is required (a loss module like new CrossEntropyLoss() or a function)");
  if (!options.optimizer || !Array.isArray(options.optimizer.paramGroups)) throw new ValueError("fit: 'optimizer' is required (e.g. new SGD(model.parameters(), { lr: 0.1 }))");
  const epochs = options.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 1) throw new ValueError(`fit: 'epochs' must be a positive integer, got ${describeValue(options.epochs)}`);
  if (options.generators !== undefined) {
    if (options.generators === null || typeof options.generators !== 'object') throw new ValueError(`fit: 'generators' must be an object of named Generators, got ${describeValue(options.generators)}`);
    for (const [k, g] of Object.entries(options.generators)) if (!(g instanceof Generator)) throw new ValueError(`fit: generators.${k} must be a Generator, got ${describeValue(g)}`);
  }
  if (options.distributed && options.optimizer instanceof LBFGS) throw new ValueError('fit: LBFGS cannot train data-parallel (its closure re-evaluates the loss); use another optimizer with distributed');
}

/** The named streams to checkpoint: the user's, plus a shuffling DataLoader's own generator. */
function runGenerators(trainData: unknown, options: FitOptions, shuffle: Generator): Record<string, Generator> {
  const named: Record<string, Generator> = { ...(options.generators ?? {}) };
  const own = (trainData as { generator?: unknown } | null)?.generator;
  const known = new Set<Generator>([shuffle, defaultGenerator, ...Object.values(named)]);
  if (own instanceof Generator && !known.has(own)) named.data = own;
  return named;
}

const ONE_SHOT_HINT = 'a generator or iterator is empty after one pass; pass a function returning a fresh iterable (() => makeBatches()) or a re-iterable source such as an array or a DataLoader';

/** One optimization step; returns the loss and metric values of the batch (scalars). */
async function trainStep(model: TensorModule, b: OwnedBatch, options: FitOptions, metrics: Metric[]): Promise<Record<string, number>> {
  const opt = options.optimizer;
  const params = opt.params();
  const forward = () => tidy(() => callLoss(options.loss, model.forward(b.x), b.y));
  let named: Record<string, Tensor>;
  if (opt instanceof LBFGS) {
    await opt.step(() => {
      opt.zeroGrad();
      const l = forward();
      l.backward();
      return l;
    });
    named = noGrad(() => tidy(() => {
      const out = model.forward(b.x);
      return { loss: callLoss(options.loss, out, b.y), ...Object.fromEntries(metrics.map((m) => [m.name, m.fn(out, b.y)])) };
    }));
  } else if (opt instanceof Optimizer) {
    opt.zeroGrad();
    named = tidy(() => {
      const out = model.forward(b.x);
      const loss = callLoss(options.loss, out, b.y);
      loss.backward();
      return { loss, ...noGrad(() => Object.fromEntries(metrics.map((m) => [m.name, m.fn(out, b.y)]))) };
    });
    if (options.distributed) await options.distributed.synchronize();
    if (options.clipGradNorm !== undefined) clipGradNorm(params, options.clipGradNorm).dispose();
    opt.step();
  } else {
    throw new ValueError(`fit: unsupported optimizer ${(opt as object).constructor.name}`);
  }
  const values: Record<string, number> = {};
  for (const [k, t] of Object.entries(named)) {
    values[k] = (await t.data())[0];
    t.dispose();
  }
  return values;
}

/**
 * Trains `model` on `trainData`: an [x, y] pair of tensors, a re-iterable
 * source of `{ x, y }` or `[x, y]` batches (a DataLoader, an array), or a
 * function returning a fresh iterable each epoch. Iterator batches are
 * disposed after use, array batches are reused every epoch. A one-shot
 * iterator for more than one epoch, or an epoch without batches, is refused.
 * Every random stream the run draws from is checkpointed (see `generators`).
 *
 * @example
 * ```ts
 * const history = await fit(model, [x, y], {
 *   loss: new CrossEntropyLoss(), optimizer: new Adam(model.parameters()),
 *   epochs: 10, batchSize: 64, metrics: ['accuracy'], validationData: [xVal, yVal],
 *   callbacks: [new EarlyStopping({ patience: 2 })],
 * });
 * history.values.valAccuracy;
 * ```
 */
export async function fit(model: TensorModule, trainData: BatchSource, options: FitOptions): Promise<History> {
  checkOptions(options);
  const epochs = options.epochs ?? 1;
  const metrics = (options.metrics ?? []).map(resolveMetric);
  const generator = options.generator ?? defaultGenerator;
  const callbacks: Callback[] = [...(options.scheduler ? [new LRSchedulerCallback(options.scheduler)] : []), ...(options.callbacks ?? [])];
  const generators = runGenerators(trainData, options, generator);
  const ctx: TrainingContext = { model, optimizer: options.optimizer, scheduler: options.scheduler ?? null, generator, generators, history: [], epoch: 0, stopTraining: false };
  let firstEpoch = 1;
  if (options.resumeFrom) {
    const info = await loadCheckpoint(options.resumeFrom, { model, optimizer: options.optimizer, scheduler: options.scheduler, generator, generators });
    ctx.history = info.history;
    firstEpoch = info.epoch + 1;
  }
  if (epochs - firstEpoch >= 1) {
    if (isOneShot(trainData)) throw new ValueError(`fit: the training data is a one-shot iterator but ${epochs - firstEpoch + 1} epochs were asked for (${ONE_SHOT_HINT})`);
    if (options.validationData && isOneShot(options.validationData)) throw new ValueError(`fit: 'validationData' is a one-shot iterator, evaluated after each of ${epochs - firstEpoch + 1} epochs (${ONE_SHOT_HINT})`);
  }
  const verbose = options.distributed && options.distributed.rank !== 0 ? 0 : (options.verbose ?? 1);
  const progress = verbose ? new ProgressReporter(options.output ?? defaultOutput(), epochs) : null;
  const total = batchCount(trainData, options);
  for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
  for (let epoch = firstEpoch; epoch <= epochs && !ctx.stopTraining; epoch++) {
    ctx.epoch = epoch;
    model.train();
    for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx);
    progress?.epochBegin();
    let sums: Record<string, number> = {};
    let samples = 0;
    let step = 0;
    for await (const b of iterateBatches(trainData, { batchSize: options.batchSize, shuffle: options.shuffle ?? true, generator })) {
      let values: Record<string, number>;
      try {
        values = await trainStep(model, b, options, metrics);
      } finally {
        if (b.owned) {
          b.x.dispose();
          b.y.dispose();
        }
      }
      const n = b.x.shape[0];
      samples += n;
      step++;
      for (const [k, v] of Object.entries(values)) sums[k] = (sums[k] ?? 0) + v * n;
      const running = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / samples]));
      progress?.step(epoch, step, total, samples, running);
      for (const cb of callbacks) await cb.onBatchEnd?.(step, values, ctx);
    }
    if (step === 0) {
      throw new ValueError(`fit: the training data yielded no batches in epoch ${epoch}${epoch > 1 ? ` (${ONE_SHOT_HINT})` : ''}`);
    }
    if (options.distributed) ({ sums, samples } = await averageOverRanks(options.distributed, sums, samples));
    const logs: EpochLogs = { epoch, ...Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / Math.max(samples, 1)])) };
    if (options.validationData) {
      const val = await evaluate(model, options.validationData, { loss: options.loss, metrics, batchSize: options.batchSize });
      for (const [k, v] of Object.entries(val)) logs[valKey(k)] = v;
    }
    logs.lr = options.optimizer.paramGroups[0].lr;
    ctx.history.push(logs);
    progress?.epochEnd(epoch, Object.fromEntries(Object.entries(logs).filter(([k]) => k !== 'epoch')), samples);
    for (const cb of callbacks) await cb.onEpochEnd?.(epoch, logs, ctx);
  }
  for (const cb of callbacks) await cb.onTrainEnd?.(ctx);
  const keys = [...new Set(ctx.history.flatMap((r) => Object.keys(r)))];
  return { epochs: ctx.history, values: Object.fromEntries(keys.map((k) => [k, ctx.history.map((r) => r[k])])) };
}
