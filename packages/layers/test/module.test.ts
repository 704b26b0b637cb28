import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormatError, memory, randn, ShapeError, seed, type Tensor, tidy, ValueError } from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchNorm1d, Conv2d, Linear, Module, ModuleDict, ModuleList, Parameter, ReLU, Sequential } from '../src/index.js';

class Net extends Module {
  features = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
  norm = new BatchNorm1d(2);
  heads = new ModuleDict({ a: new Linear(2, 1) });
  extra = new ModuleList([new Linear(1, 1)]);
  scale = new Parameter(randn([1]));
  forward(x: Tensor): Tensor {
    return tidy(() => this.heads.get('a').forward(this.norm.forward(this.features.forward(x))).mul(this.scale.value));
  }
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dendrite-layers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

describe('Module', () => {
  it('discovers parameters, buffers and children with PyTorch names', () => {
    const before = memory().numTensors;
    const net = new Net();
    // A module's own parameters come before its children's, as PyTorch's named_parameters().
    expect(net.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ['scale', [1]],
      ['features.0.weight', [4, 3]],
      ['features.0.bias', [4]],
      ['features.2.weight', [2, 4]],
      ['features.2.bias', [2]],
      ['norm.weight', [2]],
      ['norm.bias', [2]],
      ['heads.a.weight', [1, 2]],
      ['heads.a.bias', [1]],
      ['extra.0.weight', [1, 1]],
      ['extra.0.bias', [1]],
    ]);
    expect(net.namedBuffers().map(([n]) => n)).toEqual(['norm.running_mean', 'norm.running_var', 'norm.num_batches_tracked']);
    expect(net.children().length).toBe(4);
    expect(net.numParameters()).toBe(12 + 4 + 8 + 2 + 2 + 2 + 2 + 1 + 1 + 1 + 1);
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.features.at(0).training).toBe(true);
    net.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('freeze() stops gradients and unfreeze() restores them', () => {
    const net = new Net();
    net.features.freeze();
    const loss = net.forward(randn([5, 3])).sum();
    loss.backward();
    expect(net.features.parameters().every((p) => p.grad === null)).toBe(true);
    expect(net.heads.parameters().every((p) => p.grad !== null)).toBe(true);
    expect(net.numParameters(true)).toBe(net.numParameters() - 26);
    net.unfreeze();
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
    loss.dispose();
    net.dispose();
  });

  it('stateDict → loadStateDict reproduces outputs exactly', async () => {
    seed(1);
    const a = new Net();
    const b = new Net();
    a.eval();
    b.eval();
    const x = randn([4, 3]);
    b.loadStateDict(a.stateDict());
    const [ya, yb] = [a.forward(x), b.forward(x)];
    expect(await values(yb)).toEqual(await values(ya));
    for (const t of [x, ya, yb]) t.dispose();
    a.dispose();
    b.dispose();
  });

  it('loadStateDict reports missing, unexpected and mis-shaped names and changes nothing', async () => {
    const net = new Net();
    const before = await values(net.features.at(0).stateDict().weight);
    const state = { ...net.stateDict() };
    const bad = randn([5, 3]);
    const stray = randn([1]);
    state['features.0.weight'] = bad;
    delete (state as Record<string, Tensor>).scale;
    (state as Record<string, Tensor>).bogus = stray;
    let err: Error | null = null;
    try {
      net.loadStateDict(state);
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(ShapeError);
    expect(err!.message).toContain("'features.0.weight': checkpoint [5, 3] vs model [4, 3]");
    expect(err!.message).toContain("missing: 'scale'");
    expect(err!.message).toContain("unexpected: 'bogus'");
    expect(await values(net.features.at(0).stateDict().weight)).toEqual(before);
    // Non-strict ignores names but never shapes.
    delete (state as Record<string, Tensor>)['features.0.weight'];
    const r = net.loadStateDict(state, { strict: false });
    expect(r.missing).toEqual(['scale', 'features.0.weight']);
    expect(r.unexpected).toEqual(['bogus']);
    expect(() => net.loadStateDict({}, { strict: true })).toThrow(ValueError);
    bad.dispose();
    stray.dispose();
    net.dispose();
  });

  it('save → load gives identical outputs; truncated or mis-shaped files leave the model untouched', async () => {
    const a = new Net().eval();
    const b = new Net().eval();
    const path = join(dir, 'net.safetensors');
    await a.save(path);
    expect(JSON.parse(await readFile(join(dir, 'net.json'), 'utf8'))).toEqual({ type: 'Net', config: a.config() });
    const x = randn([3, 3]);
    const bBefore = await values(b.forward(x));
    await b.load(path);
    const [ya, yb] = [a.forward(x), b.forward(x)];
    expect(await values(yb)).toEqual(await values(ya));
    expect(await values(yb)).not.toEqual(bBefore);

    const bytes = await readFile(path);
    const truncated = join(dir, 'truncated.safetensors');
    await writeFile(truncated, bytes.subarray(0, bytes.length - 7));
    const c = new Net().eval();
    const cBefore = await values(c.forward(x));
    await expect(c.load(truncated)).rejects.toThrow(FormatError);
    expect(await values(c.forward(x))).toEqual(cBefore);

    const other = new Sequential(new Linear(3, 5));
    const otherPath = join(dir, 'other.safetensors');
    await other.save(otherPath);
    const seq = new Sequential(new Linear(3, 4));
    const seqBefore = await values(seq.stateDict()['0.weight']);
    await expect(seq.load(otherPath)).rejects.toThrow(/'0.weight': checkpoint \[5, 3\] vs model \[4, 3\]/);
    expect(await values(seq.stateDict()['0.weight'])).toEqual(seqBefore);
    for (const m of [a, b, c, other, seq]) m.dispose();
    x.dispose();
  });

  it('summary() lists layers, output shapes, parameter and mult-add counts, and a memory estimate', () => {
    const model = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
    const before = memory().numTensors;
    const text = model.summary([5, 3], { print: false });
    expect(memory().numTensors).toBe(before);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Sequential (input [5, 3] -> output [5, 2])');
    // Linear mult-adds: batch x out x in.
    expect(lines.find((l) => l.startsWith('0 '))).toMatch(/^0\s+Linear\s+\[5, 4\]\s+16\s+60$/);
    expect(lines.find((l) => l.startsWith('1 '))).toMatch(/^1\s+ReLU\s+\[5, 4\]\s+0\s+0$/);
    expect(lines.find((l) => l.startsWith('2 '))).toMatch(/^2\s+Linear\s+\[5, 2\]\s+10\s+40$/);
    expect(text).toContain('Total params: 26');
    // Activations: (20 + 20 + 10) floats x 4 bytes x 2 (forward + gradient) = 400 bytes; params 104 bytes; input 60 bytes.
    expect(text).toContain('Forward/backward pass size (MB): 0.00');
    expect(text).toContain('Estimated total size (MB): 0.00');
    // forward is restored afterwards
    expect(Object.hasOwn(model.at(0), 'forward')).toBe(false);
    expect(String(model)).toBe('Sequential(\n  (0): Linear(inFeatures=3, outFeatures=4, bias=true)\n  (1): ReLU()\n  (2): Linear(inFeatures=4, outFeatures=2, bias=true)\n)');
    model.dispose();
  });

  it('summary() counts convolution mult-adds, prints by default and infers a declared input shape', () => {
    class Net extends Sequential {
      readonly inputShape = [2, 8, 8];
    }
    const model = new Net(new Conv2d(2, 4, 3, { padding: 1, groups: 2 }), new ReLU());
    const logs: string[] = [];
    const original = console.log;
    console.log = (s: string) => logs.push(s);
    let text: string;
    try {
      text = model.summary();
    } finally {
      console.log = original;
    }
    expect(logs).toEqual([text]);
    expect(text.split('\n')[0]).toBe('Net (input [1, 2, 8, 8] -> output [1, 4, 8, 8])');
    // 256 outputs x (2/2 channels x 3 x 3 taps)
    expect(text).toMatch(/^0\s+Conv2d\s+\[1, 4, 8, 8\]\s+40\s+2,304$/m);
    expect(() => new Sequential(new ReLU()).summary()).toThrow(/declares no 'inputShape'/);
    model.dispose();
  });
});
