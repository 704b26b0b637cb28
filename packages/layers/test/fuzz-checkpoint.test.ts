// Seeded fuzz suite over safetensors files and checkpoint metadata (issue
// 12): every mutated file either loads or throws a Dendrite error naming the
// file, and a failed load leaves model, optimizer, scheduler and random
// streams bit-identical, with no tensor leaked and bounded peak memory.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, DendriteError, dispose, encodeSafetensors, fromSafetensors, Generator, memory, randn, seed } from '@dendrite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam, Dropout, fit, Linear, loadCheckpoint, MSELoss, ReLU, saveCheckpoint, Sequential, StepLR } from '../src/index.js';
import { snapshot } from './snapshot.js';

function rng(s: number) {
  let a = s >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const counts = { tried: 0, typed: 0, loaded: 0 };
let dir = '';
const peakAtStart = process.resourceUsage().maxRSS;

function targets(s: number) {
  seed(s);
  const model = new Sequential(new Linear(4, 6), new ReLU(), new Dropout(0.2), new Linear(6, 3));
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
  return { model, optimizer, scheduler, generator: new Generator(s), generators: { data: new Generator(s + 1) } };
}

let good: Uint8Array;
let t: ReturnType<typeof targets>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dendrite-fuzz-ckpt-'));
  const src = targets(1);
  const x = randn([8, 4]);
  const y = randn([8, 3]);
  await fit(src.model, [x, y], { loss: new MSELoss(), optimizer: src.optimizer, scheduler: src.scheduler, generator: src.generator, generators: src.generators, epochs: 2, batchSize: 4, verbose: 0 });
  await saveCheckpoint(join(dir, 'good.safetensors'), src, { epoch: 2, history: [{ epoch: 1, loss: 1 }, { epoch: 2, loss: 0.5 }] });
  good = new Uint8Array(await readFile(join(dir, 'good.safetensors')));
  dispose([x, y]);
  src.model.dispose();
  src.optimizer.dispose();
  t = targets(7);
  const x2 = randn([8, 4]);
  const y2 = randn([8, 3]);
  await fit(t.model, [x2, y2], { loss: new MSELoss(), optimizer: t.optimizer, scheduler: t.scheduler, generator: t.generator, epochs: 1, batchSize: 4, verbose: 0 });
  dispose([x2, y2]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  console.log(`checkpoint fuzz: ${counts.tried} inputs tried, ${counts.typed} typed errors, ${counts.loaded} loaded; peak RSS grew ${((process.resourceUsage().maxRSS - peakAtStart) / 1024).toFixed(0)} MiB`);
});

/** Loads `bytes` as a checkpoint into the live targets: success, or a typed error naming the file with nothing changed. */
async function attempt(name: string, bytes: Uint8Array): Promise<void> {
  counts.tried++;
  const file = join(dir, name);
  await writeFile(file, bytes);
  const before = await snapshot({ model: t.model, optimizer: t.optimizer, scheduler: t.scheduler, generators: [t.generator, t.generators.data] });
  const live = memory().numTensors;
  try {
    await loadCheckpoint(file, t);
    counts.loaded++; // a valid variant loaded (data bytes flipped...): the targets hold its values now
  } catch (err) {
    if (!(err instanceof DendriteError)) throw new Error(`${name}: untyped ${(err as Error)?.name}: ${(err as Error)?.message}`);
    expect(err.message, name).toContain(file);
    expect(err.message.length).toBeLessThan(2000);
    expect(await snapshot({ model: t.model, optimizer: t.optimizer, scheduler: t.scheduler, generators: [t.generator, t.generators.data] }), name).toBe(before);
    counts.typed++;
    expect(memory().numTensors, name).toBe(live); // a failed load leaks nothing
  }
}

/** Bytes of the good checkpoint with its metadata JSON replaced. */
function withMeta(meta: string, tensors = decodeSafetensors(good).tensors): Uint8Array {
  return encodeSafetensors(tensors, { format: 'pt', 'dendrite.checkpoint': meta });
}

const WEIRD: unknown[] = [null, true, 0, -1, 1.5, 2 ** 53, Number.NaN, 'x', '', [], [1, 'a'], {}, { a: 1 }, 1e308, -0];

describe('fuzzing safetensors checkpoints', () => {
  it('byte-level mutations of a real checkpoint', async () => {
    const r = rng(21);
    const headerLen = new DataView(good.buffer, good.byteOffset).getUint32(0, true);
    for (let i = 0; i < 120; i++) {
      const b = good.slice();
      const kind = r.int(5);
      let out: Uint8Array = b;
      if (kind === 0) out = b.subarray(0, r.int(b.length));
      else if (kind === 1) for (let k = 0; k <= r.int(4); k++) b[8 + r.int(headerLen)] = r.pick([0x22, 0x7b, 0x7d, 0x5b, 0x2c, 0x3a, 0x30, 0x39, 0x2d, 0x00, 0xff]);
      else if (kind === 2) new DataView(b.buffer).setUint32(r.int(2) * 4, r.pick([0, 1, 7, headerLen - 1, headerLen + 8, 0xffffffff]), true);
      else if (kind === 3) for (let k = 0; k < 8; k++) b[8 + headerLen + r.int(b.length - 8 - headerLen)] ^= 0xff; // data bytes: loads (floats change)
      else out = new Uint8Array([...b, ...Array.from({ length: 1 + r.int(16) }, () => r.int(256))]);
      await attempt(`bytes-${i}.safetensors`, out);
    }
  });

  it('structure-aware mutations of the metadata JSON', async () => {
    const r = rng(22);
    const info = JSON.parse(decodeSafetensors(good).metadata['dendrite.checkpoint']);
    const paths: string[][] = [];
    const walk = (v: unknown, p: string[]) => {
      paths.push(p);
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...p, k]);
    };
    walk(info, []);
    for (let i = 0; i < 200; i++) {
      const copy = JSON.parse(JSON.stringify(info));
      const p = r.pick(paths);
      if (p.length === 0) {
        await attempt(`meta-${i}.safetensors`, withMeta(JSON.stringify(r.pick(WEIRD))));
        continue;
      }
      let parent = copy;
      for (const k of p.slice(0, -1)) parent = parent[k];
      const last = p[p.length - 1];
      if (r.int(4) === 0) delete parent[last];
      else parent[last] = r.pick(WEIRD);
      await attempt(`meta-${i}.safetensors`, withMeta(JSON.stringify(copy)));
    }
  });

  it('tensor-level mutations: renamed, dropped, reshaped, retyped, a __proto__ entry', async () => {
    const r = rng(23);
    const base = decodeSafetensors(good).tensors;
    const names = Object.keys(base);
    const meta = decodeSafetensors(good).metadata['dendrite.checkpoint'];
    for (let i = 0; i < 80; i++) {
      const tensors = { ...base };
      const n = r.pick(names);
      const e = base[n];
      switch (r.int(5)) {
        case 0:
          delete tensors[n];
          break;
        case 1:
          tensors[`${n}x`] = e;
          delete tensors[n];
          break;
        case 2:
          tensors[n] = { dtype: 'float32', shape: [e.data.length + 1], data: new Float32Array(e.data.length + 1) };
          break;
        case 3:
          tensors[n] = { dtype: 'int32', shape: e.shape, data: new Int32Array(e.data.length) };
          break;
        default:
          Object.defineProperty(tensors, '__proto__', { value: e, enumerable: true, configurable: true, writable: true });
      }
      await attempt(`tensors-${i}.safetensors`, withMeta(meta, tensors));
    }
  });

  it('fromSafetensors on random headers never throws untyped', () => {
    const r = rng(24);
    const pieces = ['{', '}', '"a"', ':', ',', '"dtype"', '"F32"', '"I64"', '"shape"', '[1]', '[4294967296]', '"data_offsets"', '[0,4]', '[4,0]', '"__metadata__"', '"__proto__"', 'null', '1e999', '-1'];
    for (let i = 0; i < 300; i++) {
      let text = '';
      for (let k = 0; k < 1 + r.int(14); k++) text += r.pick(pieces);
      const json = new TextEncoder().encode(text);
      const bytes = new Uint8Array(8 + json.length + r.int(16));
      new DataView(bytes.buffer).setUint32(0, json.length, true);
      bytes.set(json, 8);
      counts.tried++;
      const live = memory().numTensors;
      try {
        dispose(Object.values(fromSafetensors(bytes, `h-${i}.safetensors`).tensors));
        counts.loaded++;
      } catch (err) {
        if (!(err instanceof DendriteError)) throw new Error(`untyped: ${(err as Error).message} for ${text}`);
        expect(err.message).toContain(`h-${i}.safetensors`);
        counts.typed++;
      }
      expect(memory().numTensors).toBe(live);
    }
  });

  it('peak memory stays bounded', () => {
    expect((process.resourceUsage().maxRSS - peakAtStart) / 1024).toBeLessThan(300);
    expect(counts.tried).toBeGreaterThan(600);
  });
});
