// float16: the host conversions, the dtype's rules in the ops (promotion,
// autograd, mixed-dtype errors), safetensors F16, and proof that the
// conformance kit's float16 tolerance catches a backend accumulating in half.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { createReferenceBackend } from '../src/reference/index.js';
import { conformanceCases } from '../src/testing/conformance-cases.js';
import { compareKernel } from '../src/testing/conformance-compare.js';
import { halfVariant } from '../src/testing/conformance-half.js';
import { bufferOf } from '../src/reference/memory.js';

describe('half conversions', () => {
  it('round-trips every finite half bit pattern and keeps NaN a NaN', () => {
    for (let b = 0; b < 0x10000; b++) {
      const v = d.fromHalfBits(b);
      if (Number.isNaN(v)) expect(Number.isNaN(d.fromHalfBits(d.toHalfBits(v)))).toBe(true);
      else expect(d.toHalfBits(v), `bits 0x${b.toString(16)}`).toBe(b);
    }
  });

  it('rounds to the nearest half, ties to even, overflow to infinity', () => {
    // Between two neighbouring positive halves, every point goes to the nearer one; midpoints to the even pattern.
    let state = 12345;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    for (let i = 0; i < 20000; i++) {
      const b = Math.floor(next() * 0x7bff); // positive finite halves below the largest
      const lo = d.fromHalfBits(b);
      const hi = d.fromHalfBits(b + 1);
      const t = next();
      const v = lo + (hi - lo) * t;
      const got = d.toHalfBits(v);
      if (t < 0.5) expect(got).toBe(b);
      else if (t > 0.5) expect(got).toBe(b + 1);
      expect(d.toHalfBits((lo + hi) / 2), `tie between 0x${b.toString(16)} and its successor`).toBe(b % 2 === 0 ? b : b + 1);
      expect(d.toHalfBits(-v)).toBe(got | 0x8000);
    }
    expect(d.toHalfBits(65504)).toBe(0x7bff);
    expect(d.toHalfBits(65519.99)).toBe(0x7bff);
    expect(d.toHalfBits(65520)).toBe(0x7c00);
    expect(d.toHalfBits(-1e9)).toBe(0xfc00);
    expect(d.toHalfBits(2 ** -25)).toBe(0); // the tie below the smallest subnormal goes to even (zero)
    expect(d.toHalfBits(2 ** -25 * 1.0001)).toBe(1);
    expect(d.toHalfBits(-0)).toBe(0x8000);
    expect(d.roundToHalf(0.1)).toBe(0.0999755859375);
    expect(Array.from(d.decodeHalf(d.encodeHalf([1, -2, 0.5])))).toEqual([1, -2, 0.5]);
  });
});

describe('float16 tensors', () => {
  let before: number;
  beforeEach(() => {
    before = d.memory().numTensors;
  });
  afterEach(() => {
    expect(d.memory().numTensors).toBe(before);
  });

  it('are created, printed and read back decoded', async () => {
    const t = d.tensor([0.1, -2, 70000], undefined, 'float16');
    expect(t.dtype).toBe('float16');
    expect(Array.from(await t.data())).toEqual([0.0999755859375, -2, Infinity]);
    expect(t.dataSync()).toBeInstanceOf(Float32Array);
    const printed = d.tensor([1, 2], undefined, 'float16');
    expect(String(printed)).toBe('tensor([1., 2.], dtype=float16)');
    d.dispose([t, printed]);
    d.tidy(() => {
      expect(d.zeros([2], { dtype: 'float16' }).dtype).toBe('float16');
      expect(d.rand([3], { dtype: 'float16' }).dtype).toBe('float16');
      expect(d.randnLike(d.ones([2], { dtype: 'float16' })).dtype).toBe('float16');
      expect(d.ones([2]).half().dtype).toBe('float16');
    });
  });

  it('promote like PyTorch: int < float16 < float32, numbers keep the tensor dtype', () => {
    d.tidy(() => {
      const h = d.tensor([1.5, 2], undefined, 'float16');
      const f = d.tensor([1, 1]);
      const i = d.tensor(new Int32Array([3, 4]));
      expect(d.add(h, f).dtype).toBe('float32');
      expect(d.add(h, i).dtype).toBe('float16');
      expect(d.mul(h, 0.5).dtype).toBe('float16');
      expect(d.div(h, 3).dtype).toBe('float16');
      expect(d.mean(h).dtype).toBe('float16');
      expect(d.matmul(d.reshape(h, [1, 2]), d.reshape(f, [2, 1])).dtype).toBe('float32');
      expect(d.softmax(h, 0).dtype).toBe('float16');
    });
  });

  it('round results to half after every op', () => {
    d.tidy(() => {
      const third = d.div(d.tensor([1], undefined, 'float16'), 3);
      expect(third.dataSync()[0]).toBe(d.roundToHalf(1 / 3));
      // 2048 + 1 is not a half: the sum rounds (ties to even) back to 2048.
      expect(d.add(d.tensor([2048], undefined, 'float16'), 1).dataSync()[0]).toBe(2048);
    });
  });

  it('mean sums in float32, so it does not overflow where a half sum would', () => {
    d.tidy(() => {
      const big = d.full([40000], 2, { dtype: 'float16' });
      expect(d.sum(big).dataSync()[0]).toBe(Infinity); // 80000 > 65504
      expect(d.mean(big).dataSync()[0]).toBe(2);
      expect(d.variance(big).dataSync()[0]).toBe(0);
    });
  });

  it('take gradients, cast back to the leaf dtype across float16 and float32', () => {
    d.tidy(() => {
      const w = d.tensor([[0.5, -1], [2, 0.25]], undefined, { dtype: 'float16', requiresGrad: true });
      const x = d.tensor([[1, 2]], undefined, 'float16');
      const loss = d.sum(d.square(d.matmul(x, w)));
      loss.backward();
      expect(w.grad?.dtype).toBe('float16');
      // y = x w = [4.5, -0.5]; dL/dw = xᵀ 2y = [[9, -1], [18, -2]] (all exact in half).
      expect(w.grad?.arraySync()).toEqual([[9, -1], [18, -2]]);
      const a = d.tensor([1, 2], undefined, { dtype: 'float16', requiresGrad: true });
      d.sum(d.mul(a.float(), d.tensor([3, 4]))).backward();
      expect(a.grad?.dtype).toBe('float16');
      expect(a.grad?.arraySync()).toEqual([3, 4]);
    });
  });

  it('reject mixed float16/float32 inputs of a layer op with a typed error', () => {
    d.tidy(() => {
      const x = d.rand([1, 1, 4, 4], { dtype: 'float16' });
      const w = d.rand([2, 1, 3, 3]);
      expect(() => d.conv2d(x, w)).toThrow(d.DTypeError);
      expect(() => d.conv2d(x, w)).toThrow(/conv2d: 'x' is float16 \[1, 1, 4, 4\] but 'weight' is float32 \[2, 1, 3, 3\]/);
      expect(d.conv2d(x, w.half()).dtype).toBe('float16');
    });
  });

  it('need a backend that declares float16', async () => {
    const plain = createReferenceBackend();
    d.registerBackend('no-half', () => ({ ...plain, name: 'no-half', capabilities: { ...plain.capabilities, dtypes: ['float32', 'int32', 'bool'] } }));
    const prev = d.getBackend().name;
    await d.setBackend('no-half');
    try {
      expect(() => d.tensor([1], undefined, 'float16')).toThrow(/does not support dtype float16/);
      // F16 weights load as float32 (exactly) on such a backend.
      const bytes = d.encodeSafetensors({ w: { dtype: 'float16', shape: [2], data: d.encodeHalf([0.1, 3]) } });
      const { tensors } = d.fromSafetensors(bytes);
      expect(tensors.w.dtype).toBe('float32');
      expect(Array.from(tensors.w.dataSync())).toEqual([0.0999755859375, 3]);
      tensors.w.dispose();
    } finally {
      await d.setBackend(prev);
    }
  });

  it('save and load as safetensors F16', async () => {
    const t = d.tensor([0.1, -65504, 2 ** -24], undefined, 'float16');
    const bytes = await d.toSafetensors({ t });
    expect(new TextDecoder().decode(bytes.subarray(8, 60))).toContain('"dtype":"F16"');
    const { tensors } = d.fromSafetensors(bytes);
    expect(tensors.t.dtype).toBe('float16');
    expect(Array.from(tensors.t.dataSync())).toEqual(Array.from(t.dataSync()));
    d.dispose([t, tensors.t]);
  });
});

describe('conformance kit in float16', () => {
  it('replays float32 cases in float16 and catches accumulation in half precision', async () => {
    const ref = createReferenceBackend();
    const base = conformanceCases().matmul.find((c) => c.label.includes('[67, 131]'));
    const kase = base && halfVariant(base);
    expect(kase?.output.dtype).toBe('float16');
    expect(kase?.inputs.every((t) => t.dtype === 'float16')).toBe(true);
    expect((await compareKernel(ref, createReferenceBackend(), kase!)).ok).toBe(true);
    // A backend whose matmul rounds every partial sum to half (accumulating in float16).
    const halfAcc = createReferenceBackend();
    const matmul: typeof halfAcc.kernels.matmul = (a, b, out, transA, transB) => {
      const r = a.shape.length;
      const [m, k] = transA ? [a.shape[r - 1], a.shape[r - 2]] : [a.shape[r - 2], a.shape[r - 1]];
      const n = transB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
      const A = bufferOf(a.handle, 'matmul', 'a').data;
      const B = bufferOf(b.handle, 'matmul', 'b').data;
      const O = bufferOf(out.handle, 'matmul', 'out').data;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let acc = 0;
          for (let p = 0; p < k; p++) acc = d.roundToHalf(acc + A[transA ? p * m + i : i * k + p] * B[transB ? j * k + p : p * n + j]);
          O[i * n + j] = acc;
        }
    };
    const broken = { ...halfAcc, kernels: { ...halfAcc.kernels, matmul } };
    const r = await compareKernel(broken, ref, kase!);
    expect(r.ok, r.message).toBe(false);
  });
});
