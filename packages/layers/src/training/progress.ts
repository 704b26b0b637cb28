// Progress output of fit(): a live bar on a TTY (steps, loss, metrics,
// throughput, ETA), one plain line per epoch elsewhere.

/** Where progress goes (process.stdout by default). */
export interface ProgressStream {
  /** Writes text (no newline added). */
  write(text: string): unknown;
  /** Whether it is a terminal: progress is a redrawn bar there, plain lines elsewhere. */
  isTTY?: boolean;
  /** Terminal width, for the bar. */
  columns?: number;
}

function fmtTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Formats logs as `loss 0.1234 - accuracy 0.9500`.
 *
 * @example
 * ```ts
 * formatLogs({ loss: 0.5, accuracy: 0.75 }); // 'loss 0.5000 - accuracy 0.7500'
 * ```
 */
export function formatLogs(logs: Record<string, number>): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k} ${Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4)}`)
    .join(' - ');
}

/**
 * Renders training progress for one run.
 *
 * @example
 * ```ts
 * const p = new ProgressReporter(process.stdout, 10);
 * p.step(1, 5, 100, { loss: 0.9 }); p.epochEnd(1, { loss: 0.8 }, 2.5);
 * ```
 */
export class ProgressReporter {
  private readonly tty: boolean;
  private epochStart = Date.now();

  /**
   * Prints training progress.
   * @param out - where progress goes
   * @param epochs - the total number of epochs
   */
  constructor(
    private readonly out: ProgressStream,
    private readonly epochs: number,
  ) {
    this.tty = !!out.isTTY;
  }

  /** Starts timing an epoch. */
  epochBegin(): void {
    this.epochStart = Date.now();
  }

  /** Redraws the bar after a step (TTY only). */
  step(epoch: number, step: number, total: number | undefined, samples: number, logs: Record<string, number>): void {
    if (!this.tty) return;
    const elapsed = (Date.now() - this.epochStart) / 1000;
    const rate = samples / Math.max(elapsed, 1e-9);
    const eta = total ? (elapsed / step) * (total - step) : Number.NaN;
    const width = 24;
    const done = total ? Math.min(width, Math.round((width * step) / total)) : 0;
    const bar = total ? `[${'='.repeat(done)}${done < width ? '>' : ''}${'.'.repeat(Math.max(0, width - done - 1))}]` : '';
    const line = `Epoch ${epoch}/${this.epochs} ${bar} ${step}${total ? `/${total}` : ''} - ${formatLogs(logs)} - ${rate.toFixed(0)} samples/s - ETA ${fmtTime(eta)}`;
    const cols = this.out.columns ?? 120;
    this.out.write(`\r${line.slice(0, cols - 1)}\x1b[K`);
  }

  /** Writes the epoch's final line. */
  epochEnd(epoch: number, logs: Record<string, number>, samples: number): void {
    const elapsed = (Date.now() - this.epochStart) / 1000;
    const line = `Epoch ${epoch}/${this.epochs} - ${fmtTime(elapsed)} - ${(samples / Math.max(elapsed, 1e-9)).toFixed(0)} samples/s - ${formatLogs(logs)}`;
    this.out.write(this.tty ? `\r${line}\x1b[K\n` : `${line}\n`);
  }
}
