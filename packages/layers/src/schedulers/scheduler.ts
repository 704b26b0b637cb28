// Learning-rate schedules: each computes the rate of every parameter group
// in closed form from the step count, so resuming needs only `lastEpoch`.
import { ValueError } from '@dendrite/core';
import type { BaseHyper, OptimizerBase } from '../optim/optimizer.js';

/** Saved scheduler state. */
export interface SchedulerState {
  type: string;
  lastEpoch: number;
  baseLrs: number[];
  extra?: Record<string, unknown>;
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
  lastEpoch = 0;
  readonly baseLrs: number[];

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

  stateDict(): SchedulerState {
    return { type: this.constructor.name, lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] };
  }

  loadStateDict(state: SchedulerState): void {
    if (!state || state.type !== this.constructor.name || state.baseLrs?.length !== this.baseLrs.length) {
      throw new ValueError(`${this.constructor.name}.loadStateDict: the state is from ${state?.type ?? 'nothing'} with ${state?.baseLrs?.length ?? 0} groups, expected ${this.constructor.name} with ${this.baseLrs.length}`);
    }
    this.lastEpoch = state.lastEpoch;
    this.baseLrs.splice(0, this.baseLrs.length, ...state.baseLrs);
    this.apply();
  }
}
