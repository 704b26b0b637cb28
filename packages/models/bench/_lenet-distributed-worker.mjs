// One LeNet-5 epoch on MNIST (the first DENDRITE_BENCH_SAMPLES images),
// global batch 128, Adam: `single` = this process alone with 2 wasm threads;
// `ddp` = one of 2 mpirun ranks with 1 thread each, batch 64 per rank. After
// 3 warm-up steps. Rank 0 prints `ROW {...}`.
import { registerBackend, seed, setBackend } from '@dendrite/core';
import { createWasmBackend, setThreads } from '@dendrite/backend-wasm';
import { DataLoader, DistributedSampler, mnist, subset } from '@dendrite/data';
import { DistributedDataParallel, initProcessGroup } from '@dendrite/distributed';
import { Adam, CrossEntropyLoss, fit } from '@dendrite/layers';
import { LeNet5 } from '@dendrite/models';

const mode = process.argv[2];
const samples = Number(process.env.DENDRITE_BENCH_SAMPLES ?? 6000);
registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
await setBackend('wasm');
await setThreads(mode === 'single' ? 2 : 1);
const group = mode === 'ddp' ? await initProcessGroup({ backend: 'mpi' }) : null;
const { train } = await mnist();
const data = subset(train, Array.from({ length: samples }, (_, i) => i));
seed(1);
const model = new LeNet5();
const ddp = group ? await DistributedDataParallel.wrap(model, { group }) : undefined;
const batchSize = group ? 128 / group.worldSize : 128;
const loaderFor = (n) => {
  const part = subset(data, Array.from({ length: n }, (_, i) => i));
  return group
    ? new DataLoader(part, { batchSize, sampler: new DistributedSampler(n, { numReplicas: group.worldSize, rank: group.rank, seed: 1 }) })
    : new DataLoader(part, { batchSize, shuffle: true, seed: 1 });
};
const opts = { loss: new CrossEntropyLoss(), optimizer: new Adam(model.parameters(), { lr: 1e-3 }), epochs: 1, verbose: 0, distributed: ddp };
await fit(model, loaderFor(3 * 128), opts); // warm-up: 3 steps
const syncBefore = ddp ? ddp.stats.synchronizeMs : 0;
const t0 = performance.now();
await fit(model, loaderFor(samples), opts);
const seconds = (performance.now() - t0) / 1000;
if (!group || group.rank === 0) process.stdout.write(`ROW ${JSON.stringify({ mode, samples, seconds, syncSeconds: ddp ? (ddp.stats.synchronizeMs - syncBefore) / 1000 : 0 })}\n`);
await group?.destroy();
