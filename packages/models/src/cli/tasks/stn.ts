// dendrite train stn|stn-baseline: distorted MNIST (42x42), cross-entropy,
// test accuracy, and input/rectified pairs for the transformer.
import { join } from 'node:path';
import { concat, crossEntropy, dispose, noGrad, type Tensor, tidy } from '@dendrite/core';
import { DataLoader, distortedMnist, type ImageBatch, loadMnistArrays, saveImage } from '@dendrite/data';
import { Adam, accuracy } from '@dendrite/layers';
import type { STN } from '../../stn/stn.js';
import { zooEntry } from '../../zoo/registry.js';
import { numberFlag } from '../args.js';
import { optimizeStep, type PreparedTask, type TaskSpec } from './task.js';

export const stnTask: TaskSpec = {
  flags: ['lr'],
  async prepare(ctx) {
    const arrays = await loadMnistArrays(ctx.dataDir);
    const trainCount = ctx.limit ? Math.min(ctx.limit, arrays.train.labels.length) : arrays.train.labels.length;
    const testCount = ctx.limit ? Math.min(Math.ceil(ctx.limit / 5), arrays.test.labels.length) : arrays.test.labels.length;
    const train = distortedMnist(arrays.train, { count: trainCount, seed: ctx.seed });
    const test = distortedMnist(arrays.test, { count: testCount, seed: ctx.seed + 1 });
    ctx.log(`dataset: distorted mnist 42x42 (rotation ±45°, zoom 0.7-1.2, shift ±7 px), ${train.length} training and ${test.length} test images`);
    const model = zooEntry(ctx.modelName).create() as STN;
    const adam = new Adam(model.parameters(), { lr: numberFlag(ctx.flags, 'lr', 1e-3, { min: 0 }) });
    const loader = new DataLoader(train, { batchSize: ctx.batchSize, shuffle: true, seed: ctx.generator });
    const fixed = test.getBatch(Int32Array.from({ length: Math.min(16, test.length) }, (_, i) => i));
    const task: PreparedTask<ImageBatch> = {
      model,
      config: model.config(),
      dataset: 'distorted-mnist',
      optimizers: { adam },
      batches: () => loader as AsyncIterable<ImageBatch>,
      batchesPerEpoch: loader.length,
      release: (b) => dispose([b.x, b.y]),
      async step(b) {
        const [l, a] = await optimizeStep(adam, () => {
          const logits = model.forward(b.x);
          return [crossEntropy(logits, b.y), noGrad(() => accuracy(logits, b.y))];
        });
        return { logs: { loss: l, accuracy: a }, size: b.x.shape[0] };
      },
      async validate() {
        let correct = 0;
        let n = 0;
        for await (const b of new DataLoader(test, { batchSize: 500 }) as AsyncIterable<ImageBatch>) {
          const acc = noGrad(() => tidy(() => accuracy(model.forward(b.x), b.y)));
          correct += (await acc.data())[0] * b.x.shape[0];
          n += b.x.shape[0];
          dispose([acc, b.x, b.y]);
        }
        return { accuracy: correct / Math.max(n, 1) };
      },
      async pictures(epoch) {
        if (!model.useTransformer) return;
        // Row pairs: distorted inputs above what the transformer made of them.
        const grid = noGrad(() => tidy((): Tensor => concat([fixed.x, model.rectify(fixed.x)], 0)));
        await saveImage(grid, join(ctx.out, `rectified-epoch-${epoch}.png`), { nrow: 16 });
        grid.dispose();
      },
      async report(history) {
        const last = history[history.length - 1];
        return [`distorted-mnist test accuracy: ${(100 * last.valAccuracy).toFixed(2)}% (${model.useTransformer ? 'with' : 'without'} the spatial transformer)`];
      },
      curves: ['loss', 'valAccuracy'],
    };
    return task as PreparedTask<never>;
  },
};
