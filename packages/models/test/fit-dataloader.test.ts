// fit() over DataLoader(TensorDataset) (issue 12 defects 4 and 17, issue 13 b):
// its [x, y] batches type-check and train, and a shuffling loader with a
// numeric seed resumes byte-identically because fit checkpoints the
// loader's own generator.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispose, memory, randn, seed, type Tensor } from '@dendrite/core';
import { DataLoader, TensorDataset } from '@dendrite/data';
import { Adam, Dropout, fit, Linear, ModelCheckpoint, MSELoss, ReLU, Sequential } from '@dendrite/layers';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'dendrite-fit-dl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fit over DataLoader(TensorDataset)', () => {
  async function run(x: Tensor, y: Tensor, out: string, epochs: number, stopAfter?: number, resume = false) {
    seed(resume ? 99 : 3);
    const model = new Sequential(new Linear(3, 8), new ReLU(), new Dropout(0.25), new Linear(8, 2));
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4, shuffle: true, seed: resume ? 1234 : 7 });
    const stop = stopAfter ? [{ onEpochEnd: (e: number, _l: unknown, ctx: { stopTraining: boolean }) => void (ctx.stopTraining ||= e >= stopAfter) }] : [];
    // No cast: DataLoader<Tensor[], Tensor[]> yields [x, y] batches, which fit's types accept.
    const h = await fit(model, loader, {
      loss: new MSELoss(), optimizer, epochs, verbose: 0,
      callbacks: [new ModelCheckpoint({ dir: out, monitor: 'loss' }), ...stop],
      resumeFrom: resume ? join(out, 'last.safetensors') : undefined,
    });
    model.dispose();
    optimizer.dispose();
    return h;
  }

  it('trains on [x, y] batches without leaking, and resumes byte-identically (shuffle seed 7, dropout)', async () => {
    seed(0);
    const x = randn([20, 3]);
    const y = randn([20, 2]);
    const live = memory().numTensors;
    await run(x, y, join(dir, 'a'), 4);
    expect(memory().numTensors).toBe(live);
    await run(x, y, join(dir, 'b'), 4, 2);
    await run(x, y, join(dir, 'b'), 4, undefined, true);
    for (const f of ['last.safetensors', 'best.safetensors']) {
      expect(Buffer.compare(readFileSync(join(dir, 'a', f)), readFileSync(join(dir, 'b', f))), f).toBe(0);
    }
    dispose([x, y]);
  });
});
