// Regression tests for issue 12's core defects: huge sizes, bernoulli ranges,
// messages that dump data, untyped errors in grad/tidy, leaks in grad(),
// unchecked generator states, '__proto__' tensors and temp files.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  arange, bernoulli, broadcastTo, concat, decodeSafetensors, describeValue, dispose, encodeSafetensors, FileSystemError, fromSafetensors, Generator, grad,
  linspace, loadSafetensors, matmul, MAX_TENSOR_ELEMENTS, memory, oneHot, ones, randn, saveSafetensors, sigmoid, square, sum, tensor, tidy, tile, ValueError,
  valueAndGrad, writeFileAtomic, zeros, mul,
} from '../src/index.js';

describe('allocation limit (defect 14)', () => {
  const one = tensor([1]);
  const ids = tensor(new Int32Array([1]));
  afterAll(() => dispose([one, ids]));
  const cases: [string, () => unknown][] = [
    ['zeros 2^40', () => zeros([2 ** 40])],
    ['zeros 2^31', () => zeros([2 ** 31])],
    ['ones 2^20 x 2^20', () => ones([2 ** 20, 2 ** 20])],
    ['tile', () => tile(one, [2 ** 40])],
    ['broadcastTo', () => broadcastTo(one, [2 ** 40])],
    ['arange to Infinity', () => arange(0, Number.POSITIVE_INFINITY)],
    ['linspace 1e12', () => linspace(0, 1, 1e12)],
    ['oneHot 2^40', () => oneHot(ids, 2 ** 40)],
  ];
  for (const [name, f] of cases) {
    it(`${name} is refused with ValueError before allocating`, () => {
      const before = memory().numTensors;
      expect(f).toThrow(ValueError);
      expect(memory().numTensors).toBe(before);
    });
  }
  it('the limit is 2^31 - 1 elements and sizes at the limit pass the check', () => {
    expect(MAX_TENSOR_ELEMENTS).toBe(2 ** 31 - 1);
    expect(() => zeros([2 ** 31])).toThrow(/2147483648 elements, more than the limit of 2147483647/);
    zeros([0, 2 ** 40]).dispose(); // zero elements are fine whatever the other dims
  });
});

describe('bernoulli probabilities (defect 15)', () => {
  it('refuses p = 2, -1 and NaN as numbers and inside a tensor', () => {
    for (const p of [2, -1, Number.NaN]) {
      expect(() => bernoulli(p, [3])).toThrow(ValueError);
      const t = tensor([0.5, p]);
      expect(() => bernoulli(t)).toThrow(/holds .* at flat position 1, outside \[0, 1\]/);
      t.dispose();
    }
    const ok = tensor([0, 0.5, 1]);
    const d = bernoulli(ok);
    expect(Array.from(d.dataSync()).every((v) => v === 0 || v === 1)).toBe(true);
    dispose([ok, d]);
  });
});

describe('messages describe values, never dump them (defect 16)', () => {
  it('concat(t) with a tensor names its shape, in a short message', () => {
    const t = ones([1_000_000]);
    try {
      concat(t as never);
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ValueError);
      expect((e as Error).message).toContain('a Tensor [1000000] float32');
      expect((e as Error).message.length).toBeLessThan(200);
    }
    t.dispose();
  });
  it('describeValue cuts long strings and names arrays by length', () => {
    expect(describeValue('x'.repeat(1000)).length).toBeLessThan(70);
    expect(describeValue(new Array(1e6).fill(1))).toBe('an array of length 1000000');
    expect(describeValue(new Float32Array(5))).toBe('a Float32Array of length 5');
    expect(describeValue(new Map())).toBe('a Map');
    expect(describeValue([1, 2])).toBe('[1,2]');
    expect(describeValue([1, 'a'])).toBe('an array of length 2');
  });
});

describe('typed errors from grad and tidy (defect 18)', () => {
  it('grad(5) and valueAndGrad("f") throw ValueError at once', () => {
    expect(() => grad(5 as never)).toThrow(ValueError);
    expect(() => valueAndGrad('f' as never)).toThrow(/argument 'f' must be a function/);
  });
  it('grad(f)(notATensor) throws ValueError', () => {
    expect(() => grad((x) => sum(x))([1, 2] as never)).toThrow(ValueError);
  });
  it('tidy(async fn) and tidy(non-function) throw ValueError and leak nothing', () => {
    const before = memory().numTensors;
    expect(() => tidy((async () => 1) as never)).toThrow(ValueError);
    expect(() => tidy(() => Promise.resolve(ones([2])) as never)).toThrow(ValueError);
    expect(() => tidy(3 as never)).toThrow(ValueError);
    expect(memory().numTensors).toBe(before);
  });
});

describe('grad cleans up after itself (defect 19)', () => {
  it('grad(f)(x, w) leaves only the gradients alive, also for a gradient of a gradient', () => {
    const x = randn([4, 3]);
    const w = randn([3, 1]);
    const f = (a: typeof x, b: typeof x) => sum(square(sigmoid(matmul(a, b))));
    const before = memory().numTensors;
    const gs = grad(f)(x, w);
    expect(memory().numTensors).toBe(before + 2);
    dispose(gs);
    expect(memory().numTensors).toBe(before);
    // Second order: d/dw sum(df/dw * v)
    const v = randn([3, 1]);
    const before2 = memory().numTensors;
    const [hv] = grad((b: typeof x) => sum(mul(grad((bb: typeof x) => f(x, bb))(b)[0], v)))(w);
    expect(memory().numTensors).toBe(before2 + 1);
    expect(hv.shape).toEqual([3, 1]);
    dispose([hv, x, w, v]);
  });
  it('a throwing f leaks nothing', () => {
    const x = randn([3]);
    const before = memory().numTensors;
    expect(() => grad((a) => square(a))(x)).toThrow(/one-element tensor/);
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('generator state is validated (defect 3)', () => {
  it('setState refuses strings, negatives, fractions, huge keys and missing fields, and keeps the old state', () => {
    const g = new Generator(7);
    g.uniform();
    const before = g.state();
    const bad = [null, 5, [], {}, { key0: 'x', key1: 0, offset: 'y' }, { key0: 1, key1: 2, offset: -1 }, { key0: 1.5, key1: 2, offset: 0 },
      { key0: 2 ** 32, key1: 0, offset: 0 }, { key0: 1, key1: 2, offset: Number.NaN }, { key0: 1, key1: 2, offset: 2 ** 60 }];
    for (const s of bad) expect(() => g.setState(s as never)).toThrow(ValueError);
    expect(g.state()).toEqual(before);
    g.setState({ key0: 1, key1: 2, offset: 3 });
    expect(g.state()).toEqual({ key0: 1, key1: 2, offset: 3 });
  });
});

describe("safetensors '__proto__' names (defect 9)", () => {
  it('a tensor and a metadata key named __proto__ survive decode and fromSafetensors', () => {
    const bytes = encodeSafetensors(
      { ['__proto__']: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) }, b: { dtype: 'int32', shape: [1], data: new Int32Array([3]) } } as never,
      JSON.parse('{"__proto__": "m", "k": "v"}'),
    );
    const d = decodeSafetensors(bytes, 'p.safetensors');
    expect(Object.keys(d.tensors).sort()).toEqual(['__proto__', 'b']);
    expect(Object.keys(d.metadata).sort()).toEqual(['__proto__', 'k']);
    const { tensors } = fromSafetensors(bytes, 'p.safetensors');
    expect(Object.keys(tensors).sort()).toEqual(['__proto__', 'b']);
    const PROTO = '__proto__';
    expect(Array.from(Object.getOwnPropertyDescriptor(tensors, PROTO)?.value.dataSync())).toEqual([1, 2]);
    dispose(Object.values(tensors));
  });
});

describe('atomic writes (defect 6)', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  it("removes a dead writer's temp files of the same target at the next write, keeps others", async () => {
    dir = await mkdtemp(join(tmpdir(), 'dendrite-atomic-'));
    const target = join(dir, 'w.safetensors');
    // pid 2^22+1 exceeds Linux's pid_max default, so no process has it.
    await writeFile(`${target}.tmp-4194305-1-0`, 'partial');
    await writeFile(join(dir, 'other.safetensors.tmp-4194305-1-0'), 'another target');
    await saveSafetensors(target, { a: tensor([1]) });
    expect((await readdir(dir)).sort()).toEqual(['other.safetensors.tmp-4194305-1-0', 'w.safetensors']);
  });
  it('a failed write throws FileSystemError naming the path and its code, not the cleanup error', async () => {
    dir ||= await mkdtemp(join(tmpdir(), 'dendrite-atomic-'));
    await writeFile(join(dir, 'file'), 'x');
    const below = join(dir, 'file', 'w.safetensors');
    const err = await writeFileAtomic(below, 'data').catch((e) => e);
    expect(err).toBeInstanceOf(FileSystemError);
    expect(err.code).toBe('ENOTDIR');
    expect(err.message).toContain(below);
    const missing = await loadSafetensors(join(dir, 'nope.safetensors')).catch((e) => e);
    expect(missing).toBeInstanceOf(FileSystemError);
    expect(missing.code).toBe('ENOENT');
  });
});

describe('makeDirectory (defects 7, 8)', () => {
  it('creates nested folders, refuses a path below a file and returns at once on /proc', async () => {
    const { makeDirectory } = await import('../src/index.js');
    const { mkdtemp, writeFile, stat, rm } = await import('node:fs/promises');
    const base = await mkdtemp(join(tmpdir(), 'dendrite-mkdir-'));
    await makeDirectory(join(base, 'a', 'b', 'c'));
    expect((await stat(join(base, 'a', 'b', 'c'))).isDirectory()).toBe(true);
    await makeDirectory(join(base, 'a', 'b', 'c')); // exists: fine
    await writeFile(join(base, 'file'), 'x');
    const below = await makeDirectory(join(base, 'file', 'sub')).catch((e) => e);
    expect(below).toBeInstanceOf(FileSystemError);
    expect(below.code).toBe('ENOTDIR');
    const t0 = performance.now();
    const proc = await makeDirectory('/proc/dendrite-x/y').catch((e) => e);
    expect(proc).toBeInstanceOf(FileSystemError);
    expect(performance.now() - t0).toBeLessThan(2000);
    await rm(base, { recursive: true, force: true });
  });
});
