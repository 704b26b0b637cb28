// dendrite train <model> --dataset mnist [...]: trains with a progress bar,
// validates after every epoch, and keeps best/last checkpoints, run.json and
// the metrics history (JSON + CSV) in --out.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cast, getBackend, seed as seedAll } from '@dendrite/core';
import { DataLoader, subset } from '@dendrite/data';
import { Adam, CosineAnnealingLR, CrossEntropyLoss, evaluate, fit, HistoryLogger, type Module, ModelCheckpoint, SGD, type TensorModule } from '@dendrite/layers';
import { ZOO, zooEntry } from '../../zoo/registry.js';
import { checkKnownFlags, choiceFlag, numberFlag, type ParsedArgs, UsageError } from '../args.js';
import { augmented, mapImages, parseAugment } from '../augment.js';
import { BACKEND_CHOICES, selectBackend } from '../backends.js';
import { DATASET_CHOICES, evalLoader, loadDataset } from '../datasets.js';
import { readRunInfo, writeRunInfo } from '../run-info.js';
import { trainTaskCommand } from './train-task.js';

const FLAGS = ['dataset', 'epochs', 'batch-size', 'lr', 'optimizer', 'backend', 'seed', 'augment', 'out', 'resume', 'data-dir', 'limit', 'quiet', 'dtype'];

export async function trainCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  // Models with their own training task check their own flags (trainTaskCommand).
  const named = args.positionals[0];
  if (!(named && Object.hasOwn(ZOO, named) && ZOO[named].task)) checkKnownFlags(args.flags, FLAGS, 'train');
  let flags = args.flags;
  let modelName = args.positionals[0];
  const resumeDir = typeof flags.resume === 'string' ? flags.resume : undefined;
  if (resumeDir) {
    const info = await readRunInfo(resumeDir, false);
    if (modelName && modelName !== info.model) throw new UsageError(`--resume ${resumeDir} holds a '${info.model}' run, not '${modelName}'`);
    modelName = info.model;
    // The resumed run keeps its options; flags given now (e.g. more --epochs) win.
    flags = { ...(info.options as ParsedArgs['flags']), ...flags, out: resumeDir };
  }
  if (!modelName) throw new UsageError("missing model name: 'dendrite train <model> --dataset mnist' (see 'dendrite summary --list')");
  const entry = zooEntry(modelName);
  if (entry.task) return trainTaskCommand(modelName, entry, flags, resumeDir, log);
  if (!entry.classifier) throw new UsageError(`'${modelName}' is not trained by 'dendrite train' (it has its own learning rule; see the README)`);
  const dataset = choiceFlag(flags, 'dataset', DATASET_CHOICES, 'mnist');
  const epochs = numberFlag(flags, 'epochs', 4, { integer: true, min: 1 });
  const batchSize = numberFlag(flags, 'batch-size', 128, { integer: true, min: 1 });
  const optimizerName = choiceFlag(flags, 'optimizer', ['adam', 'sgd'] as const, 'adam');
  const lr = numberFlag(flags, 'lr', optimizerName === 'adam' ? 3e-3 : 0.05, { min: 0 });
  const seed = numberFlag(flags, 'seed', 0, { integer: true, min: 0 });
  const backendChoice = choiceFlag(flags, 'backend', BACKEND_CHOICES, 'auto');
  const dtype = choiceFlag(flags, 'dtype', ['float32', 'float16'] as const, 'float32');
  const out = typeof flags.out === 'string' ? flags.out : join('runs', `${modelName}-${dataset}`);
  const dataDir = typeof flags['data-dir'] === 'string' ? flags['data-dir'] : undefined;
  const augment = parseAugment(typeof flags.augment === 'string' ? flags.augment : undefined, entry.inputShape[entry.inputShape.length - 1] === 32 ? 28 : entry.inputShape[entry.inputShape.length - 1]);

  log(`backend: ${await selectBackend(backendChoice)}`);
  if (dtype === 'float16' && !getBackend().capabilities.dtypes.includes('float16')) {
    throw new UsageError(`--dtype float16 needs a backend with float16 (webgpu on an adapter with shader-f16); '${getBackend().name}' has ${getBackend().capabilities.dtypes.join(', ')}`);
  }
  seedAll(seed);
  const t0 = performance.now();
  const limit = numberFlag(flags, 'limit', 0, { integer: true, min: 0 });
  const loaded = await loadDataset(dataset, dataDir);
  // --limit N: the first N training and N/5 test images, for quick runs and smoke tests.
  const train = limit ? subset(loaded.train, range(Math.min(limit, loaded.train.length))) : loaded.train;
  const test = limit ? subset(loaded.test, range(Math.min(Math.ceil(limit / 5), loaded.test.length))) : loaded.test;
  log(`dataset: ${dataset}, ${train.length} training and ${test.length} test images (${((performance.now() - t0) / 1000).toFixed(2)} s to load)`);

  const model = entry.create() as Module & TensorModule;
  if (dtype === 'float16') model.half();
  log(`model: ${modelName}, ${model.numParameters().toLocaleString('en-US')} parameters${dtype === 'float16' ? ' in float16 (optimizer math in float32)' : ''}`);
  const optimizer = optimizerName === 'adam' ? new Adam(model.parameters(), { lr }) : new SGD(model.parameters(), { lr, momentum: 0.9, nesterov: true });
  const scheduler = new CosineAnnealingLR(optimizer, { tMax: epochs });
  await mkdir(out, { recursive: true });
  const lastPath = join(out, 'last.safetensors');
  const resumeFrom = resumeDir && existsSync(lastPath) ? lastPath : undefined;
  if (!resumeFrom) {
    const options = Object.fromEntries(Object.entries(flags).filter(([k]) => k !== 'resume' && k !== 'out'));
    await writeRunInfo(out, { model: modelName, config: model.config(), dataset, seed, options, command: `dendrite train ${modelName} ${argvOf(flags)}`.trim(), created: new Date().toISOString() });
  }
  const loader = new DataLoader(train, { batchSize, shuffle: true, seed });
  // float16 runs cast each batch of images after augmentation (labels stay int32).
  const toDtype = <S,>(s: S): S => (dtype === 'float16' ? (mapImages(s as never, (x) => cast(x, 'float16')) as S) : s);
  const source = toDtype(augment ? augmented(loader as never, augment) : loader);
  const started = performance.now();
  const history = await fit(model, source as never, {
    loss: new CrossEntropyLoss(),
    optimizer,
    scheduler,
    epochs,
    metrics: ['accuracy'],
    validationData: toDtype(evalLoader(test)) as never,
    callbacks: [new ModelCheckpoint({ dir: out, monitor: 'valAccuracy', mode: 'max' }), new HistoryLogger(join(out, 'history.json')), new HistoryLogger(join(out, 'history.csv'))],
    resumeFrom,
    verbose: flags.quiet ? 0 : 1,
  });
  const seconds = (performance.now() - started) / 1000;
  const final = await evaluate(model, toDtype(evalLoader(test)) as never, { metrics: ['accuracy'], loss: new CrossEntropyLoss() });
  const best = Math.max(...history.epochs.map((e) => e.valAccuracy ?? 0));
  log(`test accuracy: ${(final.accuracy * 100).toFixed(2)}% (best epoch ${(best * 100).toFixed(2)}%), ${seconds.toFixed(1)} s of training`);
  log(`checkpoints: ${join(out, 'best.safetensors')} and ${lastPath}; history: ${join(out, 'history.csv')}`);
  return 0;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function argvOf(flags: ParsedArgs['flags']): string {
  return Object.entries(flags)
    .filter(([k]) => k !== 'resume')
    .map(([k, v]) => (v === true ? `--${k}` : `--${k} ${v}`))
    .join(' ');
}
