import { makeDirectory, removeStaleTempFiles } from '@dendrite/core';
import { type Callback, type EpochLogs, monitored, resolveMode, type TrainingContext } from '../callback.js';
import { saveCheckpoint } from '../checkpoint.js';

/** Options of `ModelCheckpoint`. */
export interface ModelCheckpointOptions {
  /** Folder for `last.safetensors` and `best.safetensors`. */
  dir: string;
  /** Log key deciding "best" (default 'valLoss', or 'loss' without validation data). */
  monitor?: string;
  /** 'min', 'max' or 'auto' (max for accuracies; default). */
  mode?: 'auto' | 'min' | 'max';
  /** Keep the best epoch's checkpoint (default true). */
  saveBest?: boolean;
  /** Keep the latest epoch's checkpoint (default true), for resuming. */
  saveLast?: boolean;
}

/**
 * Saves training checkpoints (weights, optimizer, scheduler, random streams,
 * history) after each epoch: `last.safetensors` to resume from and
 * `best.safetensors` for the best monitored value. Writes are atomic.
 *
 * @example
 * ```ts
 * await fit(model, data, { ..., callbacks: [new ModelCheckpoint({ dir: 'ckpt' })] });
 * await fit(model, data, { ..., resumeFrom: 'ckpt/last.safetensors' });
 * ```
 */
export class ModelCheckpoint implements Callback {
  private best = Number.NaN;
  /** Path of the checkpoint written after every epoch. */
  readonly lastPath: string;
  /** Path of the checkpoint of the best epoch so far. */
  readonly bestPath: string;

  /**
   * Writes full training checkpoints (weights, optimizer, schedule, random streams, history) to `options.dir`.
   * @param options - dir, the monitored value and mode
   */
  constructor(private readonly options: ModelCheckpointOptions) {
    this.lastPath = `${options.dir}/last.safetensors`;
    this.bestPath = `${options.dir}/best.safetensors`;
  }

  /** Creates the checkpoint directory, removes stale temp files and restores the best score from a resumed history. */
  async onTrainBegin(ctx?: TrainingContext): Promise<void> {
    await makeDirectory(this.options.dir);
    // Temp files a killed run left beside either checkpoint go now, not only when that file is next written.
    await Promise.all([removeStaleTempFiles(this.lastPath), removeStaleTempFiles(this.bestPath)]);
    // A resumed run remembers its best score (from the restored history), so
    // its first epoch overwrites best.safetensors only if it is better.
    this.best = Number.NaN;
    for (const row of ctx?.history ?? []) this.consider(row);
  }

  /** Whether `logs` beats the best so far (and records it). */
  private consider(logs: EpochLogs): boolean {
    const monitor = this.options.monitor ?? ('valLoss' in logs ? 'valLoss' : 'loss');
    const v = logs[monitor];
    if (typeof v !== 'number' || Number.isNaN(v)) return false;
    const min = resolveMode(this.options.mode ?? 'auto', monitor) === 'min';
    if (Number.isNaN(this.best) || (min ? v < this.best : v > this.best)) {
      this.best = v;
      return true;
    }
    return false;
  }

  async onEpochEnd(epoch: number, logs: EpochLogs, ctx: TrainingContext): Promise<void> {
    const targets = { model: ctx.model, optimizer: ctx.optimizer, scheduler: ctx.scheduler, generator: ctx.generator, generators: ctx.generators };
    const progress = { epoch, history: ctx.history };
    // best before last: a run killed between the two writes redoes this epoch on resume and rewrites the same best.
    if (this.options.saveBest ?? true) {
      const monitor = this.options.monitor ?? ('valLoss' in logs ? 'valLoss' : 'loss');
      monitored('ModelCheckpoint', logs, monitor); // throws when the key is missing
      if (this.consider(logs)) await saveCheckpoint(this.bestPath, targets, progress);
    }
    if (this.options.saveLast ?? true) await saveCheckpoint(this.lastPath, targets, progress);
  }
}
