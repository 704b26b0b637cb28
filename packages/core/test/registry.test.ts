import { afterEach, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { createReferenceBackend } from '../src/testing/index.js';

afterEach(async () => {
  d.removeBackend('broken');
  d.removeBackend('second');
  await d.setBackend('reference');
});

describe('backend registry', () => {
  it('ready() picks the highest-priority backend that initializes and says why others did not', async () => {
    d.registerBackend('broken', () => {
      throw new Error('no adapter on this machine');
    }, { priority: 100 });
    d.registerBackend('second', () => ({ ...createReferenceBackend(), name: 'second' }), { priority: 50 });
    const report = await d.ready();
    expect(report.backend).toBe('second');
    expect(report.unavailable.broken).toMatch(/no adapter/);
    expect(d.getBackend().name).toBe('second');
    const t = d.ones([2]);
    expect(t.backend).toBe('second');
    t.dispose();
  });

  it('a backend reports the name it was registered under, with methods bound to the original', async () => {
    // A class-based backend with a private field: methods must run on the original object.
    class Counting {
      #allocs = 0;
      readonly inner = createReferenceBackend();
      readonly name = 'counting';
      readonly capabilities = this.inner.capabilities;
      readonly kernels = this.inner.kernels;
      alloc(dtype: d.DType, size: number) {
        this.#allocs++;
        return this.inner.alloc(dtype, size);
      }
      write(h: unknown, data: d.DataArray) {
        this.inner.write(h, data);
      }
      read(h: unknown) {
        return this.inner.read(h);
      }
      readSync(h: unknown) {
        return this.inner.readSync!(h);
      }
      free(h: unknown) {
        this.inner.free(h);
      }
      memory() {
        return { ...this.inner.memory(), allocs: this.#allocs };
      }
    }
    d.registerBackend('second', () => new Counting());
    const b = await d.setBackend('second');
    expect(b.name).toBe('second');
    const t = d.tensor([1, 2]);
    expect(t.backend).toBe('second');
    const moved = t.to('reference');
    expect(Array.from(moved.dataSync())).toEqual([1, 2]);
    moved.dispose();
    expect(b.memory().allocs).toBeGreaterThan(0);
    t.dispose();
  });

  it('setBackend errors name the backend and the reason', async () => {
    await expect(d.setBackend('nope')).rejects.toThrow(/no backend named 'nope'/);
    d.registerBackend('broken', async () => {
      throw new Error('driver missing');
    });
    await expect(d.setBackend('broken')).rejects.toThrow(/broken.*driver missing/);
  });

  it('moves tensors between backends, with gradients flowing back', async () => {
    d.registerBackend('second', () => ({ ...createReferenceBackend(), name: 'second' }));
    await d.findBackend('second');
    const x = d.tensor([1, 2, 3], undefined, { requiresGrad: true });
    const y = x.to('second');
    expect(y.backend).toBe('second');
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    const z = y.mul(y).sum();
    z.backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([2, 4, 6]);
    expect(() => d.add(x, y)).toThrow(d.BackendError);
    expect(() => d.add(x, y)).toThrow(/'reference'.*'second'/);
    d.dispose([x, y, z]);
  });

  it('memory() reports per-backend counts', () => {
    const before = d.memory();
    const t = d.ones([10]);
    const m = d.memory();
    expect(m.numTensors).toBe(before.numTensors + 1);
    expect(m.numBytes).toBe(before.numBytes + 40);
    expect(m.backends.reference.numTensors).toBeGreaterThanOrEqual(1);
    t.dispose();
    expect(d.memory().numBytes).toBe(before.numBytes);
  });
});

describe('bindKernels', () => {
  it('binds context-first implementations into a kernel table, leaving absent fused kernels out', () => {
    const calls: unknown[][] = [];
    const ref = createReferenceBackend();
    const ctx = { id: 'ctx' };
    const impls = Object.fromEntries(
      d.PRIMITIVE_KERNELS.map((name) => [name, (c: unknown, ...args: unknown[]) => {
        calls.push([name, c, ...args]);
        return (ref.kernels[name] as (...a: unknown[]) => unknown)(...args);
      }]),
    ) as unknown as d.KernelImpls<typeof ctx>;
    const table = d.bindKernels(ctx, { ...impls, softmax: (c, x, out) => calls.push(['softmax', c, x, out]) });
    const out = { handle: ref.alloc('float32', 2), shape: [2], dtype: 'float32' as const };
    table.fill(out, 3);
    expect(calls[0]).toEqual(['fill', ctx, out, 3]);
    expect(Array.from(ref.readSync!(out.handle))).toEqual([3, 3]);
    table.softmax!(out, out);
    expect(calls[1][0]).toBe('softmax');
    expect(calls[1][1]).toBe(ctx);
    expect(table.conv2d).toBeUndefined();
    ref.free(out.handle);
  });
});
