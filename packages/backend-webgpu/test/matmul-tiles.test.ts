// The tiled GEMM at its tile edges: sizes that are no multiple of any tile
// (1, 3, 33, 65, 129...), every tile shape the chooser can pick on this
// adapter, transposes, broadcast batches and int32, against a float64 loop.
import type { Backend } from '@dendrite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { gemmTile } from '../src/kernels/matmul.js';
import { openBackend, randomData, Tensors } from './helpers.js';

const { backend, reason } = await openBackend();

/** float64 reference of op(a)·op(b) for one batch; also Σ|a·b| per output, the scale of f32 rounding. */
function reference(a: Float64Array, b: Float64Array, M: number, N: number, K: number, transA: boolean, transB: boolean) {
  const out = new Float64Array(M * N);
  const mag = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = 0;
      let t = 0;
      for (let k = 0; k < K; k++) {
        const p = a[transA ? k * M + m : m * K + k] * b[transB ? n * K + k : k * N + n];
        s += p;
        t += Math.abs(p);
      }
      out[m * N + n] = s;
      mag[m * N + n] = t;
    }
  }
  return { out, mag };
}

/**
 * f32 accumulation of K products errs by at most ~K·2⁻²⁴·Σ|products| in the
 * worst case and far less in practice; 1e-5·Σ|products| (K ≤ 1100 here) with a
 * tiny absolute floor is tight enough to catch any dropped or doubled term.
 */
function expectClose(got: number[], want: Float64Array, mag: Float64Array, what: string) {
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-5 * mag[i] + 1e-30;
    if (!(Math.abs(got[i] - want[i]) <= tol)) {
      expect.fail(`${what}: element ${i} is ${got[i]}, want ${want[i]} (tolerance ${tol})`);
    }
  }
}

async function check(be: Backend, M: number, N: number, K: number, transA: boolean, transB: boolean, batch = 1) {
  const t = new Tensors(be);
  const aData = randomData(batch * M * K, M * 7 + K);
  const bData = randomData(batch * K * N, N * 13 + K + 1);
  const aShape = batch > 1 ? [batch, ...(transA ? [K, M] : [M, K])] : transA ? [K, M] : [M, K];
  const bShape = batch > 1 ? [batch, ...(transB ? [N, K] : [K, N])] : transB ? [N, K] : [K, N];
  const a = t.put('float32', aShape, Float32Array.from(aData));
  const b = t.put('float32', bShape, Float32Array.from(bData));
  const out = t.put('float32', batch > 1 ? [batch, M, N] : [M, N]);
  be.kernels.matmul(a, b, out, transA, transB);
  const got = await t.get(out);
  for (let z = 0; z < batch; z++) {
    const ref = reference(Float64Array.from(Float32Array.from(aData.subarray(z * M * K, (z + 1) * M * K))), Float64Array.from(Float32Array.from(bData.subarray(z * K * N, (z + 1) * K * N))), M, N, K, transA, transB);
    expectClose(got.slice(z * M * N, (z + 1) * M * N), ref.out, ref.mag, `matmul ${M}x${K}x${N} transA=${transA} transB=${transB} batch ${z}`);
  }
  for (const x of [a, b, out]) be.free(x.handle);
}

describe.skipIf(!backend)(`webgpu matmul tiles${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const be = backend as Backend;
  afterAll(() => be?.dispose?.());

  it('the chooser fits blocks to the problem and keeps slabs whole', () => {
    for (const cpu of [true, false]) {
      for (const [M, N, B] of [[1, 1, 1], [1, 1000, 1], [3, 33, 1], [12, 500, 1], [32, 25088, 1], [64, 25088, 1], [512, 512, 1], [2048, 2048, 1], [65, 7, 40]]) {
        const t = gemmTile(M, N, B, cpu);
        expect(t.wx * t.wy).toBe(64);
        expect(t.rm).toBeLessThanOrEqual(8);
        expect(t.rn).toBeLessThanOrEqual(cpu ? 16 : 8);
        // Both slabs fit the default 16 KiB of workgroup memory (+ one vec4 of padding per row).
        expect((t.wy * t.rm + 4 + t.wx * t.rn + 4) * t.bk * 4).toBeLessThanOrEqual(16384);
      }
    }
    expect(gemmTile(2048, 2048, 1, true)).toMatchObject({ rm: 8, rn: 16 });
    expect(gemmTile(2048, 2048, 1, false)).toMatchObject({ rm: 8, rn: 8 });
    // A single output row gets one thread row, not a mostly empty tile.
    expect(gemmTile(1, 4096, 1, true)).toMatchObject({ wy: 1, rm: 1 });
  });

  const sizes: [number, number, number][] = [
    [1, 1, 1], [1, 65, 3], [3, 1, 33], [12, 130, 33], [20, 77, 40], [33, 33, 33], [65, 129, 17], [129, 65, 200], [130, 257, 64], [256, 256, 1100], [2, 300, 5],
  ];
  for (const [M, N, K] of sizes) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      it(`${M}x${K}x${N} transA=${ta} transB=${tb}`, async () => {
        await check(be, M, N, K, ta, tb);
      });
    }
  }

  it('batched with odd sizes', async () => {
    await check(be, 33, 17, 65, false, true, 3);
    await check(be, 5, 130, 9, true, false, 4);
  });

  it('int32 is exact, with a broadcast batch', async () => {
    const t = new Tensors(be);
    const [M, N, K] = [37, 70, 45];
    const aData = Array.from(randomData(2 * M * K, 5, -50, 50), Math.round);
    const bData = Array.from(randomData(K * N, 6, -50, 50), Math.round);
    const a = t.put('int32', [2, M, K], aData);
    const b = t.put('int32', [1, K, N], bData);
    const out = t.put('int32', [2, M, N]);
    be.kernels.matmul(a, b, out, false, false);
    const got = await t.get(out);
    for (let z = 0; z < 2; z++) {
      for (let m = 0; m < M; m++) {
        for (let n = 0; n < N; n++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += aData[z * M * K + m * K + k] * bData[k * N + n];
          if (got[(z * M + m) * N + n] !== s) expect.fail(`int32 matmul: [${z}, ${m}, ${n}] is ${got[(z * M + m) * N + n]}, want ${s}`);
        }
      }
    }
  });
});
