import { keep, noGrad, type Tensor } from '@dendrite/core';
import { type Callback, type EpochLogs, monitored, resolveMode, type TrainingContext } from '../callback.js';

/** Options of `EarlyStopping`. */
export interface EarlyStoppingOptions {
  /** Log key to watch (default 'valLoss'). */
  monitor?: string;
  /** 'min', 'max' or 'auto' (max for accuracies; default). */
  mode?: 'auto' | 'min' | 'max';
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch when stopping (default false). */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when a monitored value stops improving.
 *
 * @example
 * ```ts
 * await fit(model, train, { ..., validationData: val, callbacks: [new EarlyStopping({ patience: 3, restoreBestWeights: true })] });
 * ```
 */
export class EarlyStopping implements Callback {
  /** The logged value watched (default 'valLoss'). */
  readonly monitor: string;
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** Smallest change that counts as an improvement. */
  readonly minDelta: number;
  private readonly mode: 'auto' | 'min' | 'max';
  private best = Number.NaN;
  private wait = 0;
  private bestWeights: Record<string, Tensor> | null = null;
  /** The epoch at which training was stopped (0 if it was not). */
  stoppedEpoch = 0;
  /** The epoch with the best value. */
  bestEpoch = 0;

  /**
   * Stops training when `monitor` has not improved for `patience` epochs.
   * @param options - monitor, mode, patience, minDelta, restoreBestWeights
   */
  constructor(private readonly options: EarlyStoppingOptions = {}) {
    this.monitor = options.monitor ?? 'valLoss';
    this.patience = options.patience ?? 0;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.mode = options.mode ?? 'auto';
  }

  /** Resets the best value and the wait count. */
  onTrainBegin(): void {
    this.best = Number.NaN;
    this.wait = 0;
    this.stoppedEpoch = 0;
  }

  private improved(v: number): boolean {
    if (Number.isNaN(this.best)) return true;
    return resolveMode(this.mode, this.monitor) === 'min' ? v < this.best - this.minDelta : v > this.best + this.minDelta;
  }

  private snapshot(ctx: TrainingContext): void {
    this.dropSnapshot();
    this.bestWeights = noGrad(() => Object.fromEntries(Object.entries(ctx.model.stateDict()).map(([k, t]) => [k, keep(t.clone())])));
  }

  private dropSnapshot(): void {
    if (this.bestWeights) for (const t of Object.values(this.bestWeights)) t.dispose();
    this.bestWeights = null;
  }

  /** Compares the epoch's value with the best, and asks `fit()` to stop when patience runs out. */
  onEpochEnd(epoch: number, logs: EpochLogs, ctx: TrainingContext): void {
    const v = monitored('EarlyStopping', logs, this.monitor);
    if (this.improved(v)) {
      this.best = v;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.options.restoreBestWeights) this.snapshot(ctx);
      return;
    }
    this.wait++;
    if (this.wait > this.patience) {
      this.stoppedEpoch = epoch;
      ctx.stopTraining = true;
    }
  }

  /** Puts back the best weights when `restoreBestWeights` is set. */
  onTrainEnd(ctx: TrainingContext): void {
    if (this.bestWeights && this.stoppedEpoch) ctx.model.loadStateDict(this.bestWeights);
    this.dropSnapshot();
  }
}
