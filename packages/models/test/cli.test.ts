import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as d from '@dendrite/core';
import { PNG } from 'pngjs';
import { run } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'dendrite-cli-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await d.setBackend('reference');
});


describe('dendrite CLI', () => {
  it('bad arguments give one line and a non-zero exit, never a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['train', 'resnet999'], /unknown model 'resnet999'/],
      [['train', 'lenet5', '--dataset', 'imagenet'], /--dataset must be one of mnist, fashion-mnist/],
      [['train', 'lenet5', '--epochs', 'two'], /--epochs must be an integer/],
      [['train', 'lenet5', '--optimizer', 'lion'], /--optimizer must be one of adam, sgd/],
      [['train', 'lenet5', '--frob', '1'], /unknown flag --frob/],
      [['train', 'lenet5', '--augment', 'mixup'], /unknown transform 'mixup'/],
      [['train', 'lenet5', '--backend', 'tpu'], /--backend must be one of/],
      [['eval', join(dir, 'missing.safetensors')], /checkpoint not found/],
      [['predict'], /usage: 'dendrite predict/],
      [['train', 'perceptron'], /not trained by 'dendrite train'/],
      [['train', 'mlp', '--val-split', '60000'], /--val-split 60000 leaves no training images/],
      [['train', 'resnet18'], /'resnet18' takes 3x224x224 images and mnist has 1x28x28: train a small configuration/],
      [['train', 'mlp', '--dtype', 'float64'], /--dtype must be one of float32, float16/],
      [['train', 'mlp', '--dtype', 'float16', '--backend', 'wasm'], /--dtype float16 needs a backend with float16.*'wasm' has float32, int32, bool/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(pattern);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('summary and info', async () => {
    const s = await run('summary', 'lenet5');
    expect(s.code).toBe(0);
    expect(s.out).toContain('61,706');
    expect((await run('summary', '--list')).out).toMatch(/lenet5-classic/);
    // torchinfo's figures for resnet18 at 3x224x224: 1.81 G mult-adds; activations of a batch of 8 are counted.
    const r18 = await run('summary', 'resnet18', '--input', '3,224,224', '--batch', '8');
    expect(r18.code).toBe(0);
    expect(r18.out).toContain('Total params: 11,689,512');
    expect(r18.out).toContain('Total mult-adds (G): 14.51');
    expect(r18.out).toMatch(/^layer4\.1\.conv2\s+Conv2d\s+\[8, 512, 7, 7\]\s+2,359,296\s+924,844,032$/m);
    expect(r18.out).toMatch(/Forward\/backward pass size \(MB\): \d+\.\d\d/);
    expect((await run('summary', 'vgg16', '--input', '3,16,16')).code).toBe(2);
    expect((await run('summary', 'resnet20', '--input', 'a,b')).err).toMatch(/--input must be positive integers/);
    const info = await run('info');
    expect(info.code).toBe(0);
    expect(info.out).toMatch(/wasm\s+available/);
    expect(info.out).toMatch(/reference\s+available/);
  });

  it('trains in float16 (reference backend emulation) and evaluates the F16 checkpoint on wasm in float32', async () => {
    const out = join(dir, 'half');
    const t = await run('train', 'mlp', '--limit', '200', '--epochs', '1', '--batch-size', '50', '--backend', 'reference', '--dtype', 'float16', '--out', out, '--quiet');
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/in float16 \(optimizer math in float32\)/);
    const acc = Number(/test accuracy: ([\d.]+)%/.exec(t.out)?.[1]);
    expect(acc).toBeGreaterThan(30); // 10 classes: chance is 10%; one epoch on 200 images reaches ~60%
    const file = readFileSync(join(out, 'best.safetensors'));
    const header = JSON.parse(file.subarray(8, 8 + Number(file.readBigUInt64LE(0))).toString());
    expect(header['model.0.weight']?.dtype ?? header[Object.keys(header).find((k) => k.endsWith('weight'))!].dtype).toBe('F16');
    const e = await run('eval', out, '--backend', 'wasm');
    expect(e.code, e.err).toBe(0);
    // The whole 10,000-image test set (training saw 40 of them), from float16 weights loaded into float32.
    expect(Number(/accuracy ([\d.]+)%/.exec(e.out)?.[1])).toBeGreaterThan(30);
  });

  it('train → eval → predict → resume → export on a small slice of real MNIST', async () => {
    const out = join(dir, 'run');
    const t = await run('train', 'mlp', '--limit', '2000', '--epochs', '1', '--batch-size', '64', '--backend', 'wasm', '--seed', '3', '--out', out, '--quiet');
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/test accuracy: \d+\.\d\d% \(the selected model, evaluated once on 400 test images/);
    // Model selection sees 400 images held out from the training set (--limit/5 by default), never the test set.
    expect(t.out).toMatch(/2000 training, 400 validation \(held out from training, seed 3\) and 400 test images/);
    for (const f of ['best.safetensors', 'last.safetensors', 'run.json', 'history.json', 'history.csv', 'results.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results).toMatchObject({ selectedEpoch: 1, valImages: 400, testImages: 400, trainImages: 2000 });
    expect(results.testAccuracy).toBeGreaterThan(0.8);
    expect(readFileSync(join(out, 'history.csv'), 'utf8').split('\n')[0]).toMatch(/^epoch,loss,accuracy,valLoss,valAccuracy/);

    const e = await run('eval', join(out, 'best.safetensors'), '--backend', 'wasm');
    expect(e.code, e.err).toBe(0);
    expect(e.out).toMatch(/accuracy (\d+\.\d+)%/);
    expect(Number(/accuracy (\d+\.\d+)%/.exec(e.out)![1])).toBeGreaterThan(80);

    // A white-on-black "1": a vertical bar, as MNIST draws it.
    const png = new PNG({ width: 28, height: 28 });
    for (let i = 0; i < 28 * 28; i++) {
      const col = i % 28;
      const row = Math.floor(i / 28);
      const v = col >= 13 && col <= 15 && row >= 4 && row <= 23 ? 255 : 0;
      png.data.set([v, v, v, 255], i * 4);
    }
    const img = join(dir, 'one.png');
    writeFileSync(img, PNG.sync.write(png));
    const p = await run('predict', out, img, '--backend', 'wasm');
    expect(p.code, p.err).toBe(0);
    expect(p.out).toMatch(/one\.png: \d \(\d+\.\d%\), \d \(\d+\.\d%\), \d \(\d+\.\d%\)/);
    expect(p.out).toMatch(/one\.png: 1 /);
    const bad = join(dir, 'bad.png');
    writeFileSync(bad, 'not an image');
    expect((await run('predict', out, bad)).err).toMatch(/cannot read image/);

    const r = await run('train', '--resume', out, '--epochs', '2', '--quiet');
    expect(r.code, r.err).toBe(0);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as { epoch: number }[];
    expect(history.map((h) => h.epoch)).toEqual([1, 2]);
    // run.json keeps the first command and records the resume that raised the epochs.
    const info = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(info.command).toMatch(/^dendrite train mlp .*--epochs 1\b/);
    expect(info.options.epochs).toBe('2');
    expect(info.resumed).toEqual([{ flags: { epochs: '2' }, at: expect.any(String) }]);

    const w = join(dir, 'weights.safetensors');
    expect((await run('export', out, w)).code).toBe(0);
    const { metadata, tensors } = await d.loadSafetensors(w);
    expect(metadata['dendrite.command']).toMatch(/dendrite train mlp/);
    d.dispose(Object.values(tensors));

    // A checkpoint for another model is refused with one line.
    const other = join(dir, 'other');
    writeFileSync(join(dir, 'placeholder'), '');
    await run('train', 'logistic', '--limit', '200', '--epochs', '1', '--backend', 'wasm', '--out', other, '--quiet');
    const runJson = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    writeFileSync(join(other, 'run.json'), JSON.stringify(runJson));
    const mismatch = await run('eval', join(other, 'best.safetensors'));
    expect(mismatch.code).toBe(2);
    expect(mismatch.err).toMatch(/does not fit model 'mlp'/);
  });
});
