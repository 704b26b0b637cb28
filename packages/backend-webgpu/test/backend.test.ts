// The backend object: capabilities, memory accounting and the buffer pool,
// bool/int32 round trips, errors for bad handles, register entry, and the
// end-to-end path through core ops (tensor API on this backend).
import { BackendError, listBackends, removeBackend } from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { sizeClass } from '../src/index.js';
import { openBackend } from './helpers.js';

const { backend, reason } = await openBackend();
afterAll(() => backend?.dispose?.());

describe('size classes', () => {
  it('round up to powers of two, then to eighths of a power past 1 MiB', () => {
    expect([sizeClass(0), sizeClass(17), sizeClass(4096), sizeClass((1 << 20) + 1)]).toEqual([16, 32, 4096, (1 << 20) + (1 << 17)]);
  });
});

describe('register entry', () => {
  it('registers "webgpu"', async () => {
    await import('../src/register.js');
    expect(listBackends()).toContain('webgpu');
    removeBackend('webgpu');
  });
});

describe.skipIf(!backend)(`webgpu backend object${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('declares async-only reads and names the adapter', () => {
    expect(backend?.capabilities.syncRead).toBe(false);
    expect(backend?.readSync).toBeUndefined();
    expect(backend?.capabilities.description).toMatch(/^WebGPU on /);
  });

  it('round-trips every dtype, including empty buffers', async () => {
    const b = backend!;
    const cases = [new Float32Array([1.5, -2, Number.NaN]), new Int32Array([-2147483648, 7, 2147483647]), new Uint8Array([1, 0, 1, 1, 0])];
    for (const [dtype, data] of [['float32', cases[0]], ['int32', cases[1]], ['bool', cases[2]]] as const) {
      const h = b.alloc(dtype, data.length);
      b.write(h, data);
      const got = await b.read(h);
      expect(got.constructor).toBe(data.constructor);
      expect(Array.from(got)).toEqual(Array.from(data));
      b.free(h);
    }
    const empty = b.alloc('float32', 0);
    expect(Array.from(await b.read(empty))).toEqual([]);
    b.free(empty);
  });

  it('counts live bytes and reuses freed buffers through the pool', () => {
    const b = backend!;
    const before = b.memory();
    const h = b.alloc('float32', 1000);
    expect(b.memory().bytes - before.bytes).toBe(4000);
    expect(b.memory().buffers - before.buffers).toBe(1);
    b.free(h);
    expect(b.memory().bytes).toBe(before.bytes);
    expect(b.memory().pooledBytes).toBeGreaterThanOrEqual(4096);
  });

  it('rejects freed handles and foreign objects with BackendError', async () => {
    const b = backend!;
    const h = b.alloc('int32', 4);
    b.free(h);
    await expect(b.read(h)).rejects.toThrow(/already freed/);
    expect(() => b.write({}, new Int32Array(1))).toThrow(BackendError);
    const g = b.alloc('int32', 4);
    expect(() => b.write(g, new Int32Array(3))).toThrow(/3 elements but the buffer holds 4/);
    b.free(g);
  });

  it('a write after a kernel that reads the same buffer does not overtake it', async () => {
    const b = backend!;
    const x = b.alloc('float32', 3);
    const y = b.alloc('float32', 3);
    b.write(x, new Float32Array([1, 2, 3]));
    b.kernels.unary({ handle: x, shape: [3], dtype: 'float32' }, { handle: y, shape: [3], dtype: 'float32' }, 'neg', 0);
    b.write(x, new Float32Array([7, 8, 9]));
    expect(Array.from(await b.read(y))).toEqual([-1, -2, -3]);
    expect(Array.from(await b.read(x))).toEqual([7, 8, 9]);
    b.free(x);
    b.free(y);
  });
});
