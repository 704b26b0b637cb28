import { removeStaleTempFiles, writeFileAtomic } from '@dendrite/core';
import type { Callback, TrainingContext } from '../callback.js';

/**
 * Writes the history (one row per epoch) to a JSON or CSV file after every
 * epoch, atomically.
 *
 * @example
 * ```ts
 * new HistoryLogger('runs/history.csv'); // format from the extension
 * ```
 */
export class HistoryLogger implements Callback {
  /** File format: JSON (an array of epoch logs) or CSV (one row per epoch). */
  readonly format: 'json' | 'csv';

  /**
   * Writes the training history after every epoch.
   * @param path - the file written
   * @param format - 'json' or 'csv' (default: from the file extension)
   */
  constructor(
    readonly path: string,
    format?: 'json' | 'csv',
  ) {
    this.format = format ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'json');
  }

  /**
   * Temp files a killed run left beside the log go at the start, not only at
   * the next write; a resumed run rewrites the log from the checkpoint's
   * history, since a kill between the checkpoint and the log leaves it one epoch short.
   */
  async onTrainBegin(ctx?: TrainingContext): Promise<void> {
    await removeStaleTempFiles(this.path);
    if (ctx && ctx.history.length > 0) await this.write(ctx);
  }

  /** Writes the history so far. */
  async onEpochEnd(_epoch: number, _logs: unknown, ctx: TrainingContext): Promise<void> {
    await this.write(ctx);
  }

  private async write(ctx: TrainingContext): Promise<void> {
    await writeFileAtomic(this.path, this.format === 'json' ? `${JSON.stringify(ctx.history, null, 2)}\n` : toCsv(ctx.history));
  }
}

/**
 * History rows as CSV: a header of every key seen, empty cells where absent.
 *
 * @example
 * ```ts
 * toCsv([{ epoch: 1, loss: 0.5 }]); // 'epoch,loss\n1,0.5\n'
 * ```
 */
export function toCsv(rows: Record<string, number>[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return `${[keys.join(','), ...rows.map((r) => keys.map((k) => (k in r ? String(r[k]) : '')).join(','))].join('\n')}\n`;
}
