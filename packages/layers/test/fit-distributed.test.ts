// fit()'s data-parallel hooks with a stand-in for DistributedDataParallel
// (the real one is tested under mpirun in @dendrite/distributed): gradients
// are synchronized after every backward and before the step, epoch metrics
// are sample-weighted averages over ranks, and only rank 0 prints.
import { memory, randn, seed, tensor, tidy } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { type FitDistributed, fit, LBFGS, Linear, MSELoss, SGD } from '../src/index.js';

/** Two ranks where the other rank saw `otherSamples` samples with metric totals `otherSums` (in sorted key order). */
function fakeRanks(rank: number, otherSums: number[], otherSamples: number) {
  const calls = { sync: 0, gradsAtSync: [] as boolean[] };
  let model: Linear | null = null;
  const dist: FitDistributed = {
    rank,
    worldSize: 2,
    async synchronize() {
      calls.sync++;
      calls.gradsAtSync.push(model!.weight.grad !== null);
    },
    async allReduceMetrics(values) {
      return values.map((v, i) => v + (i < otherSums.length ? otherSums[i] : otherSamples));
    },
  };
  return { dist, calls, bind: (m: Linear) => (model = m) };
}

describe('fit with distributed', () => {
  it('synchronizes each step after backward, averages epoch metrics over ranks, prints only on rank 0', async () => {
    seed(3);
    const before = memory().numTensors;
    const x = randn([8, 3]);
    const y = randn([8, 1]);
    for (const rank of [0, 1]) {
      const model = new Linear(3, 1);
      const fake = fakeRanks(rank, [0], 24); // the other rank: 24 samples, loss total 0
      fake.bind(model);
      let printed = '';
      const h = await fit(model, [x, y], {
        loss: new MSELoss(),
        optimizer: new SGD(model.parameters(), { lr: 0 }),
        batchSize: 4,
        shuffle: false,
        distributed: fake.dist,
        output: { write: (s: string) => void (printed += s) },
      });
      expect(fake.calls.sync).toBe(2);
      expect(fake.calls.gradsAtSync).toEqual([true, true]);
      // lr 0: the local loss is the same every step; with 8 local and 24 remote samples (loss 0) the mean is a quarter.
      const local = tidy(() => new MSELoss().forward(model.forward(x), y).dataSync()[0]);
      expect(h.values.loss[0]).toBeCloseTo(local / 4, 5);
      expect(printed.length > 0).toBe(rank === 0);
      model.dispose();
    }
    x.dispose();
    y.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('rejects LBFGS', async () => {
    const model = new Linear(1, 1);
    const fake = fakeRanks(0, [], 0);
    const x = tensor([[1]]);
    await expect(fit(model, [x, x], { loss: new MSELoss(), optimizer: new LBFGS(model.parameters()), distributed: fake.dist, verbose: 0 })).rejects.toThrow('LBFGS cannot train data-parallel');
    x.dispose();
    model.dispose();
  });
});
