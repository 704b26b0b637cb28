// run.json: what a training run directory holds, so `eval`, `predict` and
// `--resume` can rebuild the exact model without being told.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@dendrite/core';
import { UsageError } from './args.js';

export interface RunInfo {
  model: string;
  config: Record<string, unknown>;
  dataset: string;
  seed: number;
  /** The training options, so a resumed run uses the same ones. */
  options: Record<string, unknown>;
  command: string;
  created: string;
}

export const RUN_FILE = 'run.json';

export async function writeRunInfo(dir: string, info: RunInfo): Promise<void> {
  await writeFileAtomic(join(dir, RUN_FILE), `${JSON.stringify(info, null, 2)}\n`);
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
  try {
    const info = JSON.parse(text) as RunInfo;
    if (typeof info.model !== 'string') throw new Error("missing 'model'");
    return info;
  } catch (err) {
    throw new UsageError(`${file} is not a valid run description: ${(err as Error).message}`);
  }
}
