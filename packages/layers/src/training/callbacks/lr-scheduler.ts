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
  constructor(
    readonly scheduler: LRScheduler | ReduceLROnPlateau,
    private readonly options: { interval?: 'epoch' | 'step'; monitor?: string } = {},
  ) {}

  onTrainBegin(ctx: TrainingContext): void {
    ctx.scheduler = this.scheduler;
  }

  onBatchEnd(): void {
    if (this.options.interval === 'step' && !(this.scheduler instanceof ReduceLROnPlateau)) this.scheduler.step();
  }

  onEpochEnd(_epoch: number, logs: EpochLogs, _ctx: TrainingContext): void {
    if (this.scheduler instanceof ReduceLROnPlateau) {
      this.scheduler.step(monitored('ReduceLROnPlateau', logs, this.options.monitor ?? ('valLoss' in logs ? 'valLoss' : 'loss')));
    } else if (this.options.interval !== 'step') {
      this.scheduler.step();
    }
  }
}
