// dendrite train dcgan: GANTrainer over MNIST scaled to [-1, 1]; each epoch
// a grid from fixed noise and the LeNet-5 check (confidence, class spread).
import { join } from 'node:path';
import { dispose, Generator, noGrad, randn, softmax, type Tensor, tidy } from '@dendrite/core';
import { type ImageBatch, saveImage } from '@dendrite/data';
import type { Module } from '@dendrite/layers';
import type { DCGAN } from '../../generative/dcgan.js';
import { GANTrainer } from '../../generative/gan-trainer.js';
import { lenet5 } from '../../zoo/factories.js';
import { zooEntry } from '../../zoo/registry.js';
import { numberFlag } from '../args.js';
import { mnistForTask } from './mnist-source.js';
import type { PreparedTask, TaskSpec } from './task.js';

/** What the shipped LeNet-5 makes of generated digits. */
export interface DigitCheck {
  /** Mean over images of the largest softmax probability. */
  meanConfidence: number;
  /** Share of images per predicted class 0..9. */
  classShares: number[];
}

/**
 * Classifies generated images (in [-1, 1], [N, 1, 28, 28]) with the
 * pretrained LeNet-5 (MNIST normalization applied here).
 *
 * @example
 * ```ts
 * const { meanConfidence, classShares } = await checkDigits(lenet, gan.sample(1000));
 * ```
 */
export async function checkDigits(lenet: Module & { forward(x: Tensor): Tensor }, images: Tensor): Promise<DigitCheck> {
  const probs = noGrad(() => tidy(() => softmax(lenet.forward(images.add(1).div(2).sub(0.1307).div(0.3081)), 1)));
  const p = await probs.data();
  probs.dispose();
  const n = images.shape[0];
  const counts = new Array<number>(10).fill(0);
  let conf = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < 10; k++) if (p[i * 10 + k] > p[i * 10 + best]) best = k;
    counts[best]++;
    conf += p[i * 10 + best];
  }
  return { meanConfidence: conf / n, classShares: counts.map((c) => c / n) };
}

/** Targets of the LeNet-5 check: mean confidence and the band every class share must fall in. */
export const DIGIT_TARGETS = { meanConfidence: 0.9, minShare: 0.05, maxShare: 0.2 };

/**
 * Report lines for a `DigitCheck` of `n` images: the mean confidence, the
 * class shares, and whether both meet `DIGIT_TARGETS`.
 *
 * @example
 * ```ts
 * for (const line of digitCheckLines(await checkDigits(lenet, fakes), 1000)) console.log(line);
 * ```
 */
export function digitCheckLines(check: DigitCheck, n: number): string[] {
  const t = DIGIT_TARGETS;
  const lo = Math.min(...check.classShares);
  const hi = Math.max(...check.classShares);
  const met = check.meanConfidence >= t.meanConfidence && lo >= t.minShare && hi <= t.maxShare;
  return [
    `LeNet-5 on ${n} generated digits: mean max-softmax ${check.meanConfidence.toFixed(3)}`,
    `class shares: ${check.classShares.map((s, k) => `${k}: ${(100 * s).toFixed(1)}%`).join(', ')}`,
    `target (mean max-softmax >= ${t.meanConfidence}, every class ${100 * t.minShare}%..${100 * t.maxShare}%): ${met ? 'met' : 'not met'}`,
  ];
}

export const ganTask: TaskSpec = {
  flags: ['latent', 'width', 'lr', 'check-samples'],
  async prepare(ctx) {
    const { loader } = await mnistForTask(ctx);
    const cfg: Record<string, unknown> = {};
    if (ctx.flags.latent !== undefined) cfg.latent = numberFlag(ctx.flags, 'latent', 100, { integer: true, min: 1 });
    if (ctx.flags.width !== undefined) cfg.width = numberFlag(ctx.flags, 'width', 64, { integer: true, min: 1 });
    const gan = zooEntry(ctx.modelName).create(cfg) as DCGAN;
    const trainer = new GANTrainer(gan, { lr: numberFlag(ctx.flags, 'lr', 2e-4, { min: 0 }) });
    const checkN = numberFlag(ctx.flags, 'check-samples', 1000, { integer: true, min: 10 });
    const lenet = await lenet5({ pretrained: true });
    const own = new Generator(ctx.seed + 1);
    const fixedNoise = randn([64, gan.latent], { generator: own });
    const checkNoise = randn([checkN, gan.latent], { generator: own });
    let last: DigitCheck | undefined;
    const task: PreparedTask<ImageBatch> = {
      model: gan,
      config: gan.config(),
      dataset: 'mnist',
      optimizers: trainer.optimizers,
      batches: () => loader,
      batchesPerEpoch: loader.length,
      release: (b) => dispose([b.x, b.y]),
      async step(b) {
        const real = tidy(() => b.x.mul(2).sub(1));
        try {
          const logs = await trainer.step(real);
          return { logs: { ...logs }, size: b.x.shape[0] };
        } finally {
          real.dispose();
        }
      },
      async validate() {
        gan.eval();
        const fakes = gan.sample(checkN, checkNoise);
        last = await checkDigits(lenet, fakes);
        fakes.dispose();
        return { lenetConfidence: last.meanConfidence, minClassShare: Math.min(...last.classShares), maxClassShare: Math.max(...last.classShares) };
      },
      async pictures(epoch) {
        gan.eval();
        const fakes = noGrad(() => tidy(() => gan.sample(64, fixedNoise)));
        await saveImage(fakes, join(ctx.out, `samples-epoch-${epoch}.png`), { nrow: 8, range: [-1, 1] });
        fakes.dispose();
      },
      async report() {
        return last ? digitCheckLines(last, checkN) : [];
      },
      curves: ['dLoss', 'gLoss'],
    };
    return task as PreparedTask<never>;
  },
};
