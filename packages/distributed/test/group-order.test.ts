// MpiProcessGroup over a stand-in for the native binding: collectives reach
// the binding in call order even when a tensor lives on a backend that can
// only be read asynchronously (its submission waits for the read, and later
// ones queue behind it), results land on the input's backend, and a
// synchronous all-reduce refuses to overtake a queued one.
import { type Backend, getBackend, registerBackend, setBackend, type Tensor, tensor } from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { MpiProcessGroup } from '../src/mpi-group.js';
import type { NativeAddon } from '../src/native.js';

/** The reference backend without synchronous reads: tensors on it stage through `await data()`. */
function asyncOnly(): Backend {
  const ref = getBackend();
  return { ...ref, name: 'async-only', readSync: undefined, capabilities: { ...ref.capabilities, syncRead: false } };
}

/** A binding of one rank that records what it was asked, and "reduces" by adding 100 to each element. */
function fakeAddon() {
  const calls: { kind: number; values: number[] }[] = [];
  const addon = {
    submit: async (kind: number, _dtype: number, _op: number, _root: number, send: ArrayBufferView | null, recv: ArrayBufferView | null) => {
      const buf = (recv ?? send) as Float32Array;
      calls.push({ kind, values: Array.from(buf ?? []) });
      if (recv && kind === 0) (recv as Float32Array).forEach((v, i, a) => (a[i] = v + 100));
    },
    submitSync: () => {
      calls.push({ kind: -1, values: [] });
    },
  } as unknown as NativeAddon;
  return { addon, calls };
}

afterAll(async () => {
  await setBackend('reference');
});

describe('MpiProcessGroup call order', () => {
  it('keeps call order across asynchronously staged tensors, and answers on their backend', async () => {
    registerBackend('async-only', asyncOnly);
    const { addon, calls } = fakeAddon();
    const group = new MpiProcessGroup(addon, { rank: 0, size: 1, localRank: 0, localSize: 1, library: 'fake' });
    await setBackend('async-only');
    const slow = tensor([1, 2]);
    await setBackend('reference');
    const fast = tensor([3]);
    const host = new Float32Array([4]);
    const a = group.allReduceAsync(slow, 'sum'); // waits for a read
    const b = group.allReduceAsync(fast, 'sum'); // readable now, but must not overtake a
    const c = group.allReduceHost(host, 'sum');
    expect(() => group.allReduceHostSync(new Float32Array(1))).toThrow('an asynchronous collective is still waiting for its tensor to be read');
    const [ra, rb] = (await Promise.all([a.wait(), b.wait(), c.wait()])) as [Tensor, Tensor, void];
    expect(calls.map((x) => x.values)).toEqual([[1, 2], [3], [4]]);
    expect(ra.backend).toBe('async-only');
    expect(Array.from(await ra.data())).toEqual([101, 102]);
    expect(Array.from(await rb.data())).toEqual([103]);
    expect(Array.from(host)).toEqual([104]);
    expect([a, b, c].every((w) => w.completed)).toBe(true);
    // With nothing queued, a synchronous all-reduce goes straight to the binding.
    group.allReduceHostSync(new Float32Array(1));
    expect(calls.at(-1)!.kind).toBe(-1);
    for (const t of [slow, fast, ra, rb]) t.dispose();
  });
});
