import { describeValue, ValueError } from '@dendrite/core';
import type { BaseHyper, OptimizerBase } from '../optim/optimizer.js';
import { checkSchedulerState, type SchedulerState } from './scheduler.js';

/** Options of `ReduceLROnPlateau`. */
export interface PlateauOptions {
  /** Whether the monitored value should go down ('min', default) or up ('max'). */
  mode?: 'min' | 'max';
  /** Rate multiplier on a plateau (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated (default 10). */
  patience?: number;
  /** Minimum relative (or absolute) improvement that counts (default 1e-4). */
  threshold?: number;
  /** Whether `threshold` is relative to the best value ('rel', default) or absolute ('abs'). */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction (default 0). */
  cooldown?: number;
  /** Lower bound of the rate (default 0). */
  minLr?: number;
}

/**
 * Divides the learning rate when a monitored metric stops improving
 * (PyTorch's ReduceLROnPlateau); call `step(metric)` once per epoch.
 *
 * @example
 * ```ts
 * const sched = new ReduceLROnPlateau(opt, { patience: 3, factor: 0.5 });
 * sched.step(validationLoss);
 * ```
 */
export class ReduceLROnPlateau {
  /** The options with their defaults filled in. */
  readonly options: Required<PlateauOptions>;
  /** The best metric value seen so far. */
  best: number;
  /** Epochs since the last improvement. */
  numBadEpochs = 0;
  /** Epochs left in the cooldown after a reduction. */
  cooldownCounter = 0;
  /** Number of `step` calls so far. */
  lastEpoch = 0;

  /**
   * Watches a metric and divides the learning rates when it stops improving.
   * @param optimizer - the optimizer whose group rates change
   * @param options - mode, factor, patience, threshold, cooldown, minLr
   */
  constructor(
    readonly optimizer: OptimizerBase<BaseHyper>,
    options: PlateauOptions = {},
  ) {
    this.options = { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0, minLr: 0, ...options };
    const o = this.options;
    if (!(o.factor > 0 && o.factor < 1)) throw new ValueError(`ReduceLROnPlateau: 'factor' must be in (0, 1), got ${o.factor}`);
    if (o.mode !== 'min' && o.mode !== 'max') throw new ValueError(`ReduceLROnPlateau: 'mode' must be 'min' or 'max', got ${JSON.stringify(o.mode)}`);
    this.best = o.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  private isBetter(v: number): boolean {
    const { mode, threshold, thresholdMode } = this.options;
    if (mode === 'min') return thresholdMode === 'rel' ? v < this.best * (1 - threshold) : v < this.best - threshold;
    return thresholdMode === 'rel' ? v > this.best * (1 + threshold) : v > this.best + threshold;
  }

  /** Records one epoch's metric and reduces the rate after `patience` epochs without improvement. */
  step(metric: number): void {
    if (typeof metric !== 'number' || Number.isNaN(metric)) throw new ValueError(`ReduceLROnPlateau.step: 'metric' must be a number, got ${JSON.stringify(metric)}`);
    this.lastEpoch++;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.options.patience) {
      for (const g of this.optimizer.paramGroups) g.lr = Math.max(g.lr * this.options.factor, this.options.minLr);
      this.cooldownCounter = this.options.cooldown;
      this.numBadEpochs = 0;
    }
  }

  /** The current learning rate of every group. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The scheduler's state, for checkpoints. */
  stateDict(): SchedulerState {
    return { type: 'ReduceLROnPlateau', lastEpoch: this.lastEpoch, baseLrs: this.getLastLr(), extra: { best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter } };
  }

  /**
   * Throws `ValueError` (naming `where`) unless `state` is a ReduceLROnPlateau
   * state for this optimizer's groups, with numeric counters.
   *
   * @example
   * ```ts
   * plateau.validateStateDict(saved);
   * ```
   */
  validateStateDict(state: SchedulerState, where = 'ReduceLROnPlateau.loadStateDict'): void {
    checkSchedulerState(where, state, 'ReduceLROnPlateau', this.optimizer.paramGroups.length);
    const e = state.extra as Record<string, unknown> | undefined;
    if (!e || typeof e !== 'object') throw new ValueError(`${where}: the state has no 'extra' counters`);
    if (!(e.best === null || typeof e.best === 'number')) throw new ValueError(`${where}: 'extra.best' must be a number, got ${describeValue(e.best)}`);
    for (const k of ['numBadEpochs', 'cooldownCounter']) {
      if (!Number.isSafeInteger(e[k]) || (e[k] as number) < 0) throw new ValueError(`${where}: 'extra.${k}' must be a non-negative integer, got ${describeValue(e[k])}`);
    }
  }

  /** Restores a state from `stateDict()`. */
  loadStateDict(state: SchedulerState): void {
    this.validateStateDict(state);
    this.lastEpoch = state.lastEpoch;
    const e = state.extra as { best: number | null; numBadEpochs: number; cooldownCounter: number };
    // JSON turns ±Infinity into null.
    this.best = e.best ?? (this.options.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
    this.numBadEpochs = e.numBadEpochs;
    this.cooldownCounter = e.cooldownCounter;
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = state.baseLrs[i] ?? g.lr;
    });
  }
}
