import { ReduceLROnPlateau } from '../../schedulers/plateau.js';
import type { LRScheduler } from '../../schedulers/scheduler.js';
import { type Callback, type EpochLogs, monitored, type TrainingContext } from '../callback.js';

/**
 * Steps a learning-rate schedule during fit(): after every epoch (default)
 * or every batch; ReduceLROnPlateau gets the monitored value.
 *
 * @example
 * ```ts
 * new LRSchedulerCallback(new CosineAnnealingLR(opt, { tMax: 50 }));
 * new LRSchedulerCallback(new ReduceLROnPlateau(opt), { monitor: 'valLoss' });
 * ```
 */
export class LRSchedulerCallback implements Callback {
  /**
   * Steps a learning-rate schedule from `fit()`.
   * @param scheduler - the schedule
   * @param options - `interval`: step per epoch (default) or per optimizer step; `monitor`: the value ReduceLROnPlateau watches (default valLoss, else loss)
   */
  constructor(
    readonly scheduler: LRScheduler | ReduceLROnPlateau,
    private readonly options: { interval?: 'epoch' | 'step'; monitor?: string } = {},
  ) {}

  /** Hands the schedule to the training context (so checkpoints save it). */
  onTrainBegin(ctx: TrainingContext): void {
    ctx.scheduler = this.scheduler;
  }

  /** Steps the schedule when it steps per batch. */
  onBatchEnd(): void {
    if (this.options.interval === 'step' && !(this.scheduler instanceof ReduceLROnPlateau)) this.scheduler.step();
  }

  /** Steps the schedule when it steps per epoch. */
  onEpochEnd(_epoch: number, logs: EpochLogs, _ctx: TrainingContext): void {
    if (this.scheduler instanceof ReduceLROnPlateau) {
      this.scheduler.step(monitored('ReduceLROnPlateau', logs, this.options.monitor ?? ('valLoss' in logs ? 'valLoss' : 'loss')));
    } else if (this.options.interval !== 'step') {
      this.scheduler.step();
    }
  }
}
