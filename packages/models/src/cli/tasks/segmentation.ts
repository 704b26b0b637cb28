// dendrite train unet|segnet: MNIST digits on 64x64 canvases, per-pixel
// cross-entropy (+ Dice with --dice), mean IoU over 11 classes, overlays.
import { join } from 'node:path';
import { argmax, concat, crossEntropy, dispose, noGrad, type Tensor, tensor, tidy } from '@dendrite/core';
import { DataLoader, loadMnistArrays, MnistSegmentationDataset, PALETTE, type SegmentationBatch, saveImage } from '@dendrite/data';
import { Adam, diceLoss, type Module } from '@dendrite/layers';
import { IoUMeter } from '../../segmentation/iou.js';
import { valKey } from '../../training/epoch-loop.js';
import { zooEntry } from '../../zoo/registry.js';
import { numberFlag, UsageError } from '../args.js';
import { optimizeStep, type PreparedTask, type TaskSpec } from './task.js';

/** Class maps [N, H, W] → RGB [N, 3, H, W] in [0, 1]: background black, digit d in palette colour d. */
async function colorize(labels: Tensor): Promise<Tensor> {
  const [n, h, w] = labels.shape;
  const l = await labels.data();
  const out = new Float32Array(n * 3 * h * w);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < h * w; p++) {
      const k = l[b * h * w + p];
      if (k === 0) continue;
      const rgb = PALETTE[(k - 1) % PALETTE.length];
      for (let c = 0; c < 3; c++) out[(b * 3 + c) * h * w + p] = rgb[c] / 255;
    }
  }
  return tensor(out, [n, 3, h, w]);
}

/** Log keys of the per-class IoU: background, then digits 0-9. */
const CLASS_KEYS = ['iouBackground', ...Array.from({ length: 10 }, (_, d) => `iouDigit${d}`)];

export const segmentationTask: TaskSpec = {
  flags: ['depth', 'base-channels', 'lr', 'lr-schedule', 'dice', 'train-size', 'test-size'],
  async prepare(ctx) {
    const dataset = typeof ctx.flags.dataset === 'string' ? ctx.flags.dataset : 'mnist-segmentation';
    if (dataset !== 'mnist-segmentation' && dataset !== 'mnist') throw new UsageError(`'${ctx.modelName}' trains on --dataset mnist-segmentation, got '${dataset}'`);
    const arrays = await loadMnistArrays(ctx.dataDir);
    const trainSize = ctx.limit || numberFlag(ctx.flags, 'train-size', 10000, { integer: true, min: 1 });
    const testSize = numberFlag(ctx.flags, 'test-size', ctx.limit ? Math.ceil(ctx.limit / 5) : 1000, { integer: true, min: 1 });
    // Canvases from the training digits for training, from the test digits for testing.
    const train = new MnistSegmentationDataset(arrays.train, { count: trainSize, seed: ctx.seed });
    const test = new MnistSegmentationDataset(arrays.test, { count: testSize, seed: ctx.seed + 1 });
    ctx.log(`dataset: mnist-segmentation, ${train.length} training and ${test.length} test canvases of 64x64, 11 classes`);
    const cfg: Record<string, unknown> = {};
    if (ctx.flags.depth !== undefined) cfg.depth = numberFlag(ctx.flags, 'depth', 3, { integer: true, min: 1 });
    if (ctx.flags['base-channels'] !== undefined) cfg.baseChannels = numberFlag(ctx.flags, 'base-channels', 16, { integer: true, min: 1 });
    const model = zooEntry(ctx.modelName).create(cfg) as Module & { forward(x: Tensor): Tensor };
    const lr = numberFlag(ctx.flags, 'lr', 2e-3, { min: 0 });
    const adam = new Adam(model.parameters(), { lr });
    const diceWeight = numberFlag(ctx.flags, 'dice', 0, { min: 0 });
    const loader = new DataLoader(train, { batchSize: ctx.batchSize, shuffle: true, seed: ctx.generator });
    const schedule = ctx.flags['lr-schedule'] ?? 'constant';
    if (schedule !== 'constant' && schedule !== 'cosine') throw new UsageError(`--lr-schedule must be constant or cosine, got '${String(schedule)}'`);
    // Per-step cosine decay to 0 over the whole run; the step count comes from the epoch, so --resume (at epoch ends) continues it.
    const totalSteps = ctx.epochs * loader.length;
    let stepInEpoch = 0;
    const rateAt = (epoch: number) => (schedule === 'cosine' ? (lr / 2) * (1 + Math.cos((Math.PI * ((epoch - 1) * loader.length + stepInEpoch)) / totalSteps)) : lr);
    const fixed = test.getBatch(Int32Array.from({ length: Math.min(8, test.length) }, (_, i) => i));
    const task: PreparedTask<SegmentationBatch> = {
      model,
      config: model.config(),
      dataset: 'mnist-segmentation',
      optimizers: { adam },
      batches: () => {
        stepInEpoch = 0;
        return loader as AsyncIterable<SegmentationBatch>;
      },
      batchesPerEpoch: loader.length,
      release: (b) => dispose([b.x, b.y]),
      async step(b, epoch) {
        for (const g of adam.paramGroups) g.lr = rateAt(epoch);
        stepInEpoch++;
        const [v] = await optimizeStep(adam, () => {
          const logits = model.forward(b.x);
          const l = crossEntropy(logits, b.y);
          return [diceWeight > 0 ? l.add(diceLoss(logits, b.y).mul(diceWeight)) : l];
        });
        return { logs: { loss: v }, size: b.x.shape[0] };
      },
      async validate() {
        const meter = new IoUMeter(11);
        for await (const b of new DataLoader(test, { batchSize: 50 }) as AsyncIterable<SegmentationBatch>) {
          const logits = noGrad(() => model.forward(b.x));
          await meter.add(logits, b.y);
          dispose([logits, b.x, b.y]);
        }
        // Per-class IoU too, so history.csv shows which digits lag; a class absent from truth and prediction is left out (no NaN in logs).
        const perClass = Object.fromEntries(meter.perClass().flatMap((v, k) => (Number.isNaN(v) ? [] : [[CLASS_KEYS[k], v]])));
        return { meanIoU: meter.meanIoU(), pixelAccuracy: meter.pixelAccuracy(), ...perClass };
      },
      async pictures(epoch) {
        // Rows: input, true mask, predicted mask, prediction over the input.
        const pred = noGrad(() => tidy(() => argmax(model.forward(fixed.x), 1)));
        const [truth, guess] = [await colorize(fixed.y), await colorize(pred)];
        const grid = tidy(() => {
          const grey = concat([fixed.x, fixed.x, fixed.x], 1);
          return concat([grey, truth, guess, grey.mul(0.5).add(guess.mul(0.5))], 0);
        });
        await saveImage(grid, join(ctx.out, `segmentation-epoch-${epoch}.png`), { nrow: fixed.x.shape[0] });
        dispose([pred, truth, guess, grid]);
      },
      async report(history) {
        const last = history[history.length - 1];
        const perClass = CLASS_KEYS.map((k, i) => `${i === 0 ? 'background' : i - 1} ${last[valKey(k)]?.toFixed(3) ?? '-'}`).join(', ');
        return [`test mean IoU over 11 classes: ${last.valMeanIoU.toFixed(4)} (pixel accuracy ${(100 * last.valPixelAccuracy).toFixed(2)}%)`, `test IoU per class: ${perClass}`];
      },
      curves: ['loss', 'valMeanIoU'],
    };
    return task as PreparedTask<never>;
  },
};
