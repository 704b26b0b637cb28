// dendrite train <generative|segmentation|stn|language model>: the models
// whose step is not cross-entropy on image classes. Same run folder as the
// classifiers (run.json, last.safetensors, history.json/csv, --resume), plus
// PNG pictures per epoch and a loss-curve plot.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Generator, seed as seedAll, writeFileAtomic } from '@dendrite/core';
import { plotLines, savePng } from '@dendrite/data';
import type { EpochLogs } from '@dendrite/layers';
import { trainEpochs } from '../../training/epoch-loop.js';
import type { ZooEntry } from '../../zoo/registry.js';
import { checkKnownFlags, choiceFlag, numberFlag, type ParsedArgs, UsageError } from '../args.js';
import { BACKEND_CHOICES, selectBackend } from '../backends.js';
import { type RunInfo, recordResume, writeRunInfo } from '../run-info.js';
import { TASKS } from '../tasks/registry.js';

const COMMON = ['dataset', 'epochs', 'batch-size', 'backend', 'seed', 'out', 'resume', 'data-dir', 'limit', 'quiet'];

function csv(history: EpochLogs[]): string {
  const keys = [...new Set(history.flatMap((r) => Object.keys(r)))];
  return `${keys.join(',')}\n${history.map((r) => keys.map((k) => r[k] ?? '').join(',')).join('\n')}\n`;
}

/**
 * Trains a zoo entry that has a `task`; `flags` already merged with a resumed
 * run's options.
 */
export async function trainTaskCommand(
  modelName: string,
  entry: ZooEntry,
  flags: ParsedArgs['flags'],
  resumeDir: string | undefined,
  log: (line: string) => void,
  resumed?: { info: RunInfo; given: ParsedArgs['flags'] },
): Promise<number> {
  const spec = TASKS[entry.task as keyof typeof TASKS];
  if (!spec) throw new UsageError(`'${modelName}' has no training task`);
  checkKnownFlags(flags, [...COMMON, ...spec.flags], `train ${modelName}`);
  const epochs = numberFlag(flags, 'epochs', 5, { integer: true, min: 1 });
  const batchSize = numberFlag(flags, 'batch-size', 128, { integer: true, min: 1 });
  const seed = numberFlag(flags, 'seed', 0, { integer: true, min: 0 });
  const limit = numberFlag(flags, 'limit', 0, { integer: true, min: 0 });
  const backend = choiceFlag(flags, 'backend', BACKEND_CHOICES, 'auto');
  const out = typeof flags.out === 'string' ? flags.out : join('runs', modelName);
  log(`backend: ${await selectBackend(backend)}`);
  seedAll(seed);
  await mkdir(out, { recursive: true });
  const generator = new Generator(seed);
  const task = await spec.prepare({ modelName, flags, epochs, batchSize, seed, limit, out, dataDir: typeof flags['data-dir'] === 'string' ? flags['data-dir'] : undefined, generator, log });
  log(`model: ${modelName}, ${task.model.numParameters().toLocaleString('en-US')} parameters`);
  if (!resumeDir) {
    const options = Object.fromEntries(Object.entries(flags).filter(([k]) => k !== 'resume' && k !== 'out'));
    const argv = Object.entries(options)
      .map(([k, v]) => (v === true ? `--${k}` : `--${k} ${v}`))
      .join(' ');
    await writeRunInfo(out, { model: modelName, config: task.config, dataset: task.dataset as RunInfo['dataset'], seed, options, command: `dendrite train ${modelName} ${argv}`.trim(), created: new Date().toISOString() });
  } else if (resumed) {
    await recordResume(out, resumed.info, resumed.given, ['resume', 'out']);
  }
  const curves = task.curves;
  const history = await trainEpochs({
    model: task.model,
    optimizers: task.optimizers,
    batches: (e) => task.batches(e),
    batchesPerEpoch: task.batchesPerEpoch,
    step: (b, e) => task.step(b as never, e),
    release: task.release ? (b) => task.release?.(b as never) : undefined,
    validate: task.validate,
    epochs,
    dir: out,
    resume: !!resumeDir,
    generator,
    verbose: flags.quiet ? 0 : 1,
    async onEpochEnd(epoch, logs, all) {
      await task.pictures?.(epoch, logs);
      const keys = curves ?? Object.keys(logs).filter((k) => /loss/i.test(k));
      await savePng(plotLines(keys.map((k) => ({ name: k, values: all.map((r) => r[k]) })), { title: `${modelName} by epoch`, xLabel: 'epoch' }), join(out, 'loss.png'));
      await writeFileAtomic(join(out, 'history.json'), `${JSON.stringify(all, null, 2)}\n`);
      await writeFileAtomic(join(out, 'history.csv'), csv(all));
    },
  });
  for (const line of (await task.report?.(history)) ?? []) log(line);
  const times = history.map((r) => r.seconds).filter((s) => typeof s === 'number');
  if (times.length) log(`seconds per epoch: ${times.map((s) => s.toFixed(1)).join(', ')}`);
  log(`run folder: ${out} (run.json, last.safetensors, history.csv, loss.png and pictures per epoch)`);
  return 0;
}
