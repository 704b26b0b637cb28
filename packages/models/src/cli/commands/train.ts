// dendrite train <model> --dataset mnist [...]: trains with a progress bar,
// validates after every epoch on a seeded split held out from the training
// set (--val-split), keeps best/last checkpoints, run.json and the metrics
// history (JSON + CSV) in --out, and evaluates the selected (best-validation)
// weights on the test set once, at the end (results.json).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setThreads } from '@dendrite/backend-wasm';
import { cast, Generator, getBackend, loadSafetensorsMetadata, makeDirectory, seed as seedAll, writeFileAtomic } from '@dendrite/core';
import { DataLoader, DistributedSampler, randomSplit, subset } from '@dendrite/data';
import { Adam, CosineAnnealingLR, CrossEntropyLoss, evaluate, fit, HistoryLogger, loadCheckpoint, loadModule, ModelCheckpoint, type Module, SGD, type TensorModule } from '@dendrite/layers';
import { ZOO, zooEntry } from '../../zoo/registry.js';
import { checkKnownFlags, choiceFlag, numberFlag, type ParsedArgs, UsageError } from '../args.js';
import { augmented, mapImages, parseAugment } from '../augment.js';
import { BACKEND_CHOICES, selectBackend } from '../backends.js';
import { DATASET_CHOICES, evalLoader, loadDataset } from '../datasets.js';
import { startDistributed, threadsFor } from '../distributed.js';
import { type RunInfo, readRunInfo, recordResume, writeRunInfo } from '../run-info.js';
import { trainSentimentCommand } from './sentiment.js';
import { trainTaskCommand } from './train-task.js';

const FLAGS = ['dataset', 'epochs', 'batch-size', 'lr', 'optimizer', 'backend', 'seed', 'augment', 'out', 'resume', 'data-dir', 'limit', 'quiet', 'dtype', 'stop-after', 'distributed', 'threads', 'val-split'];

/** Flags that belong to one invocation, not to the run (not saved in run.json, not inherited by --resume): how a run is launched (--distributed, --threads) is chosen again on resume. */
const PER_INVOCATION = ['resume', 'out', 'stop-after', 'distributed', 'threads'];

export async function trainCommand(args: ParsedArgs, rootLog: (line: string) => void): Promise<number> {
  if (args.positionals[0] === 'sentiment') return trainSentimentCommand(args, rootLog);
  // Models with their own training task check their own flags (trainTaskCommand).
  const named = args.positionals[0];
  if (!(named && Object.hasOwn(ZOO, named) && ZOO[named].task)) checkKnownFlags(args.flags, FLAGS, 'train');
  // --distributed (under mpirun): every rank trains, rank 0 alone prints and writes files.
  const dist = args.flags.distributed ? await startDistributed() : null;
  const isRoot = !dist || dist.rank === 0;
  const log = isRoot ? rootLog : () => {};
  let flags = args.flags;
  let modelName = args.positionals[0];
  const resumeDir = typeof flags.resume === 'string' ? flags.resume : undefined;
  let resumed: { info: RunInfo; given: ParsedArgs['flags'] } | undefined;
  if (resumeDir) {
    const info = await readRunInfo(resumeDir, false);
    resumed = { info, given: args.flags };
    if (modelName && modelName !== info.model) throw new UsageError(`--resume ${resumeDir} holds a '${info.model}' run, not '${modelName}'`);
    modelName = info.model;
    // The resumed run keeps its options; flags given now (e.g. more --epochs) win.
    flags = { ...info.options, ...flags, out: resumeDir };
  }
  if (!modelName) throw new UsageError("missing model name: 'dendrite train <model> --dataset mnist' (see 'dendrite summary --list')");
  const entry = zooEntry(modelName);
  if (entry.task) return trainTaskCommand(modelName, entry, flags, resumeDir, log, resumed);
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
  const threads = threadsFor(flags.threads === undefined ? undefined : numberFlag(flags, 'threads', 1, { integer: true, min: 1 }), dist?.localSize ?? 1);
  if (threads !== undefined && getBackend().name === 'wasm') await setThreads(threads);
  if (dist) log(`distributed: ${dist.worldSize} processes (${dist.localSize} on this machine), ${threads ?? 'default'} thread(s) each, global batch ${dist.worldSize} × ${numberFlag(flags, 'batch-size', 128, { integer: true, min: 1 })}`);
  if (dtype === 'float16' && !getBackend().capabilities.dtypes.includes('float16')) {
    throw new UsageError(`--dtype float16 needs a backend with float16 (webgpu on an adapter with shader-f16); '${getBackend().name}' has ${getBackend().capabilities.dtypes.join(', ')}`);
  }
  seedAll(seed);
  const t0 = performance.now();
  const limit = numberFlag(flags, 'limit', 0, { integer: true, min: 0 });
  const loaded = await loadDataset(dataset, dataDir);
  // Model selection (best checkpoint, schedules) sees only a seeded split of the training set; the test set is used once, at the end.
  // Default: 5,000 images for the 60k MNIST-style sets, a tenth of smaller training sets, N/5 with --limit N.
  const defaultVal = limit ? Math.ceil(limit / 5) : Math.min(5000, Math.max(1, Math.round(loaded.train.length / 10)));
  const valCount = numberFlag(flags, 'val-split', defaultVal, { integer: true, min: 1 });
  if (valCount >= loaded.train.length) throw new UsageError(`--val-split ${valCount} leaves no training images (the training set has ${loaded.train.length})`);
  const [val, rest] = randomSplit(loaded.train, [valCount, loaded.train.length - valCount], seed);
  // --limit N: N training images (after the validation split) and the first N/5 test images, for quick runs and smoke tests.
  const train = limit ? subset(rest, range(Math.min(limit, rest.length))) : rest;
  const test = limit ? subset(loaded.test, range(Math.min(Math.ceil(limit / 5), loaded.test.length))) : loaded.test;
  log(`dataset: ${dataset}, ${train.length} training, ${val.length} validation (held out from training, seed ${seed}) and ${test.length} test images (${((performance.now() - t0) / 1000).toFixed(2)} s to load)`);

  // Models whose default input differs (the CIFAR ResNets) are fitted to the dataset's images and classes.
  const config = entry.adapt ? entry.adapt(loaded.train.sampleShape, loaded.train.classes?.length ?? 10) : {};
  if (!entry.adapt && entry.inputShape.length === 3 && entry.inputShape[0] !== loaded.train.sampleShape[0]) {
    throw new UsageError(`'${modelName}' takes ${entry.inputShape.join('x')} images and ${dataset} has ${loaded.train.sampleShape.join('x')}: train a small configuration (resnet20, vgg11-small, alexnet-small) instead`);
  }
  const model = entry.create(config) as Module & TensorModule;
  if (dtype === 'float16') model.half();
  log(`model: ${modelName}, ${model.numParameters().toLocaleString('en-US')} parameters${dtype === 'float16' ? ' in float16 (optimizer math in float32)' : ''}`);
  const optimizer = optimizerName === 'adam' ? new Adam(model.parameters(), { lr }) : new SGD(model.parameters(), { lr, momentum: 0.9, nesterov: true });
  const scheduler = new CosineAnnealingLR(optimizer, { tMax: epochs });
  const stopAfter = numberFlag(flags, 'stop-after', 0, { integer: true, min: 1 });
  const ddp = dist ? await dist.wrap(model) : undefined;
  if (isRoot) await makeDirectory(out);
  const lastPath = join(out, 'last.safetensors');
  const resumeFrom = resumeDir && existsSync(lastPath) ? lastPath : undefined;
  if (!resumeFrom && isRoot) {
    const options = Object.fromEntries(Object.entries(flags).filter(([k]) => !PER_INVOCATION.includes(k)));
    await writeRunInfo(out, { model: modelName, config: model.config(), dataset, seed, options, command: `dendrite train ${modelName} ${argvOf(flags)}`.trim(), created: new Date().toISOString() });
  } else if (resumed && isRoot) {
    await recordResume(out, resumed.info, resumed.given, PER_INVOCATION);
  }
  // The loader's own shuffle stream is checkpointed with the run (fit's 'generators'), so --resume replays the same orders.
  const shuffleStream = new Generator(seed);
  const sampler = dist ? new DistributedSampler(train.length, { numReplicas: dist.worldSize, rank: dist.rank, seed }) : undefined;
  const loader = new DataLoader(train, sampler ? { batchSize, sampler } : { batchSize, shuffle: true, seed: shuffleStream });
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
    validationData: toDtype(evalLoader(val)) as never,
    generators: { data: shuffleStream },
    callbacks: [
      ...(sampler ? [{ onEpochBegin: (epoch: number) => sampler.setEpoch(epoch) }] : []),
      ...(isRoot ? [new ModelCheckpoint({ dir: out, monitor: 'valAccuracy', mode: 'max' }), new HistoryLogger(join(out, 'history.json')), new HistoryLogger(join(out, 'history.csv'))] : []),
      // --stop-after N: end after epoch N of the planned run (resume later with --resume).
      ...(stopAfter ? [{ onEpochEnd: (epoch: number, _logs: unknown, ctx: { stopTraining: boolean }) => void (ctx.stopTraining ||= epoch >= stopAfter) }] : []),
    ],
    resumeFrom,
    verbose: flags.quiet ? 0 : 1,
    distributed: ddp,
  });
  const seconds = (performance.now() - started) / 1000;
  // The selected model is the best epoch on validation; it alone meets the test set.
  const bestPath = join(out, 'best.safetensors');
  const accs = history.epochs.map((e) => e.valAccuracy ?? 0);
  const bestIndex = accs.indexOf(Math.max(...accs));
  if (existsSync(bestPath)) {
    if ('dendrite.checkpoint' in (await loadSafetensorsMetadata(bestPath))) await loadCheckpoint(bestPath, { model });
    else await loadModule(model, bestPath);
  }
  const final = await evaluate(model, toDtype(evalLoader(test)) as never, { metrics: ['accuracy'], loss: new CrossEntropyLoss() });
  const perEpoch = history.epochs.length ? seconds / history.epochs.length : 0;
  log(`validation accuracy of the selected epoch ${bestIndex + 1}: ${((accs[bestIndex] ?? 0) * 100).toFixed(2)}% (${val.length} held-out training images)`);
  log(`test accuracy: ${(final.accuracy * 100).toFixed(2)}% (the selected model, evaluated once on ${test.length} test images; loss ${final.loss.toFixed(4)}); ${seconds.toFixed(1)} s of training, ${perEpoch.toFixed(1)} s per epoch`);
  if (isRoot) {
    await writeFileAtomic(
    join(out, 'results.json'),
    `${JSON.stringify({ selectedEpoch: bestIndex + 1, valAccuracy: accs[bestIndex] ?? null, valImages: val.length, testAccuracy: final.accuracy, testLoss: final.loss, testImages: test.length, trainImages: train.length, secondsPerEpoch: perEpoch, backend: getBackend().name }, null, 2)}\n`,
    );
  }
  log(`checkpoints: ${bestPath} and ${lastPath}; history: ${join(out, 'history.csv')}; results: ${join(out, 'results.json')}`);
  ddp?.dispose();
  await dist?.finish();
  return 0;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function argvOf(flags: ParsedArgs['flags']): string {
  return Object.entries(flags)
    .filter(([k]) => k !== 'resume' && k !== 'stop-after')
    .map(([k, v]) => (v === true ? `--${k}` : `--${k} ${v}`))
    .join(' ');
}
