// What a non-classifier training task gives the generic `dendrite train`
// driver: its model, optimizers, step, validation and pictures.
import { dispose, type Generator, type Tensor, tidy } from '@dendrite/core';
import type { AnyModule, BaseHyper, EpochLogs, Optimizer, OptimizerBase } from '@dendrite/layers';
import type { ParsedArgs } from '../args.js';

/** The options every task reads, parsed once by the driver. */
export interface TaskContext {
  modelName: string;
  flags: ParsedArgs['flags'];
  epochs: number;
  batchSize: number;
  seed: number;
  /** Training examples to use (0: all). */
  limit: number;
  /** The run directory (pictures go here). */
  out: string;
  dataDir: string | undefined;
  /** The shuffling stream (checkpointed). */
  generator: Generator;
  log(line: string): void;
}

/** A task set up for training. */
export interface PreparedTask<B = unknown> {
  model: AnyModule;
  /** The model's saved config (rebuilds it for `sample`, `--resume`). */
  config: Record<string, unknown>;
  dataset: string;
  optimizers: Record<string, OptimizerBase<BaseHyper>>;
  batches(epoch: number): AsyncIterable<B> | Iterable<B>;
  batchesPerEpoch?: number;
  step(batch: B, epoch: number): Promise<{ logs: Record<string, number>; size: number }>;
  release?(batch: B): void;
  validate?(epoch: number): Promise<Record<string, number>>;
  /** Pictures of this epoch into the run folder. */
  pictures?(epoch: number, logs: EpochLogs): Promise<void>;
  /** Lines for the final report (test numbers). */
  report?(history: EpochLogs[]): Promise<string[]>;
  /** Series for the loss-curve plot (default: every loss-like key). */
  curves?: string[];
}

/** A task: its flags and how to set it up. */
export interface TaskSpec {
  /** Extra flags this task accepts. */
  flags: readonly string[];
  prepare(ctx: TaskContext): Promise<PreparedTask<never>>;
}

/** Indices 0..n-1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * One optimizer step on the loss `compute` returns first; the other tensors
 * (accuracy, an ELBO's terms) are read back beside it. Returns their values.
 */
export async function optimizeStep(optimizer: Optimizer<BaseHyper>, compute: () => Tensor[]): Promise<number[]> {
  optimizer.zeroGrad();
  const out = tidy(() => {
    const ts = compute();
    ts[0].backward();
    return ts;
  });
  optimizer.step();
  const values = await Promise.all(out.map(async (t) => (await t.data())[0]));
  dispose(out);
  return values;
}
