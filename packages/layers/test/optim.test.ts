// Optimizer updates against hand-computed float64 values, schedules, clipping,
// L-BFGS on a quadratic, and exact resumption of fit() from a checkpoint.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, memory, randn, seed, sub, sum, square, type Tensor, tensor, tidy } from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Adagrad, Adam, AdamW, clipGradNorm, clipGradValue, CosineAnnealingLR, Dropout, EarlyStopping, ExponentialLR, fit, HistoryLogger, LBFGS, Linear, ModelCheckpoint,
  MSELoss, MultiStepLR, Parameter, ReduceLROnPlateau, ReLU, RMSprop, Sequential, SGD, StepLR, WarmupLR,
} from '../src/index.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dendrite-optim-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `steps` updates of p with gradient g(p) = 2p - 1 (loss Σ (p - 0.5)²·... ) and returns p. */
function run(make: (p: Parameter) => { step(): void; dispose(): void }, steps: number): number[] {
  const p = new Parameter(tensor([1, -2]));
  const opt = make(p);
  for (let i = 0; i < steps; i++) {
    const loss = tidy(() => sum(square(sub(p.value, 0.5))));
    loss.backward();
    loss.dispose();
    opt.step();
    p.zeroGrad();
  }
  const out = Array.from(p.value.dataSync());
  opt.dispose();
  p.dispose();
  return out;
}

/** The same updates in float64 on the host. */
function host(update: (p: number, g: number, s: Record<string, number>, t: number) => number, steps: number): number[] {
  return [1, -2].map((p0) => {
    let p = p0;
    const s: Record<string, number> = {};
    for (let t = 1; t <= steps; t++) p = update(p, 2 * (p - 0.5), s, t);
    return p;
  });
}

const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-5));

describe('optimizers', () => {
  it('SGD with momentum, Nesterov and weight decay follows PyTorch’s rule', () => {
    const start = memory().numTensors;
    close(run((p) => new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }), 5), host((p, g0, s, t) => {
      const g = g0 + 0.01 * p;
      s.b = t === 1 ? g : 0.9 * s.b + g;
      return p - 0.1 * (g + 0.9 * s.b);
    }, 5));
    expect(memory().numTensors).toBe(start);
  });

  it('Adam, AdamW, RMSprop and Adagrad match float64 updates', () => {
    const adam = (decoupled: boolean) => (p: number, g0: number, s: Record<string, number>, t: number) => {
      const q = decoupled ? p * (1 - 0.05 * 0.1) : p;
      const g = decoupled ? g0 : g0 + 0.1 * p;
      s.m = 0.9 * (s.m ?? 0) + 0.1 * g;
      s.v = 0.999 * (s.v ?? 0) + 0.001 * g * g;
      return q - (0.05 * (s.m / (1 - 0.9 ** t))) / (Math.sqrt(s.v / (1 - 0.999 ** t)) + 1e-8);
    };
    close(run((p) => new Adam([p], { lr: 0.05, weightDecay: 0.1 }), 4), host(adam(false), 4));
    close(run((p) => new AdamW([p], { lr: 0.05, weightDecay: 0.1 }), 4), host(adam(true), 4));
    close(run((p) => new RMSprop([p], { lr: 0.01, momentum: 0.5, centered: true }), 4), host((p, g, s) => {
      s.sq = 0.99 * (s.sq ?? 0) + 0.01 * g * g;
      s.ga = 0.99 * (s.ga ?? 0) + 0.01 * g;
      s.b = 0.5 * (s.b ?? 0) + g / (Math.sqrt(s.sq - s.ga * s.ga) + 1e-8);
      return p - 0.01 * s.b;
    }, 4));
    close(run((p) => new Adagrad([p], { lr: 0.1, lrDecay: 0.1, initialAccumulatorValue: 0.2 }), 4), host((p, g, s, t) => {
      s.sum = (s.sum ?? 0.2) + g * g;
      return p - ((0.1 / (1 + (t - 1) * 0.1)) * g) / (Math.sqrt(s.sum) + 1e-10);
    }, 4));
  });

  it('parameter groups keep their own learning rates; stateDict round-trips', () => {
    const a = new Parameter(tensor([1]));
    const b = new Parameter(tensor([1]));
    const opt = new SGD([{ params: [a], lr: 0.5 }, { params: [b] }], { lr: 0.1, momentum: 0.9 });
    for (const p of [a, b]) p.grad = tensor([1]);
    opt.step();
    expect(a.value.dataSync()[0]).toBeCloseTo(0.5, 6);
    expect(b.value.dataSync()[0]).toBeCloseTo(0.9, 6);
    const copy = new SGD([{ params: [a], lr: 0 }, { params: [b] }], { lr: 0 });
    copy.loadStateDict(opt.stateDict());
    expect(copy.paramGroups.map((g) => g.lr)).toEqual([0.5, 0.1]);
    expect(copy.stateDict().tensors['1.momentum'].dataSync()[0]).toBe(1);
    expect(() => new Adam([a]).loadStateDict(opt.stateDict())).toThrow(/from SGD, not Adam/);
    for (const o of [opt, copy]) o.dispose();
    a.dispose();
    b.dispose();
  });

  it('clips gradients by joint norm and by value', () => {
    const a = new Parameter(tensor([3, 0]));
    const b = new Parameter(tensor([4]));
    a.grad = tensor([3, 0]);
    b.grad = tensor([4]);
    const norm = clipGradNorm([a, b], 1);
    expect(norm.dataSync()[0]).toBeCloseTo(5, 5);
    expect(Array.from(a.grad!.dataSync()).map((v) => +v.toFixed(5))).toEqual([0.6, 0]);
    expect(b.grad!.dataSync()[0]).toBeCloseTo(0.8, 5);
    clipGradValue([a, b], 0.7);
    expect(b.grad!.dataSync()[0]).toBeCloseTo(0.7, 6);
    norm.dispose();
    a.dispose();
    b.dispose();
  });

  it('L-BFGS minimizes an ill-conditioned quadratic', async () => {
    const p = new Parameter(tensor([3, -2, 1]));
    const scales = tensor([1, 10, 100]);
    const opt = new LBFGS([p], { maxIter: 50 });
    const closure = () => {
      opt.zeroGrad();
      const l = tidy(() => sum(square(sub(p.value, tensor([1, 2, 3]))).mul(scales)));
      l.backward();
      return l;
    };
    const first = await opt.step(closure);
    expect(first).toBeGreaterThan(100);
    close(Array.from(p.value.dataSync()), [1, 2, 3]);
    opt.dispose();
    scales.dispose();
    p.dispose();
  });
});

describe('schedules', () => {
  it('compute PyTorch’s closed forms', () => {
    const p = new Parameter(tensor([1]));
    const lrs = (make: (o: SGD) => { step(): void }, n: number) => {
      const o = new SGD([p], { lr: 1 });
      const s = make(o);
      const out = [o.paramGroups[0].lr];
      for (let i = 0; i < n; i++) {
        s.step();
        out.push(+o.paramGroups[0].lr.toFixed(6));
      }
      return out;
    };
    expect(lrs((o) => new StepLR(o, { stepSize: 2, gamma: 0.5 }), 4)).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(lrs((o) => new MultiStepLR(o, { milestones: [1, 3] }), 3)).toEqual([1, 0.1, 0.1, 0.01]);
    expect(lrs((o) => new ExponentialLR(o, { gamma: 0.5 }), 2)).toEqual([1, 0.5, 0.25]);
    expect(lrs((o) => new CosineAnnealingLR(o, { tMax: 2 }), 2)).toEqual([1, 0.5, 0]);
    expect(lrs((o) => new WarmupLR(o, { warmupSteps: 2, startFactor: 0.5, next: new ExponentialLR(o, { gamma: 0.5 }) }), 3)).toEqual([0.5, 0.75, 1, 0.5]);
    const o = new SGD([p], { lr: 1 });
    const plateau = new ReduceLROnPlateau(o, { patience: 1, factor: 0.5 });
    for (const v of [1, 0.5, 0.6, 0.6, 0.6]) plateau.step(v);
    expect(o.paramGroups[0].lr).toBe(0.5);
    p.dispose();
  });
});

describe('fit callbacks and resumption', () => {
  const data = () => {
    seed(4);
    return [randn([40, 3]), randn([40, 1])] as [Tensor, Tensor];
  };
  const model = () => new Sequential(new Linear(3, 6), new ReLU(), new Dropout(0.2), new Linear(6, 1));

  it('a run interrupted and resumed from its checkpoint continues with identical numbers', async () => {
    const [x, y] = data();
    seed(100);
    const a = model();
    const optA = new Adam(a.parameters(), { lr: 0.01 });
    const full = await fit(a, [x, y], { loss: new MSELoss(), optimizer: optA, epochs: 4, batchSize: 8, generator: new Generator(1), verbose: 0, scheduler: new StepLR(optA, { stepSize: 1, gamma: 0.5 }) });

    seed(100);
    const b = model();
    const optB = new Adam(b.parameters(), { lr: 0.01 });
    const ckpt = join(dir, 'run');
    await fit(b, [x, y], { loss: new MSELoss(), optimizer: optB, epochs: 2, batchSize: 8, generator: new Generator(1), verbose: 0, scheduler: new StepLR(optB, { stepSize: 1, gamma: 0.5 }), callbacks: [new ModelCheckpoint({ dir: ckpt })] });
    // A fresh process: new model, optimizer and generator, different seed.
    seed(999);
    const c = model();
    const optC = new Adam(c.parameters(), { lr: 0.5 });
    const resumed = await fit(c, [x, y], { loss: new MSELoss(), optimizer: optC, epochs: 4, batchSize: 8, generator: new Generator(77), verbose: 0, scheduler: new StepLR(optC, { stepSize: 1, gamma: 0.5 }), resumeFrom: join(ckpt, 'last.safetensors') });
    expect(resumed.values.loss).toEqual(full.values.loss);
    // The logged rate is the one each epoch trained with (the schedule steps after the epoch).
    expect(resumed.values.lr).toEqual([0.01, 0.005, 0.0025, 0.00125]);
    expect(Array.from(c.stateDict()['3.weight'].dataSync())).toEqual(Array.from(a.stateDict()['3.weight'].dataSync()));
    for (const m of [a, b, c]) m.dispose();
    optA.dispose();
    optB.dispose();
    optC.dispose();
    x.dispose();
    y.dispose();
  });

  it('early stopping, history logging and progress lines', async () => {
    const [x, y] = data();
    const m = model();
    const lines: string[] = [];
    const stop = new EarlyStopping({ monitor: 'valLoss', patience: 0, minDelta: 10 });
    const csv = join(dir, 'history.csv');
    const h = await fit(m, [x, y], {
      loss: new MSELoss(), optimizer: new SGD(m.parameters(), { lr: 0.01 }), epochs: 5, batchSize: 10, metrics: ['mae'], validationData: [x, y],
      callbacks: [stop, new HistoryLogger(csv)], output: { write: (s: string) => void lines.push(s) },
    });
    // minDelta 10 can never be met: the first epoch sets the best, the second stops.
    expect(h.epochs.length).toBe(2);
    expect(stop.stoppedEpoch).toBe(2);
    expect(lines.length).toBe(2);
    expect(lines[0]).toMatch(/^Epoch 1\/5 - \d+s - \d+ samples\/s - loss \d\.\d{4} - mae \d\.\d{4} - valLoss \d\.\d{4} - valMae \d\.\d{4} - lr 0\.0100\n$/);
    const text = await readFile(csv, 'utf8');
    expect(text.split('\n')[0]).toBe('epoch,loss,mae,valLoss,valMae,lr');
    expect(text.trim().split('\n').length).toBe(3);
    m.dispose();
    x.dispose();
    y.dispose();
  });
});
