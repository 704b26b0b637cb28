// Learning-rate schedules: each computes the rate of every parameter group
// in closed form from the step count, so resuming needs only `lastEpoch`.
import { describeValue, ValueError } from '@dendrite/core';
import type { BaseHyper, OptimizerBase } from '../optim/optimizer.js';

/** Saved scheduler state. */
export interface SchedulerState {
  /** The scheduler's class name. */
  type: string;
  /** Number of `step` calls so far. */
  lastEpoch: number;
  /** The groups' learning rates when the scheduler was made. */
  baseLrs: number[];
  /** Scheduler-specific values. */
  extra?: Record<string, unknown>;
}

/**
 * Throws `ValueError` unless `state` is a scheduler state of `type` with
 * `groups` base rates, an integer `lastEpoch` >= 0 and finite rates.
 *
 * @example
 * ```ts
 * checkSchedulerState('ckpt.safetensors', saved, 'StepLR', 1);
 * ```
 */
export function checkSchedulerState(where: string, state: unknown, type: string, groups: number): asserts state is SchedulerState {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) throw new ValueError(`${where}: a scheduler state must be an object, got ${describeValue(state)}`);
  const s = state as Record<string, unknown>;
  const lrs = s.baseLrs;
  if (s.type !== type || !Array.isArray(lrs) || lrs.length !== groups) {
    throw new ValueError(`${where}: the state is from ${typeof s.type === 'string' ? s.type : describeValue(s.type)} with ${Array.isArray(lrs) ? lrs.length : 0} groups, expected ${type} with ${groups}`);
  }
  if (!lrs.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) throw new ValueError(`${where}: 'baseLrs' must hold non-negative finite numbers`);
  if (!Number.isSafeInteger(s.lastEpoch) || (s.lastEpoch as number) < 0) throw new ValueError(`${where}: 'lastEpoch' must be a non-negative integer, got ${describeValue(s.lastEpoch)}`);
}

/**
 * Base class of the schedules: `step()` advances one epoch (or one batch,
 * as you call it) and writes each group's new `lr`.
 *
 * @example
 * ```ts
 * const sched = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 90; epoch++) { train(); sched.step(); }
 * ```
 */
export abstract class LRScheduler {
  /** Number of `step` calls so far. */
  lastEpoch = 0;
  /** The groups' learning rates when the scheduler was made. */
  readonly baseLrs: number[];

  /**
   * Records the optimizer's current rates as the base rates.
   * @param optimizer - the optimizer whose group rates this schedule sets
   */
  constructor(readonly optimizer: OptimizerBase<BaseHyper>) {
    if (!optimizer || !Array.isArray(optimizer.paramGroups)) throw new ValueError(`${new.target.name}: expected an optimizer, got ${typeof optimizer}`);
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /** The rate of a group whose initial rate is `base`, after `epoch` steps. */
  abstract lrAt(epoch: number, base: number): number;

  /** Advances the schedule and sets every group's `lr`. */
  step(): void {
    this.lastEpoch++;
    this.apply();
  }

  protected apply(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = this.lrAt(this.lastEpoch, this.baseLrs[i]);
    });
  }

  /** The current rate of every group. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The scheduler's state, for checkpoints. */
  stateDict(): SchedulerState {
    return { type: this.constructor.name, lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] };
  }

  /**
   * Throws `ValueError` (naming `where`) unless `state` is this schedule's:
   * same type and group count, an integer `lastEpoch` >= 0, finite base rates.
   *
   * @example
   * ```ts
   * sched.validateStateDict(saved);
   * ```
   */
  validateStateDict(state: SchedulerState, where = `${this.constructor.name}.loadStateDict`): void {
    checkSchedulerState(where, state, this.constructor.name, this.baseLrs.length);
  }

  /** Restores a state from `stateDict()` and sets the rates it implies. */
  loadStateDict(state: SchedulerState): void {
    this.validateStateDict(state);
    this.lastEpoch = state.lastEpoch;
    this.baseLrs.splice(0, this.baseLrs.length, ...state.baseLrs);
    this.apply();
  }
}
