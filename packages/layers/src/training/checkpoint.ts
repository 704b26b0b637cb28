// Training checkpoints: model weights, optimizer state, scheduler state,
// random-stream positions and history in one safetensors file, written
// atomically, so an interrupted run resumes with identical numbers.
import { defaultGenerator, FormatError, type Generator, loadSafetensors, saveSafetensors, type Tensor } from '@dendrite/core';
import type { AnyModule } from '../module/module.js';
import type { BaseHyper, OptimizerBase, OptimizerState } from '../optim/optimizer.js';
import type { ReduceLROnPlateau } from '../schedulers/plateau.js';
import type { LRScheduler, SchedulerState } from '../schedulers/scheduler.js';
import type { EpochLogs } from './callback.js';

const KEY = 'dendrite.checkpoint';

type GeneratorState = ReturnType<Generator['state']>;

/** What a checkpoint holds besides tensors. */
export interface CheckpointInfo {
  /** The last finished epoch (1-based). */
  epoch: number;
  history: EpochLogs[];
  optimizer: OptimizerState['meta'] | null;
  scheduler: SchedulerState | null;
  /** Positions of the shuffling stream and of the default stream (dropout...). */
  generators: { shuffle: GeneratorState | null; default: GeneratorState };
}

/** What a checkpoint is written from and restored into. */
export interface CheckpointTargets {
  model: AnyModule;
  optimizer?: OptimizerBase<BaseHyper> | null;
  scheduler?: LRScheduler | ReduceLROnPlateau | null;
  generator?: Generator | null;
}

/**
 * Writes a checkpoint atomically (temp file, then rename).
 *
 * @example
 * ```ts
 * await saveCheckpoint('ckpt/last.safetensors', { model, optimizer }, { epoch: 3, history });
 * ```
 */
export async function saveCheckpoint(path: string, targets: CheckpointTargets, progress: { epoch: number; history: EpochLogs[] }): Promise<void> {
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(targets.model.stateDict())) tensors[`model.${k}`] = t;
  const opt = targets.optimizer?.stateDict() ?? null;
  if (opt) for (const [k, t] of Object.entries(opt.tensors)) tensors[`optimizer.${k}`] = t;
  const info: CheckpointInfo = {
    epoch: progress.epoch,
    history: progress.history,
    optimizer: opt?.meta ?? null,
    scheduler: targets.scheduler?.stateDict() ?? null,
    generators: { shuffle: targets.generator?.state() ?? null, default: defaultGenerator.state() },
  };
  await saveSafetensors(path, tensors, { format: 'pt', [KEY]: JSON.stringify(info) });
}

/**
 * Restores a checkpoint into a model (and optimizer, scheduler, generators)
 * and returns its epoch and history. The model is validated first: a
 * mis-shaped or truncated file throws and leaves it untouched.
 *
 * @example
 * ```ts
 * const { epoch } = await loadCheckpoint('ckpt/last.safetensors', { model, optimizer, scheduler });
 * ```
 */
export async function loadCheckpoint(path: string, targets: CheckpointTargets): Promise<CheckpointInfo> {
  const { tensors, metadata } = await loadSafetensors(path);
  try {
    const raw = metadata[KEY];
    if (raw === undefined) throw new FormatError(`${path}: not a training checkpoint (no '${KEY}' metadata); use Module.load() for plain weights`);
    let info: CheckpointInfo;
    try {
      info = JSON.parse(raw) as CheckpointInfo;
    } catch (err) {
      throw new FormatError(`${path}: metadata '${KEY}' is not valid JSON (${(err as Error).message})`);
    }
    const pick = (prefix: string) => Object.fromEntries(Object.entries(tensors).filter(([k]) => k.startsWith(prefix)).map(([k, t]) => [k.slice(prefix.length), t]));
    targets.model.loadStateDict(pick('model.'));
    if (targets.optimizer && info.optimizer) targets.optimizer.loadStateDict({ tensors: pick('optimizer.'), meta: info.optimizer });
    if (targets.scheduler && info.scheduler) targets.scheduler.loadStateDict(info.scheduler);
    if (targets.generator && info.generators.shuffle) targets.generator.setState(info.generators.shuffle);
    defaultGenerator.setState(info.generators.default);
    return info;
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}
