// The backend object: memory accounting and reuse, growth, thread control,
// identical results for 1 and 2 threads, and teardown.
import { type Backend, type TensorInfo, ValueError } from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmBackend, setThreads } from '../src/index.js';
import type { WasmBuffer } from '../src/runtime.js';
import { randomData } from './helpers.js';

const info = (b: Backend, dtype: TensorInfo['dtype'], shape: number[], data?: ArrayLike<number>): TensorInfo => {
  const handle = b.alloc(dtype, shape.reduce((p, d) => p * d, 1));
  if (data) b.write(handle, (dtype === 'float32' ? Float32Array.from(data) : dtype === 'int32' ? Int32Array.from(data) : Uint8Array.from(data)) as never);
  return { handle, shape, dtype };
};

describe('wasm backend object', async () => {
  const backend = await createWasmBackend({ threads: 1, build: 'simd128' });
  afterAll(() => backend.dispose?.());

  it('describes itself', () => {
    expect(backend.name).toBe('wasm');
    expect(backend.capabilities.syncRead).toBe(true);
    expect(backend.capabilities.dtypes).toEqual(['float32', 'int32', 'bool']);
    expect(backend.capabilities.description).toBe('WebAssembly simd128, 1 thread');
  });

  it('round-trips data of every dtype, sync and async', async () => {
    const f = info(backend, 'float32', [5], [1.5, -2, 3, Number.NaN, Math.fround(1e30)]);
    expect(Array.from(backend.readSync!(f.handle))).toEqual([1.5, -2, 3, Number.NaN, Math.fround(1e30)]);
    const i = info(backend, 'int32', [3], [-7, 0, 2 ** 31 - 1]);
    expect(Array.from(await backend.read(i.handle))).toEqual([-7, 0, 2 ** 31 - 1]);
    const b = info(backend, 'bool', [2], [1, 0]);
    expect(await backend.read(b.handle)).toBeInstanceOf(Uint8Array);
    for (const t of [f, i, b]) backend.free(t.handle);
  });

  it('rejects bad arguments with typed errors', () => {
    expect(() => backend.alloc('float32', -1)).toThrow(ValueError);
    const h = backend.alloc('float32', 3);
    expect(() => backend.write(h, new Float32Array(4))).toThrow(/data has 4 elements, the buffer 3/);
    backend.free(h);
  });

  it('counts live buffers and bytes, reuses freed blocks and returns to baseline', () => {
    const base = backend.memory();
    const hs = [100, 1000, 5000].map((n) => backend.alloc('float32', n));
    expect(backend.memory().bytes - base.bytes).toBe(4 * 6100);
    expect(backend.memory().buffers - base.buffers).toBe(3);
    const ptrs = hs.map((h) => (h as WasmBuffer).ptr);
    const grown = backend.memory().wasmBytes;
    for (const h of hs) backend.free(h);
    expect(backend.memory().bytes).toBe(base.bytes);
    expect(backend.memory().buffers).toBe(base.buffers);
    expect(backend.memory().pooledBytes).toBeGreaterThanOrEqual(4 * 6100);
    // Same sizes again: the freed blocks come back instead of new memory.
    const again = [100, 1000, 5000].map((n) => backend.alloc('float32', n));
    expect(again.map((h) => (h as WasmBuffer).ptr).sort()).toEqual([...ptrs].sort());
    expect(backend.memory().wasmBytes).toBe(grown);
    for (const h of again) backend.free(h);
  });

  it('grows the wasm memory for a large buffer and keeps data intact', () => {
    const small = info(backend, 'float32', [4], [1, 2, 3, 4]);
    const before = backend.memory().wasmBytes;
    const n = (before / 4) * 2;
    const big = backend.alloc('float32', n);
    expect(backend.memory().wasmBytes).toBeGreaterThan(Math.max(before, 4 * n));
    const bigInfo: TensorInfo = { handle: big, shape: [n], dtype: 'float32' };
    backend.kernels.fill(bigInfo, 2.5);
    const back = backend.readSync!(big);
    expect(back[0]).toBe(2.5);
    expect(back[n - 1]).toBe(2.5);
    expect(Array.from(backend.readSync!(small.handle))).toEqual([1, 2, 3, 4]);
    backend.free(big);
    backend.free(small.handle);
  });
});

describe('wasm threads', () => {
  it('gives bit-identical results with 1 and 2 threads', async () => {
    const one = await createWasmBackend({ threads: 1, build: 'simd128' });
    const two = await createWasmBackend({ threads: 2, build: 'simd128' });
    try {
      expect(two.capabilities.description).toBe('WebAssembly simd128, 2 threads');
      const run = (b: Backend) => {
        const x = info(b, 'float32', [300, 257], randomData(300 * 257, 5));
        const y = info(b, 'float32', [257], randomData(257, 6));
        const s = info(b, 'float32', [300, 257]);
        const e = info(b, 'float32', [300, 257]);
        const r = info(b, 'float32', [257]);
        const m = info(b, 'float32', [300, 300]);
        b.kernels.binary(x, y, s, 'mul');
        b.kernels.unary(s, e, 'tanh', 0);
        b.kernels.reduce(e, r, 'sum', [0]);
        b.kernels.matmul(x, x, m, false, true);
        const out = [Array.from(b.readSync!(e.handle)), Array.from(b.readSync!(r.handle)), Array.from(b.readSync!(m.handle))];
        for (const t of [x, y, s, e, r, m]) b.free(t.handle);
        return out;
      };
      expect(run(two)).toEqual(run(one));
    } finally {
      one.dispose?.();
      two.dispose?.();
    }
  });

  it('setThreads resizes live backends and sets the default for new ones', async () => {
    const b = await createWasmBackend({ threads: 1, build: 'simd128' });
    try {
      await setThreads(2);
      expect(b.capabilities.description).toMatch(/2 threads/);
      const c = await createWasmBackend({ build: 'simd128' });
      expect(c.capabilities.description).toMatch(/2 threads/);
      c.dispose?.();
      await setThreads(1);
      expect(b.capabilities.description).toMatch(/1 thread$/);
      await expect(setThreads(0)).rejects.toThrow(ValueError);
    } finally {
      b.dispose?.();
    }
  });

  it('refuses kernel calls after dispose', async () => {
    const b = await createWasmBackend({ threads: 2, build: 'simd128' });
    const t = info(b, 'float32', [4]);
    b.dispose?.();
    expect(() => b.kernels.fill(t, 1)).toThrow(/disposed/);
  });
});
