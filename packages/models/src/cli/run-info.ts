// run.json: what a training run directory holds, so `eval`, `predict` and
// `--resume` can rebuild the exact model without being told. Every field is
// validated when read: a hand-edited or corrupt file is refused with a
// FormatError naming run.json and the field.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeValue, FormatError, writeFileAtomic } from '@dendrite/core';
import { ZOO } from '../zoo/registry.js';
import { UsageError } from './args.js';
import { DATASET_CHOICES } from './datasets.js';

/** What the non-classifier tasks (autoencoders, GAN, segmentation, STN, char-lstm) train on. */
export const TASK_DATASETS = ['mnist', 'distorted-mnist', 'mnist-segmentation', 'brown'] as const;

export interface RunInfo {
  model: string;
  config: Record<string, unknown>;
  dataset: (typeof DATASET_CHOICES)[number] | (typeof TASK_DATASETS)[number];
  seed: number;
  /** The training options, so a resumed run uses the same ones. */
  options: Record<string, string | boolean>;
  command: string;
  created: string;
  /** Every `--resume` that changed options (more `--epochs`, ...): the flags it gave and when; `options` holds the result. */
  resumed?: { flags: Record<string, string | boolean>; at: string }[];
}

export const RUN_FILE = 'run.json';

export async function writeRunInfo(dir: string, info: RunInfo): Promise<void> {
  await writeFileAtomic(join(dir, RUN_FILE), `${JSON.stringify(info, null, 2)}\n`);
}

/**
 * After `--resume DIR` with flags that change the run (e.g. `--epochs 12`):
 * `options` takes them (a later `--resume` continues with them) and
 * `resumed` records the flags and the time; `command` and `created` keep the
 * original invocation, so run.json tells the whole history of the run.
 * Flags that only shape one invocation (`perInvocation`) are left out; nothing
 * is written when no run option changes.
 *
 * @example
 * ```ts
 * await recordResume('runs/dcgan', info, { epochs: '12', resume: 'runs/dcgan' }, ['resume', 'out']);
 * ```
 */
export async function recordResume(dir: string, info: RunInfo, given: Record<string, string | boolean>, perInvocation: readonly string[]): Promise<void> {
  const flags = Object.fromEntries(Object.entries(given).filter(([k, v]) => !perInvocation.includes(k) && info.options[k] !== v));
  if (Object.keys(flags).length === 0) return;
  const at = new Date().toISOString();
  await writeRunInfo(dir, { ...info, options: { ...info.options, ...flags }, resumed: [...(info.resumed ?? []), { flags, at }] });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks every field of a parsed run.json; throws FormatError naming `file` and the field. */
export function checkRunInfo(info: unknown, file: string): RunInfo {
  const bad = (field: string, want: string, got: unknown) => new FormatError(`${file}: '${field}' must be ${want}, got ${describeValue(got)}`);
  if (!isObject(info)) throw bad('(top level)', 'an object', info);
  if (typeof info.model !== 'string' || !Object.hasOwn(ZOO, info.model)) throw bad('model', `a zoo model name (${Object.keys(ZOO).slice(0, 4).join(', ')}, ...)`, info.model);
  if (!isObject(info.config)) throw bad('config', 'an object', info.config);
  const datasets: readonly string[] = ZOO[info.model].task ? TASK_DATASETS : DATASET_CHOICES;
  if (typeof info.dataset !== 'string' || !datasets.includes(info.dataset)) throw bad('dataset', `one of ${datasets.join(', ')}`, info.dataset);
  if (!Number.isSafeInteger(info.seed) || (info.seed as number) < 0) throw bad('seed', 'a non-negative integer', info.seed);
  if (!isObject(info.options)) throw bad('options', 'an object of flags', info.options);
  for (const [k, v] of Object.entries(info.options)) if (typeof v !== 'string' && typeof v !== 'boolean') throw bad(`options.${k}`, 'a string or true', v);
  if (typeof info.command !== 'string') throw bad('command', 'a string', info.command);
  if (typeof info.created !== 'string') throw bad('created', 'a date string', info.created);
  if (info.resumed !== undefined) {
    if (!Array.isArray(info.resumed)) throw bad('resumed', 'an array', info.resumed);
    info.resumed.forEach((r: unknown, i) => {
      if (!isObject(r) || !isObject(r.flags) || typeof r.at !== 'string') throw bad(`resumed[${i}]`, "an object with 'flags' and 'at'", r);
      for (const [k, v] of Object.entries(r.flags)) if (typeof v !== 'string' && typeof v !== 'boolean') throw bad(`resumed[${i}].flags.${k}`, 'a string or true', v);
    });
  }
  return info as unknown as RunInfo;
}

/** Reads run.json from a run directory, or from the directory of a checkpoint file. */
export async function readRunInfo(path: string, isFile: boolean): Promise<RunInfo> {
  const file = join(isFile ? dirname(path) : path, RUN_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`no ${RUN_FILE} next to ${path}: pass a checkpoint written by 'dendrite train' (or its run directory)`);
  }
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch (err) {
    throw new FormatError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return checkRunInfo(info, file);
}
