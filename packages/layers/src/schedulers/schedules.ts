// The closed-form schedules: step, multi-step, exponential, cosine annealing, warm-up.
import { ValueError } from '@dendrite/core';
import type { BaseHyper, OptimizerBase } from '../optim/optimizer.js';
import { LRScheduler } from './scheduler.js';

function positive(owner: string, arg: string, v: unknown, integer = false): number {
  if (typeof v !== 'number' || !(v > 0) || (integer && !Number.isInteger(v))) {
    throw new ValueError(`${owner}: '${arg}' must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Multiplies the rate by `gamma` every `stepSize` epochs.
 *
 * @example
 * ```ts
 * new StepLR(opt, { stepSize: 10, gamma: 0.5 });
 * ```
 */
export class StepLR extends LRScheduler {
  /** Epochs between decays. */
  readonly stepSize: number;
  /** Factor applied at each decay. */
  readonly gamma: number;

  /**
   * Multiplies the rates by `gamma` every `stepSize` epochs.
   * @param optimizer - the optimizer whose rates change
   * @param options - stepSize, gamma (default 0.1)
   */
  constructor(optimizer: OptimizerBase<BaseHyper>, options: { stepSize: number; gamma?: number }) {
    super(optimizer);
    this.stepSize = positive('StepLR', 'stepSize', options?.stepSize, true);
    this.gamma = positive('StepLR', 'gamma', options.gamma ?? 0.1);
  }

  lrAt(epoch: number, base: number): number {
    return base * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

/**
 * Multiplies the rate by `gamma` at each milestone epoch.
 *
 * @example
 * ```ts
 * new MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** Epochs at which the rates decay, increasing. */
  readonly milestones: number[];
  /** Factor applied at each milestone. */
  readonly gamma: number;

  /**
   * Multiplies the rates by `gamma` at each milestone epoch.
   * @param optimizer - the optimizer whose rates change
   * @param options - milestones, gamma (default 0.1)
   */
  constructor(optimizer: OptimizerBase<BaseHyper>, options: { milestones: readonly number[]; gamma?: number }) {
    super(optimizer);
    if (!Array.isArray(options?.milestones)) throw new ValueError(`MultiStepLR: 'milestones' must be an array of epochs, got ${JSON.stringify(options?.milestones)}`);
    this.milestones = [...options.milestones].sort((a, b) => a - b);
    this.milestones.forEach((m) => positive('MultiStepLR', 'milestones', m, true));
    this.gamma = positive('MultiStepLR', 'gamma', options.gamma ?? 0.1);
  }

  lrAt(epoch: number, base: number): number {
    return base * this.gamma ** this.milestones.filter((m) => m <= epoch).length;
  }
}

/**
 * Multiplies the rate by `gamma` every epoch.
 *
 * @example
 * ```ts
 * new ExponentialLR(opt, { gamma: 0.95 });
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** Factor applied every epoch. */
  readonly gamma: number;

  /**
   * Multiplies the rates by `gamma` every epoch.
   * @param optimizer - the optimizer whose rates change
   * @param options - gamma
   */
  constructor(optimizer: OptimizerBase<BaseHyper>, options: { gamma: number }) {
    super(optimizer);
    this.gamma = positive('ExponentialLR', 'gamma', options?.gamma);
  }

  lrAt(epoch: number, base: number): number {
    return base * this.gamma ** epoch;
  }
}

/**
 * Cosine annealing from the initial rate to `etaMin` over `tMax` epochs:
 * `etaMin + (base - etaMin)(1 + cos(π·t / tMax)) / 2`.
 *
 * @example
 * ```ts
 * new CosineAnnealingLR(opt, { tMax: 100, etaMin: 1e-5 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Epochs of one half cosine. */
  readonly tMax: number;
  /** The lowest rate. */
  readonly etaMin: number;

  /**
   * Cosine annealing from the base rates to `etaMin` over `tMax` epochs.
   * @param optimizer - the optimizer whose rates change
   * @param options - tMax, etaMin (default 0)
   */
  constructor(optimizer: OptimizerBase<BaseHyper>, options: { tMax: number; etaMin?: number }) {
    super(optimizer);
    this.tMax = positive('CosineAnnealingLR', 'tMax', options?.tMax, true);
    this.etaMin = options.etaMin ?? 0;
    if (!(this.etaMin >= 0)) throw new ValueError(`CosineAnnealingLR: 'etaMin' must be >= 0, got ${this.etaMin}`);
  }

  lrAt(epoch: number, base: number): number {
    return this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2;
  }
}

/**
 * Linear warm-up from `startFactor · lr` to `lr` over `warmupSteps`, then
 * optionally another schedule (counted from the end of the warm-up).
 *
 * @example
 * ```ts
 * const after = new CosineAnnealingLR(opt, { tMax: 95 });
 * const sched = new WarmupLR(opt, { warmupSteps: 5, startFactor: 0.1, next: after });
 * ```
 */
export class WarmupLR extends LRScheduler {
  /** Steps of linear warm-up. */
  readonly warmupSteps: number;
  /** Fraction of the base rate at step 0. */
  readonly startFactor: number;
  /** The schedule that takes over after the warm-up, or null. */
  readonly next: LRScheduler | null;

  /**
   * A linear warm-up from `startFactor` × the base rates, then `next` (if any).
   * @param optimizer - the optimizer whose rates change
   * @param options - warmupSteps, startFactor, next
   */
  constructor(optimizer: OptimizerBase<BaseHyper>, options: { warmupSteps: number; startFactor?: number; next?: LRScheduler }) {
    super(optimizer);
    this.warmupSteps = positive('WarmupLR', 'warmupSteps', options?.warmupSteps, true);
    this.startFactor = options.startFactor ?? 0.1;
    if (!(this.startFactor > 0 && this.startFactor <= 1)) throw new ValueError(`WarmupLR: 'startFactor' must be in (0, 1], got ${this.startFactor}`);
    this.next = options.next ?? null;
    this.apply();
  }

  lrAt(epoch: number, base: number): number {
    if (epoch < this.warmupSteps) return base * (this.startFactor + ((1 - this.startFactor) * epoch) / this.warmupSteps);
    return this.next ? this.next.lrAt(epoch - this.warmupSteps, base) : base;
  }
}
