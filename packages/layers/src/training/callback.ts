// The callback protocol of fit(): hooks at train/epoch/batch boundaries with
// a context through which a callback can stop training or reach the model.
import { type Generator, ValueError } from '@dendrite/core';
import type { AnyModule } from '../module/module.js';
import type { BaseHyper, OptimizerBase } from '../optim/optimizer.js';
import type { ReduceLROnPlateau } from '../schedulers/plateau.js';
import type { LRScheduler } from '../schedulers/scheduler.js';

/** One epoch's results: loss, metrics, `val`-prefixed validation values, lr. */
export type EpochLogs = Record<string, number>;

/** What callbacks can see and change during fit(). */
export interface TrainingContext {
  /** The model being trained. */
  model: AnyModule;
  /** Its optimizer. */
  optimizer: OptimizerBase<BaseHyper>;
  /** The learning-rate schedule `fit()` steps, if any. */
  scheduler: LRScheduler | ReduceLROnPlateau | null;
  /** The stream that shuffles the training data. */
  generator: Generator;
  /** Every other stream the run draws from, by name (a DataLoader's shuffle generator...); checkpointed with the rest. */
  generators: Record<string, Generator>;
  /** Logs of finished epochs, first to last. */
  history: EpochLogs[];
  /** The current epoch (1-based). */
  epoch: number;
  /** Set to true to end training after this epoch. */
  stopTraining: boolean;
}

/**
 * Hooks called by fit(); implement any subset.
 *
 * @example
 * ```ts
 * const printer: Callback = { onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss) };
 * ```
 */
export interface Callback {
  /** Called once before the first epoch. */
  onTrainBegin?(ctx: TrainingContext): void | Promise<void>;
  /** Called at the start of every epoch. */
  onEpochBegin?(epoch: number, ctx: TrainingContext): void | Promise<void>;
  /** Called after every optimizer step, with the running averages of the epoch. */
  onBatchEnd?(step: number, logs: EpochLogs, ctx: TrainingContext): void | Promise<void>;
  /** Called after every epoch (after validation), with its logs. */
  onEpochEnd?(epoch: number, logs: EpochLogs, ctx: TrainingContext): void | Promise<void>;
  /** Called once after the last epoch, or after a callback stopped training. */
  onTrainEnd?(ctx: TrainingContext): void | Promise<void>;
}

/**
 * The value of `monitor` in `logs`, or a clear error listing what there is.
 *
 * @example
 * ```ts
 * monitored('EarlyStopping', { loss: 0.3 }, 'loss'); // 0.3
 * ```
 */
export function monitored(owner: string, logs: EpochLogs, monitor: string): number {
  const v = logs[monitor];
  if (typeof v !== 'number') {
    throw new ValueError(`${owner}: the monitored value '${monitor}' is not in the epoch logs (have ${Object.keys(logs).join(', ')}); pass validationData for 'val' values`);
  }
  return v;
}

/**
 * Resolves mode 'auto': maximize accuracies, minimize everything else.
 *
 * @example
 * ```ts
 * resolveMode('auto', 'valAccuracy'); // 'max'
 * ```
 */
export function resolveMode(mode: 'auto' | 'min' | 'max', monitor: string): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc|top\d/i.test(monitor) ? 'max' : 'min';
}
