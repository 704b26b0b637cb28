// Regression tests for issue 12 (layers): all-or-nothing checkpoint loads,
// validated checkpoint metadata, bit-exact resume with every random stream,
// ModelCheckpoint's best score across a resume, leaks on error, [x, y]
// batches, one-shot iterables and Parameter.assign.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DendriteError, DTypeError, dispose, encodeSafetensors, FormatError, Generator, memory, randn, seed, ShapeError, type Tensor, tensor, ValueError, writeFileAtomic } from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam, CosineAnnealingLR, Dropout, evaluate, fit, Linear, loadCheckpoint, MSELoss, ModelCheckpoint, Parameter, predict, ReLU, saveCheckpoint, Sequential, SGD, StepLR,
} from '../src/index.js';
import { snapshot } from './snapshot.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dendrite-reliab-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const net = () => new Sequential(new Linear(3, 5), new ReLU(), new Dropout(0.3), new Linear(5, 2));

/** A model + Adam + StepLR + generator, trained one step so every state is non-trivial. */
function setup(s = 1) {
  seed(s);
  const model = net();
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: 0.5 });
  const generator = new Generator(s);
  return { model, optimizer, scheduler, generator };
}

async function trained(s = 1) {
  const t = setup(s);
  const x = randn([8, 3]);
  const y = randn([8, 2]);
  await fit(t.model, [x, y], { loss: new MSELoss(), optimizer: t.optimizer, scheduler: t.scheduler, generator: t.generator, epochs: 1, batchSize: 4, verbose: 0 });
  dispose([x, y]);
  return t;
}

describe('checkpoint loads are all-or-nothing (defects 1-3)', () => {
  let good = '';
  beforeAll(async () => {
    const t = await trained(3);
    good = join(dir, 'good.safetensors');
    await saveCheckpoint(good, t, { epoch: 1, history: [{ epoch: 1, loss: 0.5 }] });
    t.model.dispose();
    t.optimizer.dispose();
  });

  /** Loads `file` into a trained target and checks the typed error and that nothing changed. */
  async function expectRefused(file: string, make: () => Promise<ReturnType<typeof setup>> = () => trained(5), pattern?: RegExp) {
    const t = await make();
    const before = await snapshot({ ...t, generators: [t.generator] });
    const live = memory().numTensors;
    const err = await loadCheckpoint(file, t).catch((e) => e);
    expect(err).toBeInstanceOf(DendriteError);
    expect(err.message).toContain(file);
    if (pattern) expect(err.message).toMatch(pattern);
    expect(await snapshot({ ...t, generators: [t.generator] })).toBe(before);
    expect(memory().numTensors).toBe(live);
    t.model.dispose();
    t.optimizer.dispose();
    return err as Error;
  }

  it('an SGD checkpoint into Adam throws before the weights change', async () => {
    seed(1);
    const m = net();
    const sgd = new SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
    const x = randn([4, 3]);
    const y = randn([4, 2]);
    await fit(m, [x, y], { loss: new MSELoss(), optimizer: sgd, epochs: 1, verbose: 0 });
    const file = join(dir, 'sgd.safetensors');
    await saveCheckpoint(file, { model: m, optimizer: sgd }, { epoch: 1, history: [] });
    await expectRefused(file, () => trained(5), /state is from SGD, not Adam/);
    dispose([x, y]);
    m.dispose();
  });

  it('a scheduler type mismatch changes neither weights nor optimizer', async () => {
    const t = await trained(3);
    const file = join(dir, 'cosine.safetensors');
    await saveCheckpoint(file, { ...t, scheduler: new CosineAnnealingLR(t.optimizer, { tMax: 3 }) }, { epoch: 1, history: [] });
    await expectRefused(file, () => trained(5), /CosineAnnealingLR/);
    t.model.dispose();
    t.optimizer.dispose();
  });

  /** Rewrites the good checkpoint with its metadata or tensors changed. */
  async function variant(name: string, edit: (info: Record<string, unknown>, tensors: Record<string, { dtype: 'float32'; shape: number[]; data: Float32Array }>) => unknown): Promise<string> {
    const { decodeSafetensors } = await import('@dendrite/core');
    const decoded = decodeSafetensors(new Uint8Array(await readFile(good)), good);
    const info = JSON.parse(decoded.metadata['dendrite.checkpoint']);
    const tensors = { ...decoded.tensors } as never;
    const replaced = edit(info, tensors);
    const file = join(dir, `${name}.safetensors`);
    const meta = replaced === undefined ? JSON.stringify(info) : typeof replaced === 'string' ? replaced : JSON.stringify(replaced);
    await writeFileAtomic(file, encodeSafetensors(tensors, { format: 'pt', 'dendrite.checkpoint': meta }));
    return file;
  }

  const metadataCases: [string, (info: Record<string, unknown>, tensors: Record<string, unknown>) => unknown, RegExp][] = [
    ['null metadata', () => 'null', /must be an object/],
    ['empty object', () => ({}), /'epoch'/],
    ['no generators', (i) => ({ ...i, generators: undefined }), /'generators'/],
    ['optimizer without groups', (i) => ({ ...i, optimizer: { ...(i.optimizer as object), groups: undefined } }), /'groups' must be an array/],
    ['epoch "abc"', (i) => ({ ...i, epoch: 'abc' }), /'epoch' must be a non-negative integer/],
    ['negative epoch', (i) => ({ ...i, epoch: -1 }), /'epoch'/],
    ['generator strings', (i) => ({ ...i, generators: { ...(i.generators as object), default: { key0: 'x', key1: 0, offset: 'y' } } }), /generators.default/],
    ['shuffle state missing offset', (i) => ({ ...i, generators: { ...(i.generators as object), shuffle: { key0: 1, key1: 1 } } }), /offset/],
    ['history not an array', (i) => ({ ...i, history: 'x' }), /'history'/],
    ['history with a string loss', (i) => ({ ...i, history: [{ loss: 'x' }] }), /history\[0\]\.loss/],
    ['lr a string', (i) => ({ ...i, optimizer: { ...(i.optimizer as object), groups: [{ lr: 'fast' }] } }), /'lr'/],
    ['unknown hyperparameter', (i) => ({ ...i, optimizer: { ...(i.optimizer as object), groups: [{ lr: 0.1, evil: 1 }] } }), /unknown hyperparameter 'evil'/],
    ['negative step count', (i) => ({ ...i, optimizer: { ...(i.optimizer as object), steps: { 0: -3 } } }), /step count/],
    ['scheduler lastEpoch NaN', (i) => ({ ...i, scheduler: { ...(i.scheduler as object), lastEpoch: 'NaN' } }), /lastEpoch/],
    ['scheduler missing', (i) => ({ ...i, scheduler: null }), /no scheduler state/],
    ['optimizer missing', (i) => ({ ...i, optimizer: null }), /no optimizer state/],
    ['not JSON', () => '{oops', /not valid JSON/],
    ['mis-shaped optimizer moment', (_i, t) => {
      const k = Object.keys(t).find((n) => n.startsWith('optimizer.') && n.endsWith('.expAvg')) ?? Object.keys(t).find((n) => n.startsWith('optimizer.'));
      t[k as string] = { dtype: 'float32', shape: [1], data: new Float32Array([1]) };
      return undefined;
    }, /shape/],
    ['mis-shaped weight', (_i, t) => {
      t['model.0.weight'] = { dtype: 'float32', shape: [2, 2], data: new Float32Array(4) };
      return undefined;
    }, /model/],
    ['unexpected tensor', (_i, t) => {
      t.extra = { dtype: 'float32', shape: [1], data: new Float32Array(1) };
      return undefined;
    }, /unexpected tensor 'extra'/],
  ];
  for (const [name, edit, pattern] of metadataCases) {
    it(`refuses ${name}, naming the file, with nothing changed`, async () => {
      const file = await variant(name.replace(/\W+/g, '-'), edit as never);
      await expectRefused(file, () => trained(5), pattern);
    });
  }

  it('a good checkpoint loads every part', async () => {
    const t = await trained(5);
    await loadCheckpoint(good, t);
    const ref = await trained(3);
    expect(await snapshot({ model: t.model, optimizer: t.optimizer, scheduler: t.scheduler })).toBe(await snapshot({ model: ref.model, optimizer: ref.optimizer, scheduler: ref.scheduler }));
    for (const m of [t, ref]) {
      m.model.dispose();
      m.optimizer.dispose();
    }
  });
});

/** A shuffling loader with its own generator, as DataLoader(ds, { shuffle: true, seed }) is. */
class ShufflingLoader {
  readonly generator: Generator;
  constructor(
    private readonly x: Tensor,
    private readonly y: Tensor,
    seedValue: number,
    private readonly pairs = false,
  ) {
    this.generator = new Generator(seedValue);
  }
  get length() {
    return Math.ceil(this.x.shape[0] / 4);
  }
  async *[Symbol.asyncIterator]() {
    const order = this.generator.randomPermutation(this.x.shape[0]);
    const { gather } = await import('@dendrite/core');
    for (let s = 0; s < order.length; s += 4) {
      const idx = tensor(order.subarray(s, s + 4), undefined, 'int32');
      const b = { x: gather(this.x, idx, 0), y: gather(this.y, idx, 0) };
      idx.dispose();
      yield this.pairs ? [b.x, b.y] : b;
    }
  }
}

describe('resume is bit-exact with every random stream (defects 4, 5)', () => {
  async function run(epochs: number, out: string, resume: boolean, pairs = false) {
    seed(11);
    const x = randn([24, 3]);
    const y = randn([24, 2]);
    seed(resume ? 999 : 12); // a resumed run restores the stream; a different seed proves it
    const model = net();
    const optimizer = new Adam(model.parameters(), { lr: 0.02 });
    const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: 0.7 });
    const loader = new ShufflingLoader(x, y, resume ? 5 : 4, pairs);
    const h = await fit(model, loader as never, {
      loss: new MSELoss(), optimizer, scheduler, epochs, verbose: 0, validationData: [x, y],
      callbacks: [new ModelCheckpoint({ dir: out })], resumeFrom: resume ? join(out, 'last.safetensors') : undefined,
    });
    dispose([x, y]);
    model.dispose();
    optimizer.dispose();
    return h;
  }

  it('4 epochs straight and 2 + resume to 4 write byte-identical checkpoints (DataLoader-style generator, dropout, [x, y] batches)', async () => {
    for (const pairs of [false, true]) {
      const a = join(dir, `straight-${pairs}`);
      const b = join(dir, `resumed-${pairs}`);
      await run(4, a, false, pairs);
      seed(12);
      await run(2, b, false, pairs);
      await run(4, b, true, pairs);
      const [fa, fb] = await Promise.all([readFile(join(a, 'last.safetensors')), readFile(join(b, 'last.safetensors'))]);
      expect(Buffer.compare(fa, fb)).toBe(0);
      // best.safetensors too: the resumed ModelCheckpoint remembered the best score.
      const [ba, bb] = await Promise.all([readFile(join(a, 'best.safetensors')), readFile(join(b, 'best.safetensors'))]);
      expect(Buffer.compare(ba, bb)).toBe(0);
    }
  });

  it('ModelCheckpoint keeps best.safetensors across a resume when the next epoch is worse', async () => {
    const out = join(dir, 'best-keep');
    const t = setup(2);
    const x = randn([8, 3]);
    const y = randn([8, 2]);
    const cb = new ModelCheckpoint({ dir: out, monitor: 'loss', mode: 'min' });
    await fit(t.model, [x, y], { loss: new MSELoss(), optimizer: t.optimizer, scheduler: t.scheduler, generator: t.generator, epochs: 1, verbose: 0, callbacks: [cb] });
    const best1 = await readFile(join(out, 'best.safetensors'));
    // A resumed callback sees history [{ loss }] and a worse epoch 2: best stays.
    const cb2 = new ModelCheckpoint({ dir: out, monitor: 'loss', mode: 'min' });
    const ctx = { model: t.model, optimizer: t.optimizer, scheduler: t.scheduler, generator: t.generator, generators: {}, history: [{ epoch: 1, loss: 0.1 }], epoch: 2, stopTraining: false };
    await cb2.onTrainBegin(ctx);
    await cb2.onEpochEnd(2, { epoch: 2, loss: 0.2 }, ctx);
    expect(Buffer.compare(await readFile(join(out, 'best.safetensors')), best1)).toBe(0);
    dispose([x, y]);
    t.model.dispose();
    t.optimizer.dispose();
  });
});

describe('fit data sources (issue 13 a, b) and leaks on error (defect 17)', () => {
  const opts = (m: ReturnType<typeof net>) => ({ loss: new MSELoss(), optimizer: new SGD(m.parameters(), { lr: 0.01 }), verbose: 0 as const });

  it('a one-shot generator for 2 epochs is refused; a factory trains every epoch', async () => {
    const m = net();
    const x = randn([4, 3]);
    const y = randn([4, 2]);
    function* once() {
      yield { x: x.clone(), y: y.clone() }; // iterator batches belong to fit, which frees them
    }
    await expect(fit(m, once() as never, { ...opts(m), epochs: 2 })).rejects.toThrow(/one-shot iterator/);
    const h = await fit(m, () => [{ x, y }], { ...opts(m), epochs: 3 });
    expect(h.values.loss).toHaveLength(3);
    const h2 = await fit(m, () => once(), { ...opts(m), epochs: 2 });
    expect(h2.values.loss).toHaveLength(2);
    // An iterable that runs dry after one pass is caught at epoch 2.
    let used = false;
    const dry = {
      [Symbol.iterator]: () => {
        const batches = used ? [] : [{ x, y }];
        used = true;
        return batches[Symbol.iterator]();
      },
    };
    await expect(fit(m, dry as never, { ...opts(m), epochs: 2 })).rejects.toThrow(/no batches in epoch 2/);
    dispose([x, y]);
    m.dispose();
  });

  it('[x, y] batches train like { x, y } batches; a malformed batch is refused and freed', async () => {
    const x = randn([4, 3]);
    const y = randn([4, 2]);
    seed(1);
    const a = net();
    seed(1);
    const b = net();
    seed(2);
    await fit(a, [{ x, y }], { ...opts(a), epochs: 2 });
    seed(2);
    await fit(b, [[x, y]] as never, { ...opts(b), epochs: 2 });
    expect(Array.from(a.stateDict()['0.weight'].dataSync())).toEqual(Array.from(b.stateDict()['0.weight'].dataSync()));
    const live = memory().numTensors;
    async function* bad() {
      yield [randn([2, 3]), randn([2, 2]), randn([2])];
    }
    await expect(fit(a, bad() as never, { ...opts(a), epochs: 1 })).rejects.toThrow(ValueError);
    expect(memory().numTensors).toBe(live);
    dispose([x, y]);
    a.dispose();
    b.dispose();
  });

  it('evaluate(), predict() and fit() free everything when the forward throws', async () => {
    const m = net();
    const x = randn([6, 4]); // wrong feature count: Linear(3, 5) throws
    const y = randn([6, 2]);
    const live = memory().numTensors;
    await expect(evaluate(m, [x, y], { loss: new MSELoss(), batchSize: 2 })).rejects.toThrow(ShapeError);
    expect(memory().numTensors).toBe(live);
    await expect(predict(m, x, { batchSize: 2 })).rejects.toThrow(ShapeError);
    expect(memory().numTensors).toBe(live);
    async function* batches() {
      for (let i = 0; i < 3; i++) yield [randn([2, 4]), randn([2, 2])];
    }
    await expect(fit(m, batches() as never, { ...opts(m), epochs: 1 })).rejects.toThrow(ShapeError);
    expect(memory().numTensors).toBe(live);
    dispose([x, y]);
    m.dispose();
  });
});

describe('Parameter.assign (also-decide item)', () => {
  it('refuses another shape or dtype at assign time and keeps the old value', () => {
    const p = new Parameter(tensor([1, 2, 3]));
    const wrongShape = tensor([1, 2]);
    const wrongDtype = tensor(new Int32Array([1, 2, 3]));
    expect(() => p.assign(wrongShape)).toThrow(ShapeError);
    expect(() => p.assign(wrongDtype)).toThrow(DTypeError);
    expect(Array.from(p.value.dataSync())).toEqual([1, 2, 3]);
    dispose([wrongShape, wrongDtype]);
    p.dispose();
  });
});

it('FormatError is what a non-checkpoint file gives', async () => {
  const t = setup(1);
  const file = join(dir, 'plain.safetensors');
  await writeFileAtomic(file, encodeSafetensors({ a: { dtype: 'float32', shape: [1], data: new Float32Array(1) } }));
  await expect(loadCheckpoint(file, t)).rejects.toThrow(FormatError);
  t.model.dispose();
  t.optimizer.dispose();
});
