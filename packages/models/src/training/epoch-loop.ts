// The training loop for models whose step is not "loss(model(x), y)": VAEs
// (ELBO), GANs (two optimizers), language models (carried hidden state).
// Each epoch: steps with progress, optional validation, a checkpoint
// (weights, every optimizer, every random stream, history) and a hook for
// pictures, so `--resume` continues where a run stopped.
import { defaultGenerator, type Generator, nodeBuiltin } from '@dendrite/core';
import { type AnyModule, type BaseHyper, type EpochLogs, loadCheckpoint, type OptimizerBase, ProgressReporter, type ProgressStream, saveCheckpoint } from '@dendrite/layers';
import { optimizerSet } from './optimizer-set.js';

/** process.stdout in Node, the console elsewhere (as fit() does). */
function defaultOutput(): ProgressStream {
  const proc = (globalThis as { process?: { stdout?: ProgressStream } }).process;
  return proc?.stdout ?? { write: (text: string) => console.log(text.replace(/\n$/, '')) };
}

/** Options of `trainEpochs`. */
export interface EpochLoopOptions<B> {
  /** Everything with weights (one state dict in the checkpoint). */
  model: AnyModule;
  /** Every optimizer the step uses, by name. */
  optimizers: Record<string, OptimizerBase<BaseHyper>>;
  /** A fresh pass over the training batches. */
  batches(epoch: number): AsyncIterable<B> | Iterable<B>;
  /** Number of batches per epoch, for the progress bar. */
  batchesPerEpoch?: number;
  /** One training step; returns scalar logs (loss, ...) and the batch's sample count. */
  step(batch: B, epoch: number): Promise<{ logs: Record<string, number>; size: number }>;
  /** Called after each batch (e.g. to dispose it). */
  release?(batch: B): void;
  /** Last epoch to run (epochs are numbered from 1; a resumed run continues after its checkpoint's epoch). */
  epochs: number;
  /** Validation after each epoch; keys get a `val` prefix. */
  validate?(epoch: number): Promise<Record<string, number>>;
  /** After the epoch's checkpoint: pictures, plots. */
  onEpochEnd?(epoch: number, logs: EpochLogs, history: EpochLogs[]): Promise<void>;
  /** Directory of `last.safetensors` (none: no checkpoints). */
  dir?: string;
  /** Resume from `dir`'s last.safetensors if it exists. */
  resume?: boolean;
  /** The shuffling stream, checkpointed with the default one. */
  generator?: Generator;
  /** 0: no progress output; 1 (default): a progress bar per epoch. */
  verbose?: 0 | 1;
  /** Where progress is written (default `process.stdout`). */
  output?: ProgressStream;
}

/** The history key of a validation log: `meanIoU` → `valMeanIoU`. */
export function valKey(name: string): string {
  return `val${name[0].toUpperCase()}${name.slice(1)}`;
}

/**
 * Runs epochs of a custom step with progress, validation, checkpoints and
 * resume; returns the history (one row per epoch, with `seconds`).
 *
 * @example
 * ```ts
 * const history = await trainEpochs({
 *   model: vae, optimizers: { adam }, epochs: 10, dir: 'runs/vae',
 *   batches: () => loader, release: (b) => dispose([b.x, b.y]),
 *   step: async (b) => ({ logs: await vaeStep(vae, adam, b.x), size: b.x.shape[0] }),
 * });
 * ```
 */
export async function trainEpochs<B>(options: EpochLoopOptions<B>): Promise<EpochLogs[]> {
  const generator = options.generator ?? defaultGenerator;
  const optimizer = optimizerSet(options.optimizers);
  // Checkpoints are files: Node built-ins are reached only when `dir` is given (a ValueError naming it in browsers).
  const what = "trainEpochs: checkpoints ('dir')";
  const last = options.dir ? nodeBuiltin<typeof import('node:path')>('node:path', what).join(options.dir, 'last.safetensors') : undefined;
  let history: EpochLogs[] = [];
  let first = 1;
  if (options.resume && last && nodeBuiltin<typeof import('node:fs')>('node:fs', what).existsSync(last)) {
    const info = await loadCheckpoint(last, { model: options.model, optimizer, generator });
    history = info.history;
    first = info.epoch + 1;
  }
  const progress = options.verbose === 0 ? null : new ProgressReporter(options.output ?? defaultOutput(), options.epochs);
  for (let epoch = first; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    options.model.train();
    progress?.epochBegin();
    const sums: Record<string, number> = {};
    let samples = 0;
    let step = 0;
    for await (const batch of options.batches(epoch)) {
      try {
        const { logs, size } = await options.step(batch, epoch);
        samples += size;
        step++;
        for (const [k, v] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + v * size;
      } finally {
        options.release?.(batch);
      }
      progress?.step(epoch, step, options.batchesPerEpoch, samples, Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / samples])));
    }
    const logs: EpochLogs = { epoch, ...Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / Math.max(samples, 1)])) };
    logs.seconds = (performance.now() - started) / 1000;
    if (options.validate) {
      options.model.eval();
      for (const [k, v] of Object.entries(await options.validate(epoch))) logs[valKey(k)] = v;
      options.model.train();
    }
    history.push(logs);
    progress?.epochEnd(epoch, Object.fromEntries(Object.entries(logs).filter(([k]) => k !== 'epoch')), samples);
    if (last) await saveCheckpoint(last, { model: options.model, optimizer, generator }, { epoch, history });
    options.model.eval();
    await options.onEpochEnd?.(epoch, logs, history);
  }
  return history;
}
