// Without SharedArrayBuffer (a browser page without COOP/COEP) the backend
// runs single-threaded on an ordinary memory, says so once, and computes the
// same numbers as on shared memory.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { wasmBytes } from '../src/loader.js';
import { unsharedMemoryVariant } from '../src/unshared.js';
import { BUILD } from './build.js';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('wasm backend without shared memory', () => {
  it('the unshared variant instantiates on an ordinary memory and the shared build does not', async () => {
    const memory = new WebAssembly.Memory({ initial: 17, maximum: 65536 });
    await expect(WebAssembly.instantiate(await WebAssembly.compile(wasmBytes(BUILD)), { env: { memory } })).rejects.toThrow();
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(unsharedMemoryVariant(wasmBytes(BUILD))), { env: { memory } });
    expect(Object.keys(instance.exports).length).toBeGreaterThan(10);
    // The original bytes are untouched.
    expect(WebAssembly.validate(wasmBytes(BUILD))).toBe(true);
  });

  it('runs a matmul single-threaded on non-shared memory and warns once that threads need COOP/COEP', async () => {
    vi.stubGlobal('SharedArrayBuffer', undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.resetModules();
    const { createWasmBackend } = await import('../src/backend.js');
    const b = await createWasmBackend({ threads: 4, build: BUILD });
    const b2 = await createWasmBackend({ threads: 2, build: BUILD });
    expect(b.capabilities.description).toMatch(/1 thread/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/single-threaded \(4 threads requested\): SharedArrayBuffer is not available.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/);
    // A 2x3 by 3x2 product with random-looking values, against float64.
    const a = [0.3, -1.7, 2.2, 0.9, 1.1, -0.4];
    const c = [1.5, -0.2, 0.7, 2.4, -1.3, 0.6];
    const ha = b.alloc('float32', 6);
    const hc = b.alloc('float32', 6);
    const out = b.alloc('float32', 4);
    b.write(ha, new Float32Array(a));
    b.write(hc, new Float32Array(c));
    b.kernels.matmul({ handle: ha, shape: [2, 3], dtype: 'float32' }, { handle: hc, shape: [3, 2], dtype: 'float32' }, { handle: out, shape: [2, 2], dtype: 'float32' }, false, false);
    const got = Array.from(b.readSync!(out) as Float32Array);
    const want = [0, 1, 2, 3].map((k) => {
      const [i, j] = [k >> 1, k & 1];
      return a[i * 3] * c[j] + a[i * 3 + 1] * c[2 + j] + a[i * 3 + 2] * c[4 + j];
    });
    for (let k = 0; k < 4; k++) expect(got[k]).toBeCloseTo(want[k], 5);
    for (const h of [ha, hc, out]) b.free(h);
    b.dispose?.();
    b2.dispose?.();
  });
});
