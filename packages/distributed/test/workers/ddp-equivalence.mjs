// K steps of DistributedDataParallel with per-rank batch B against one
// process (in rank 0) training a copy of the model on the global batch N·B.
// Modes: loop (hand-written steps), accumulate (noSync on half-batches),
// fit (fit() + DataLoader + DistributedSampler), syncbn (a BatchNorm model
// with synchronized BatchNorm; running statistics compared too). The DDP ranks start from
// different random weights: wrap() must copy rank 0's. Prints
// `DDP {rank, maxDiff, maxWeight, identical, steps, buckets}`.
import { memory, seed, tensor, tidy } from '@dendrite/core';
import { DataLoader, DistributedSampler } from '@dendrite/data';
import { BatchNorm1d, CrossEntropyLoss, fit, Linear, ReLU, Sequential, SGD, Tanh } from '@dendrite/layers';
import { DistributedDataParallel, initProcessGroup, report, useWasm } from './setup.mjs';

const mode = process.argv[2] ?? 'loop';
const K = 6;
const B = 8;
await useWasm();
const group = await initProcessGroup({ backend: 'mpi', timeoutMs: 60_000 });
const { rank, worldSize: N } = group;

// syncbn: a BatchNorm model, whose batch statistics must be those of the global batch.
const syncBatchNorm = mode === 'syncbn';
const makeModel = (s) => {
  seed(s);
  return syncBatchNorm
    ? new Sequential(new Linear(10, 32), new BatchNorm1d(32), new ReLU(), new Linear(32, 32), new Tanh(), new Linear(32, 5))
    : new Sequential(new Linear(10, 32), new ReLU(), new Linear(32, 32), new Tanh(), new Linear(32, 5));
};
/** Parameters and float buffers (BatchNorm running statistics), flattened. */
const state = (m) => [...m.parameters(), ...m.namedBuffers().map(([, b]) => b).filter((b) => b.dtype === 'float32')].flatMap((h) => Array.from(h.value.dataSync()));
/** Global data: K·N·B samples, a function of the index only. */
const total = K * N * B;
let s = 12345;
const xs = new Float32Array(total * 10).map(() => {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return (s / 2 ** 32) * 2 - 1;
});
const ys = Int32Array.from({ length: total }, (_, i) => (i * 7 + (i >> 3)) % 5);
const rowsX = (idx) => tensor(Float32Array.from(idx.flatMap((i) => Array.from(xs.subarray(i * 10, i * 10 + 10)))), [idx.length, 10]);
const rowsY = (idx) => tensor(Int32Array.from(idx.map((i) => ys[i])), [idx.length], 'int32');
const range = (a, b) => Array.from({ length: b - a }, (_, i) => a + i);
const lossFn = new CrossEntropyLoss();
const before = memory().numTensors;

const model = makeModel(100 + rank); // different per rank on purpose
const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
// A 2 KiB bucket cap: several buckets, launched during backward.
const ddp = await DistributedDataParallel.wrap(model, { bucketCapMB: 2 / 1024, syncBatchNorm });

const shards = [];
if (mode === 'fit') {
  const ds = { length: total, get: (i) => i };
  const sampler = new DistributedSampler(total, { numReplicas: N, rank, shuffle: false });
  const loader = new DataLoader(ds, { batchSize: B, sampler, collate: (idx) => ({ x: rowsX(idx), y: rowsY(idx) }) });
  await fit(model, loader, { loss: lossFn, optimizer: opt, epochs: 1, distributed: ddp, verbose: 0 });
  // The shards, gathered: disjoint, and together the whole dataset (with a seeded shuffle too).
  for (const shuffle of [false, true]) {
    const own = new DistributedSampler(total + 1, { numReplicas: N, rank, shuffle, seed: 5 }).indices();
    const every = new Int32Array(own.length * N);
    await group.allGatherHost(own, every).wait();
    const distinct = new Set(every);
    shards.push({ shuffle, distinct: distinct.size, length: every.length, covers: distinct.size === total + 1 });
  }
} else {
  for (let k = 0; k < K; k++) {
    // Rank r's share of global batch k (the same rows the sampler gives in fit mode).
    const mine = range(0, B).map((j) => (k * B + j) * N + rank);
    opt.zeroGrad();
    if (mode === 'accumulate') {
      const half = (idx) => tidy(() => lossFn.forward(model.forward(rowsX(idx)), rowsY(idx)).mul(0.5).backward());
      await ddp.noSync(() => half(mine.slice(0, B / 2)));
      half(mine.slice(B / 2));
    } else {
      tidy(() => lossFn.forward(model.forward(rowsX(mine)), rowsY(mine)).backward());
    }
    await ddp.synchronize();
    opt.step();
  }
}
const stats = { ...ddp.stats };
ddp.dispose();

// Every rank's weights, bit for bit, against every other's.
let identical = true;
const mineFlat = Float32Array.from(state(model));
const all = new Float32Array(mineFlat.length * N);
await group.allGatherHost(mineFlat, all).wait();
const bits = new Uint32Array(all.buffer);
for (let r = 1; r < N; r++) for (let i = 0; i < mineFlat.length; i++) if (bits[r * mineFlat.length + i] !== bits[i]) identical = false;

let maxDiff = 0;
let maxWeight = 0;
if (rank === 0) {
  const ref = makeModel(100);
  const refOpt = new SGD(ref.parameters(), { lr: 0.1, momentum: 0.9 });
  for (let k = 0; k < K; k++) {
    const idx = range(k * N * B, (k + 1) * N * B);
    refOpt.zeroGrad();
    tidy(() => lossFn.forward(ref.forward(rowsX(idx)), rowsY(idx)).backward());
    refOpt.step();
  }
  const refFlat = state(ref);
  refFlat.forEach((w, i) => {
    maxDiff = Math.max(maxDiff, Math.abs(w - mineFlat[i]));
    maxWeight = Math.max(maxWeight, Math.abs(w));
  });
  ref.zeroGrad();
  ref.dispose();
}
model.zeroGrad();
model.dispose();
report('DDP', { rank, mode, maxDiff, maxWeight, identical, steps: K, shards, stats, leaked: memory().numTensors - before });
await group.destroy();
