// Training checkpoints: model weights, optimizer state, scheduler state,
// random-stream positions and history in one safetensors file, written
// atomically, so an interrupted run resumes with identical numbers.
// Loading is all-or-nothing: the whole file is validated against every
// target before any of them changes.
import {
  checkGeneratorState, defaultGenerator, DendriteError, describeValue, FormatError, type Generator, type GeneratorState, loadSafetensors, saveSafetensors,
  type Tensor,
} from '@dendrite/core';
import type { AnyModule } from '../module/module.js';
import { checkStateDict } from '../module/state-dict.js';
import type { BaseHyper, OptimizerBase, OptimizerState } from '../optim/optimizer.js';
import type { ReduceLROnPlateau } from '../schedulers/plateau.js';
import type { LRScheduler, SchedulerState } from '../schedulers/scheduler.js';
import type { EpochLogs } from './callback.js';

const KEY = 'dendrite.checkpoint';

/** What a checkpoint holds besides tensors. */
export interface CheckpointInfo {
  /** The last finished epoch (1-based; 0 before the first). */
  epoch: number;
  /** The epoch logs so far. */
  history: EpochLogs[];
  /** The optimizer's metadata, or null when none was saved. */
  optimizer: OptimizerState['meta'] | null;
  /** The schedule's state, or null when none was saved. */
  scheduler: SchedulerState | null;
  /**
   * Positions of the shuffling stream, of the default stream (dropout,
   * augmentation...) and of any other named stream the run draws from (a
   * DataLoader's own shuffle generator...).
   */
  generators: { shuffle: GeneratorState | null; default: GeneratorState; named?: Record<string, GeneratorState> };
}

/** What a checkpoint is written from and restored into. */
export interface CheckpointTargets {
  /** The model whose weights are saved or loaded. */
  model: AnyModule;
  /** Its optimizer (state saved and restored), if any. */
  optimizer?: OptimizerBase<BaseHyper> | null;
  /** Its learning-rate schedule, if any. */
  scheduler?: LRScheduler | ReduceLROnPlateau | null;
  /** A random stream to save and restore (e.g. the shuffling one), if any. */
  generator?: Generator | null;
  /** Further streams the run draws from, by name (saved and restored too). */
  generators?: Record<string, Generator>;
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
  const tensors: Record<string, Tensor> = Object.create(null);
  for (const [k, t] of Object.entries(targets.model.stateDict())) tensors[`model.${k}`] = t;
  const opt = targets.optimizer?.stateDict() ?? null;
  if (opt) for (const [k, t] of Object.entries(opt.tensors)) tensors[`optimizer.${k}`] = t;
  const named = Object.entries(targets.generators ?? {});
  const info: CheckpointInfo = {
    epoch: progress.epoch,
    history: progress.history,
    optimizer: opt?.meta ?? null,
    scheduler: targets.scheduler?.stateDict() ?? null,
    generators: {
      shuffle: targets.generator?.state() ?? null,
      default: defaultGenerator.state(),
      ...(named.length ? { named: Object.fromEntries(named.map(([k, g]) => [k, g.state()])) } : {}),
    },
  };
  await saveSafetensors(path, tensors, { format: 'pt', [KEY]: JSON.stringify(info) });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Parses and checks the checkpoint metadata of `path` field by field; every
 * problem is a `FormatError` naming the file and the field.
 *
 * @example
 * ```ts
 * const info = parseCheckpointInfo(metadata['dendrite.checkpoint'], 'ckpt/last.safetensors');
 * ```
 */
export function parseCheckpointInfo(raw: string | undefined, path: string): CheckpointInfo {
  const bad = (field: string, want: string, got: unknown) => new FormatError(`${path}: checkpoint metadata '${field}' must be ${want}, got ${describeValue(got)}`);
  if (raw === undefined) throw new FormatError(`${path}: not a training checkpoint (no '${KEY}' metadata); use Module.load() for plain weights`);
  let info: unknown;
  try {
    info = JSON.parse(raw);
  } catch (err) {
    throw new FormatError(`${path}: metadata '${KEY}' is not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(info)) throw bad(KEY, 'an object', info);
  if (!Number.isSafeInteger(info.epoch) || (info.epoch as number) < 0) throw bad('epoch', 'a non-negative integer', info.epoch);
  if (!Array.isArray(info.history)) throw bad('history', 'an array of epoch logs', info.history);
  info.history.forEach((row, i) => {
    if (!isObject(row)) throw bad(`history[${i}]`, 'an object of numbers', row);
    for (const [k, v] of Object.entries(row)) if (v !== null && typeof v !== 'number') throw bad(`history[${i}].${k}`, 'a number', v);
  });
  if (info.optimizer !== null && !isObject(info.optimizer)) throw bad('optimizer', 'an object or null', info.optimizer);
  if (info.scheduler !== null && !isObject(info.scheduler)) throw bad('scheduler', 'an object or null', info.scheduler);
  const g = info.generators;
  if (!isObject(g)) throw bad('generators', 'an object { shuffle, default }', g);
  const where = (name: string) => `${path}: checkpoint metadata 'generators.${name}'`;
  const checkState = (name: string, s: unknown) => {
    try {
      checkGeneratorState(s, where(name));
    } catch (err) {
      throw new FormatError((err as Error).message);
    }
  };
  if (g.shuffle !== null) checkState('shuffle', g.shuffle);
  checkState('default', g.default);
  if (g.named !== undefined) {
    if (!isObject(g.named)) throw bad('generators.named', 'an object of generator states', g.named);
    for (const [k, s] of Object.entries(g.named)) checkState(`named.${k}`, s);
  }
  return info as unknown as CheckpointInfo;
}

/** Runs a component's validator, prefixing its message with the file (the error class is kept). */
function validating(path: string, what: string, check: () => void): void {
  try {
    check();
  } catch (err) {
    if (!(err instanceof DendriteError)) throw new FormatError(`${path}: ${what}: ${(err as Error)?.message ?? String(err)}`);
    throw err;
  }
}

/**
 * Restores a checkpoint into a model (and optimizer, scheduler, generators)
 * and returns its epoch and history. All-or-nothing: the file, its metadata
 * and every part of it are validated against every target first, so a
 * malformed or mismatched file throws a typed error naming the file and
 * leaves the model, optimizer, scheduler and random streams untouched.
 *
 * @example
 * ```ts
 * const { epoch } = await loadCheckpoint('ckpt/last.safetensors', { model, optimizer, scheduler });
 * ```
 */
export async function loadCheckpoint(path: string, targets: CheckpointTargets): Promise<CheckpointInfo> {
  const { tensors, metadata } = await loadSafetensors(path);
  try {
    const info = parseCheckpointInfo(metadata[KEY], path);
    const pick = (prefix: string) => {
      const out: Record<string, Tensor> = Object.create(null);
      for (const [k, t] of Object.entries(tensors)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = t;
      return out;
    };
    const modelState = pick('model.');
    const unknown = Object.keys(tensors).find((k) => !k.startsWith('model.') && !k.startsWith('optimizer.'));
    if (unknown !== undefined) throw new FormatError(`${path}: unexpected tensor '${unknown}' (a checkpoint holds 'model.*' and 'optimizer.*' only)`);
    const { model, optimizer, scheduler, generator } = targets;
    // 1. Validate everything.
    checkStateDict(`${path}: model`, [...model.namedParameters(), ...model.namedBuffers()], modelState);
    const optState = optimizer ? { tensors: pick('optimizer.'), meta: info.optimizer as OptimizerState['meta'] } : null;
    if (optimizer && optState) {
      if (info.optimizer === null) throw new FormatError(`${path}: the checkpoint has no optimizer state to restore into ${optimizer.constructor.name}`);
      validating(path, 'optimizer', () => optimizer.validateStateDict(optState, `${path}: optimizer`));
    }
    if (scheduler) {
      if (info.scheduler === null) throw new FormatError(`${path}: the checkpoint has no scheduler state to restore into ${scheduler.constructor.name}`);
      validating(path, 'scheduler', () => scheduler.validateStateDict(info.scheduler as SchedulerState, `${path}: scheduler`));
    }
    if (generator && info.generators.shuffle === null) throw new FormatError(`${path}: the checkpoint has no shuffle generator state`);
    for (const name of Object.keys(targets.generators ?? {})) {
      if (!info.generators.named || !Object.hasOwn(info.generators.named, name)) {
        throw new FormatError(`${path}: the checkpoint has no state for generator '${name}' (written by a run that did not draw from it)`);
      }
    }
    // 2. Commit: nothing below can fail on the file's content.
    model.loadStateDict(modelState);
    if (optimizer && optState) optimizer.loadStateDict(optState);
    if (scheduler) scheduler.loadStateDict(info.scheduler as SchedulerState);
    if (generator && info.generators.shuffle) generator.setState(info.generators.shuffle);
    for (const [name, g] of Object.entries(targets.generators ?? {})) g.setState((info.generators.named as Record<string, GeneratorState>)[name]);
    defaultGenerator.setState(info.generators.default);
    return info;
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}
