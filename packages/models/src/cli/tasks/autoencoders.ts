// dendrite train autoencoder|autoencoder-2d|conv-autoencoder|vae|conv-vae.
import { join } from 'node:path';
import { clamp, concat, dispose, Generator, mseLoss, noGrad, randn, stack, type Tensor, tidy } from '@dendrite/core';
import { DataLoader, type ImageBatch, plotScatter, saveImage, savePng } from '@dendrite/data';
import { Adam, type Module } from '@dendrite/layers';
import type { Autoencoder } from '../../generative/autoencoder.js';
import type { ConvAutoencoder } from '../../generative/conv-autoencoder.js';
import type { VariationalAutoencoder } from '../../generative/vae.js';
import { zooEntry } from '../../zoo/registry.js';
import { numberFlag } from '../args.js';
import { firstImages, mnistForTask } from './mnist-source.js';
import { optimizeStep, type PreparedTask, type TaskContext, type TaskSpec } from './task.js';

type AE = (Autoencoder | ConvAutoencoder) & Module;

/** Mean of `fn` over a test set in batches of 500, weighted by batch size. */
async function testMean(test: { length: number; getBatch?(i: Int32Array): unknown }, fn: (b: ImageBatch) => Tensor): Promise<number> {
  let sum = 0;
  let n = 0;
  for await (const b of new DataLoader(test as never, { batchSize: 500 }) as AsyncIterable<ImageBatch>) {
    const v = noGrad(() => tidy(() => fn(b)));
    sum += (await v.data())[0] * b.x.shape[0];
    n += b.x.shape[0];
    dispose([v, b.x, b.y]);
  }
  return sum / Math.max(n, 1);
}

function modelConfig(ctx: TaskContext): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  if (ctx.flags.latent !== undefined) c.latent = numberFlag(ctx.flags, 'latent', 0, { integer: true, min: 1 });
  if (ctx.flags.hidden !== undefined && !ctx.modelName.startsWith('conv')) {
    c.hidden = ctx.modelName === 'vae' ? numberFlag(ctx.flags, 'hidden', 400, { integer: true, min: 1 }) : String(ctx.flags.hidden).split(',').map(Number);
  }
  return c;
}

/** Autoencoders: MSE reconstruction of clean images, from noisy ones with --noise. */
export const autoencoderTask: TaskSpec = {
  flags: ['noise', 'latent', 'hidden', 'lr'],
  async prepare(ctx) {
    const { test, loader } = await mnistForTask(ctx);
    const noise = numberFlag(ctx.flags, 'noise', 0, { min: 0 });
    const model = zooEntry(ctx.modelName).create(modelConfig(ctx)) as AE;
    const adam = new Adam(model.parameters(), { lr: numberFlag(ctx.flags, 'lr', 1e-3, { min: 0 }) });
    const corrupt = (x: Tensor) => (noise > 0 ? clamp(x.add(randn(x.shape).mul(noise)), 0, 1) : x);
    const fixed = firstImages(test, 16);
    const task: PreparedTask<ImageBatch> = {
      model,
      config: model.config(),
      dataset: 'mnist',
      optimizers: { adam },
      batches: () => loader,
      batchesPerEpoch: loader.length,
      release: (b) => dispose([b.x, b.y]),
      async step(b) {
        const [v] = await optimizeStep(adam, () => [mseLoss(model.forward(corrupt(b.x)), b.x)]);
        return { logs: { loss: v }, size: b.x.shape[0] };
      },
      validate: async () => ({ loss: await testMean(test, (b) => mseLoss(model.forward(corrupt(b.x)), b.x)) }),
      async pictures(epoch) {
        // Rows: originals, (noisy inputs,) reconstructions.
        const grid = noGrad(() =>
          tidy(() => {
            const input = corrupt(fixed.x);
            return concat(noise > 0 ? [fixed.x, input, model.forward(input)] : [fixed.x, model.forward(input)], 0);
          }),
        );
        await saveImage(grid, join(ctx.out, `reconstructions-epoch-${epoch}.png`), { nrow: 16 });
        grid.dispose();
        if ((model as { latent?: number }).latent === 2) {
          const pts = firstImages(test, 2000);
          const z = noGrad(() => model.encode(pts.x));
          await savePng(plotScatter(await z.data(), await pts.y.data(), { title: `latent space epoch ${epoch}`, width: 560, height: 480 }), join(ctx.out, `latent-epoch-${epoch}.png`));
          dispose([z, pts.x, pts.y]);
        }
      },
      async report(history) {
        const last = history[history.length - 1];
        return [`test reconstruction mse: ${last.valLoss.toFixed(5)} per pixel${noise > 0 ? ` (inputs with gaussian noise ${noise})` : ''}`];
      },
      curves: ['loss', 'valLoss'],
    };
    return task as PreparedTask<never>;
  },
};

/** VAEs: negative ELBO (Bernoulli likelihood + KL) in nats per image. */
export const vaeTask: TaskSpec = {
  flags: ['latent', 'hidden', 'lr'],
  async prepare(ctx) {
    const { test, loader } = await mnistForTask(ctx);
    const model = zooEntry(ctx.modelName).create(modelConfig(ctx)) as VariationalAutoencoder;
    const adam = new Adam(model.parameters(), { lr: numberFlag(ctx.flags, 'lr', 1e-3, { min: 0 }) });
    const fixed = firstImages(test, 16);
    // Pictures draw from their own stream, so they never shift training's random numbers.
    const pictureNoise = randn([64, model.latent], { generator: new Generator(ctx.seed + 1) });
    const task: PreparedTask<ImageBatch> = {
      model,
      config: model.config(),
      dataset: 'mnist',
      optimizers: { adam },
      batches: () => loader,
      batchesPerEpoch: loader.length,
      release: (b) => dispose([b.x, b.y]),
      async step(b) {
        const [l, r, k] = await optimizeStep(adam, () => {
          const t = model.elbo(b.x);
          return [t.loss, t.reconstruction, t.kl];
        });
        return { logs: { loss: l, reconstruction: r, kl: k }, size: b.x.shape[0] };
      },
      validate: async () => ({ loss: await testMean(test, (b) => model.elbo(b.x).loss) }),
      async pictures(epoch) {
        const [recon, samples, interp] = noGrad(() =>
          tidy(() => {
            const r = concat([fixed.x, model.forward(fixed.x)], 0);
            const s = model.decode(pictureNoise);
            // Interpolation: up to 8 rows, from test image 2i to 2i+1 through the posterior means in 10 steps
            // (a tiny --limit can leave fewer than 16 test images, and an odd count: pair what there is).
            const pairs = Math.floor(fixed.x.shape[0] / 2);
            if (pairs === 0) return [r, s, null];
            const [mu] = model.encode(fixed.x);
            const a = mu.sliceAxis(0, 0, 2 * pairs, 2);
            const bEnd = mu.sliceAxis(0, 1, 2 * pairs, 2);
            const steps = Array.from({ length: 10 }, (_, k) => a.mul(1 - k / 9).add(bEnd.mul(k / 9)));
            const z = stack(steps, 1).reshape([pairs * 10, model.latent]);
            return [r, s, model.decode(z)];
          }),
        );
        await saveImage(recon, join(ctx.out, `reconstructions-epoch-${epoch}.png`), { nrow: 16 });
        await saveImage(samples, join(ctx.out, `samples-epoch-${epoch}.png`), { nrow: 8 });
        if (interp) await saveImage(interp, join(ctx.out, `interpolation-epoch-${epoch}.png`), { nrow: 10 });
        dispose(interp ? [recon, samples, interp] : [recon, samples]);
      },
      async report(history) {
        const last = history[history.length - 1];
        return [`test negative ELBO: ${last.valLoss.toFixed(2)} nats per image (one z sample per image)`];
      },
      curves: ['loss', 'valLoss'],
    };
    return task as PreparedTask<never>;
  },
};
