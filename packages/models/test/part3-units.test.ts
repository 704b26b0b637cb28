import * as d from '@dendrite/core';
import { loadMnistArrays } from '@dendrite/data';
import { Adam } from '@dendrite/layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDigits, digitCheckLines } from '../src/cli/tasks/gan.js';
import { bitsPerChar, brownCorpus, CharLSTM, CharVocab, DCGAN, GANTrainer, IoUMeter, lenet5, TBPTT, textBatches, untagBrown, VAE } from '../src/index.js';

// wasm where it loads (fast), otherwise the reference backend.
try {
  const { createWasmBackend } = await import('@dendrite/backend-wasm');
  d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  await d.setBackend('wasm');
} catch (err) {
  console.log(`[part3 units] on the reference backend: wasm did not load (${(err as Error).message.split('\n')[0]})`);
}
afterAll(async () => {
  await d.setBackend('reference');
});
d.seed(0);

describe('VAE', () => {
  it('the KL term is the analytic KL of N(mu, sigma²) to N(0, 1) (float64 oracle)', async () => {
    const vae = new VAE({ hidden: 8, latent: 3 });
    const x = d.rand([4, 1, 28, 28]);
    const [mu, logvar] = vae.encode(x);
    const [m, lv] = [await mu.data(), await logvar.data()];
    let kl = 0;
    for (let i = 0; i < m.length; i++) kl += -0.5 * (1 + lv[i] - m[i] * m[i] - Math.exp(lv[i]));
    const terms = vae.elbo(x);
    expect((await terms.kl.data())[0]).toBeCloseTo(kl / 4, 4);
    // The reconstruction term is a Bernoulli NLL summed over 784 pixels: positive, per image.
    expect((await terms.reconstruction.data())[0]).toBeGreaterThan(0);
    expect((await terms.loss.data())[0]).toBeCloseTo((await terms.reconstruction.data())[0] + (await terms.kl.data())[0], 3);
    d.dispose([x, mu, logvar, terms.kl, terms.reconstruction, terms.loss]);
    vae.dispose();
  });

  it('reparameterization passes gradients to mu and logvar', () => {
    const vae = new VAE({ hidden: 8, latent: 2 });
    const mu = d.randn([3, 2], { requiresGrad: true });
    const lv = d.randn([3, 2], { requiresGrad: true });
    const z = vae.reparameterize(mu, lv);
    z.sum().backward();
    expect(mu.grad).not.toBeNull();
    expect(lv.grad).not.toBeNull();
    d.dispose([mu, lv, z]);
    vae.dispose();
  });
});

describe('GANTrainer', () => {
  it('alternates two optimizers; the discriminator learns to tell real digits from early fakes; memory stays flat', async () => {
    const { train } = await loadMnistArrays();
    const real = d.tensor(Float32Array.from(train.images.subarray(0, 32 * 784), (v) => (v / 255) * 2 - 1), [32, 1, 28, 28]);
    d.seed(3);
    const gan = new DCGAN({ latent: 8, width: 4 });
    const trainer = new GANTrainer(gan, { lr: 2e-3 });
    const g0 = Float32Array.from(await gan.generator.body.at(0).parameters()[0].value.data());
    await trainer.step(real);
    const before = d.memory().numTensors;
    let logs = await trainer.step(real);
    for (let i = 0; i < 8; i++) logs = await trainer.step(real);
    expect(d.memory().numTensors).toBe(before);
    const g1 = await gan.generator.body.at(0).parameters()[0].value.data();
    expect(Array.from(g1)).not.toEqual(Array.from(g0));
    expect(logs.dReal).toBeGreaterThan(logs.dFake);
    expect(Number.isFinite(logs.gLoss) && Number.isFinite(logs.dLoss)).toBe(true);
    real.dispose();
    gan.dispose();
  });
});

describe('the LeNet-5 check of generated digits', () => {
  it('passes real MNIST test digits (in the generator range [-1, 1]) and fails noise and a collapsed generator', async () => {
    const { test } = await loadMnistArrays();
    const n = 500;
    const before = d.memory().numTensors;
    const lenet = await lenet5({ pretrained: true });
    lenet.eval();
    const real = d.tensor(Float32Array.from(test.images.subarray(0, n * 784), (v) => (v / 255) * 2 - 1), [n, 1, 28, 28]);
    const ok = await checkDigits(lenet, real);
    // The shipped LeNet-5 is 99% accurate on MNIST: real digits are confident and spread over all ten classes.
    expect(ok.meanConfidence).toBeGreaterThan(0.97);
    expect(ok.classShares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(digitCheckLines(ok, n)[2]).toMatch(/: met$/);
    // One digit repeated: confident, but every image in one class (mode collapse).
    const one = d.tidy(() => d.broadcastTo(real.sliceAxis(0, 0, 1), [n, 1, 28, 28]));
    const collapsed = await checkDigits(lenet, one);
    expect(Math.max(...collapsed.classShares)).toBe(1);
    expect(digitCheckLines(collapsed, n)[2]).toMatch(/: not met$/);
    const noise = d.tidy(() => d.rand([n, 1, 28, 28]).mul(2).sub(1));
    expect(digitCheckLines(await checkDigits(lenet, noise), n)[2]).toMatch(/: not met$/);
    d.dispose([real, one, noise]);
    lenet.dispose();
    expect(d.memory().numTensors).toBe(before);
  });
});

describe('IoUMeter', () => {
  it('counts intersection and union per class', async () => {
    // Predictions (argmax of one-hot logits) [0,1,1,2] against truth [0,1,2,2].
    const logits = d.oneHot(d.tensor(Int32Array.from([0, 1, 1, 2]), [1, 2, 2], 'int32'), 3).permute(0, 3, 1, 2).cast('float32');
    const meter = new IoUMeter(3);
    await meter.add(logits, d.tensor(Int32Array.from([0, 1, 2, 2]), [1, 2, 2], 'int32'));
    expect(meter.perClass()).toEqual([1, 0.5, 0.5]);
    expect(meter.meanIoU()).toBeCloseTo(2 / 3, 10);
    expect(meter.pixelAccuracy()).toBe(0.75);
  });
});

describe('character language model', () => {
  let text = '';
  beforeAll(() => {
    text = brownCorpus({ maxChars: 20000 });
  });

  it('reads the Brown corpus as plain text', () => {
    expect(untagBrown("\n\n\tThe/at jury/nn said/vbd ``/`` no/at ''/'' ./.\n\n")).toBe('The jury said "no".');
    expect(text.length).toBe(20000);
    expect(text.startsWith('The Fulton County Grand Jury said Friday')).toBe(true);
    expect(text).not.toMatch(/\/(at|nn|vbd)\b/);
  });

  it('cuts text into parallel streams that continue from batch to batch', async () => {
    const ids = Int32Array.from({ length: 41 }, (_, i) => i);
    const batches = [...textBatches(ids, 2, 8)];
    // Stream length 20: stream 0 holds 0..19, stream 1 holds 20..39, targets shifted by one.
    expect(batches.map((b) => b.x.shape)).toEqual([[2, 8], [2, 8], [2, 3]]);
    expect(Array.from(await batches[1].x.data())).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 28, 29, 30, 31, 32, 33, 34, 35]);
    expect(Array.from(await batches[2].y.data())).toEqual([17, 18, 19, 37, 38, 39]);
    for (const b of batches) d.dispose([b.x, b.y]);
  });

  it('truncated BPTT with a carried state learns a periodic text well below its unigram entropy', async () => {
    const vocab = CharVocab.fromText('abcdefg');
    // Period 7 with a repeated letter, so the next character depends on more than the current one.
    const ids = vocab.encode('abcadefg'.repeat(60));
    d.seed(1);
    const lm = new CharLSTM({ vocabSize: vocab.size, embedDim: 8, hidden: 24, numLayers: 1 });
    const adam = new Adam(lm.parameters(), { lr: 0.02 });
    const tbptt = new TBPTT(lm, adam, { clip: 1 });
    const before = await bitsPerChar(lm, ids, 4, 16);
    let tensorsBefore = 0;
    for (let epoch = 0; epoch < 6; epoch++) {
      // Adam makes its moment tensors at the first step: count from the end of the first epoch.
      tbptt.reset();
      if (epoch === 1) tensorsBefore = d.memory().numTensors;
      for (const b of textBatches(ids, 4, 8)) {
        await tbptt.step(b.x, b.y);
        d.dispose([b.x, b.y]);
      }
    }
    tbptt.reset();
    expect(d.memory().numTensors).toBe(tensorsBefore);
    const after = await bitsPerChar(lm, ids, 4, 16);
    expect(before).toBeGreaterThan(2.5); // about log2(7) untrained
    expect(after).toBeLessThan(0.5);
    lm.dispose();
  });
});
