import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as d from '@dendrite/core';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'dendrite-part3-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await d.setBackend('reference');
});


function png(path: string): { width: number; height: number } {
  return PNG.sync.read(readFileSync(path));
}

describe('dendrite train/sample for generative models', () => {
  it('vae: pictures and loss plot per epoch, --resume continues to the same numbers as a straight run, sample draws a grid', async () => {
    const a = join(dir, 'vae-a');
    const b = join(dir, 'vae-b');
    const common = ['--limit', '200', '--batch-size', '50', '--backend', 'wasm', '--quiet', '--hidden', '32'];
    const straight = await run('train', 'vae', '--epochs', '3', '--out', a, ...common);
    expect(straight.err).toBe('');
    expect(straight.code).toBe(0);
    expect(straight.out).toMatch(/test negative ELBO: \d+\.\d+ nats per image/);
    for (const f of ['run.json', 'last.safetensors', 'history.csv', 'loss.png', 'samples-epoch-3.png', 'reconstructions-epoch-3.png', 'interpolation-epoch-3.png']) expect(existsSync(join(a, f)), f).toBe(true);
    // 8x8 samples of 28 px with 2 px padding; interpolation 10 columns by 8 rows.
    expect(png(join(a, 'samples-epoch-3.png'))).toMatchObject({ width: 8 * 30 + 2, height: 8 * 30 + 2 });
    expect(png(join(a, 'interpolation-epoch-3.png'))).toMatchObject({ width: 10 * 30 + 2, height: 8 * 30 + 2 });
    const history = (p: string) => JSON.parse(readFileSync(join(p, 'history.json'), 'utf8')).map(({ seconds: _s, ...r }: Record<string, number>) => r);

    expect((await run('train', 'vae', '--epochs', '2', '--out', b, ...common)).code).toBe(0);
    expect((await run('train', '--resume', b, '--epochs', '3', '--quiet', '--backend', 'wasm')).code).toBe(0);
    expect(history(b)).toEqual(history(a));
    // run.json tells the whole run: the original command, the options now (3 epochs) and the resume that changed them.
    const info = JSON.parse(readFileSync(join(b, 'run.json'), 'utf8'));
    expect(info.command).toMatch(/^dendrite train vae --epochs 2 /);
    expect(info.options.epochs).toBe('3');
    expect(info.resumed).toEqual([{ flags: { epochs: '3' }, at: expect.any(String) }]);
    const first = history(a)[0].valLoss;
    expect(history(a)[2].valLoss).toBeLessThan(first);

    const s = await run('sample', a, '--n', '9', '--backend', 'wasm', '--out', join(dir, 's.png'));
    expect(s.code).toBe(0);
    expect(png(join(dir, 's.png'))).toMatchObject({ width: 3 * 30 + 2, height: 3 * 30 + 2 });
  });

  it('autoencoder-2d with --noise draws noisy rows and the latent space; dcgan, segnet, stn and char-lstm run an epoch each', async () => {
    const ae = join(dir, 'ae');
    const r = await run('train', 'autoencoder-2d', '--noise', '0.3', '--epochs', '1', '--limit', '100', '--batch-size', '50', '--backend', 'wasm', '--quiet', '--out', ae);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/test reconstruction mse: 0\.\d+ per pixel \(inputs with gaussian noise 0.3\)/);
    expect(png(join(ae, 'reconstructions-epoch-1.png')).height).toBe(3 * 30 + 2);
    expect(existsSync(join(ae, 'latent-epoch-1.png'))).toBe(true);

    const gan = await run('train', 'dcgan', '--epochs', '1', '--limit', '64', '--batch-size', '32', '--width', '4', '--latent', '8', '--check-samples', '20', '--backend', 'wasm', '--quiet', '--out', join(dir, 'gan'));
    expect(gan.err).toBe('');
    expect(gan.out).toMatch(/LeNet-5 on 20 generated digits: mean max-softmax 0\.\d+/);
    expect(existsSync(join(dir, 'gan', 'samples-epoch-1.png'))).toBe(true);
    // The LeNet-5 check on a trained run, as a user reruns it: shares of 20 digits are multiples of 5%.
    const ev = await run('sample', join(dir, 'gan'), '--evaluate', '--n', '20', '--seed', '4', '--backend', 'wasm');
    expect(ev.code).toBe(0);
    const conf = Number(/mean max-softmax (0\.\d+|1\.000)/.exec(ev.out)?.[1]);
    expect(conf).toBeGreaterThanOrEqual(0.1);
    const shares = [...ev.out.matchAll(/\d: (\d+\.\d)%/g)].map((m) => Number(m[1]));
    expect(shares).toHaveLength(10);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 5);
    for (const s of shares) expect(s % 5).toBe(0);
    // One epoch on 64 images with width 4 is far from the targets.
    expect(ev.out).toMatch(/target \(mean max-softmax >= 0.9, every class 5%\.\.20%\): not met/);
    expect(png(join(dir, 'gan', 'sample-seed-4.png'))).toMatchObject({ width: 5 * 30 + 2, height: 4 * 30 + 2 });

    const seg = await run('train', 'segnet', '--epochs', '1', '--limit', '16', '--test-size', '8', '--batch-size', '8', '--depth', '2', '--base-channels', '4', '--dice', '0.5', '--backend', 'wasm', '--quiet', '--out', join(dir, 'seg'));
    expect(seg.err).toBe('');
    expect(seg.out).toMatch(/test mean IoU over 11 classes: 0\.\d+/);
    // Four rows (input, truth, prediction, overlay) of 8 canvases.
    expect(png(join(dir, 'seg', 'segmentation-epoch-1.png'))).toMatchObject({ width: 8 * 66 + 2, height: 4 * 66 + 2 });

    const stn = await run('train', 'stn', '--epochs', '1', '--limit', '50', '--batch-size', '25', '--backend', 'wasm', '--quiet', '--out', join(dir, 'stn'));
    expect(stn.err).toBe('');
    expect(stn.out).toMatch(/distorted-mnist test accuracy: \d+\.\d+% \(with the spatial transformer\)/);
    expect(png(join(dir, 'stn', 'rectified-epoch-1.png')).height).toBe(2 * 44 + 2);

    const lm = await run('train', 'char-lstm', '--epochs', '1', '--limit', '3000', '--hidden', '16', '--layers', '1', '--steps', '16', '--batch-size', '8', '--backend', 'wasm', '--quiet', '--out', join(dir, 'lm'));
    expect(lm.err).toBe('');
    expect(lm.out).toMatch(/validation bits per character: \d\.\d+/);
    expect(readFileSync(join(dir, 'lm', 'samples-epoch-1.txt'), 'utf8')).toMatch(/--- temperature 0.5 ---\nThe /);
    const text = await run('sample', join(dir, 'lm'), '--length', '20', '--backend', 'wasm');
    expect(text.out).toMatch(/^The .{20}$/s);
  });

  it('rejects flags a task does not know and sampling from a non-generator run', async () => {
    const bad = await run('train', 'vae', '--depth', '3');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown flag --depth for 'dendrite train vae'/);
    const notGen = await run('sample', join(dir, 'stn'));
    expect(notGen.code).toBe(2);
    expect(notGen.err).toMatch(/draws from vae, conv-vae, dcgan and char-lstm runs/);
    const notGan = await run('sample', join(dir, 'lm'), '--evaluate');
    expect(notGan.code).toBe(2);
    expect(notGan.err).toMatch(/--evaluate classifies generated digits with LeNet-5: it needs a dcgan run/);
  });
});
