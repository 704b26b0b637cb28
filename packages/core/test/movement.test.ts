import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { createReferenceBackend } from '../src/testing/index.js';

// Movement ops copy float32 values without arithmetic, so their results must
// equal the float64 references exactly (toEqual); only scatterAdd sums, and
// there the tolerance is float32 rounding of a few terms (see that test).

const i32 = (values: number[], shape?: number[]) => d.tensor(Int32Array.from(values), shape);
const arr = (t: d.Tensor) => t.arraySync();

/** Row-major coordinates of flat index `i` in `shape`. */
function coords(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    c[k] = i % shape[k];
    i = Math.floor(i / shape[k]);
  }
  return c;
}
function flatIndex(c: readonly number[], shape: readonly number[]): number {
  return c.reduce((f, v, k) => f * shape[k] + v, 0);
}
const float64 = (t: d.Tensor) => Float64Array.from(t.dataSync());

/** The gradients of the scalar `f(...xs)` w.r.t. each x, as nested arrays (frees xs and their grads). */
function gradsOf(xs: d.Tensor[], f: (...xs: d.Tensor[]) => d.Tensor): d.NestedArray[] {
  for (const x of xs) x.requiresGrad_();
  d.tidy(() => f(...xs).backward());
  const grads = xs.map((x) => arr(x.grad!));
  d.dispose(xs.flatMap((x) => [x, x.grad]));
  return grads;
}

let before = 0;
beforeEach(() => {
  d.seed(7);
  before = d.memory().numTensors;
});
afterEach(() => {
  // Every op must free its temporaries: each test ends where it started.
  expect(d.memory().numTensors).toBe(before);
});

describe('flatten, squeeze, unsqueeze', () => {
  it('reshape without copying values', () => {
    d.tidy(() => {
      const x = d.arange(24).reshape([2, 3, 4]);
      expect(d.flatten(x).shape).toEqual([24]);
      expect(d.flatten(x, 1).shape).toEqual([2, 12]);
      expect(d.flatten(x, 0, -2).shape).toEqual([6, 4]);
      expect(d.flatten(x, -1, -1).shape).toEqual([2, 3, 4]);
      expect(arr(d.flatten(x, 1))).toEqual([[...Array(12).keys()], [...Array(12).keys()].map((v) => v + 12)]);
      expect(d.flatten(d.scalar(5)).shape).toEqual([1]);
      const y = d.zeros([1, 3, 1, 2]);
      expect(d.squeeze(y).shape).toEqual([3, 2]);
      expect(d.squeeze(y, -2).shape).toEqual([1, 3, 2]);
      expect(d.squeeze(y, [0, 2]).shape).toEqual([3, 2]);
      expect(d.squeeze(d.zeros([0, 1])).shape).toEqual([0]);
      expect(d.unsqueeze(x, 0).shape).toEqual([1, 2, 3, 4]);
      expect(d.unsqueeze(x, 3).shape).toEqual([2, 3, 4, 1]);
      expect(d.unsqueeze(x, -1).shape).toEqual([2, 3, 4, 1]);
      expect(d.unsqueeze(x, -4).shape).toEqual([1, 2, 3, 4]);
      expect(d.unsqueeze(d.scalar(2), 0).arraySync()).toEqual([2]);
      expect(x.flatten(1).unsqueeze(1).squeeze(1).shape).toEqual([2, 12]);
    });
  });
});

describe('slice and sliceAxis', () => {
  it('slice takes a block (tf.slice), with short and negative begin and size -1', () => {
    d.tidy(() => {
      const x = d.tensor([[1, 2, 3], [4, 5, 6]]);
      expect(arr(d.slice(x, [0, 1], [2, -1]))).toEqual([[2, 3], [5, 6]]);
      expect(arr(d.slice(x, [1]))).toEqual([[4, 5, 6]]);
      expect(arr(d.slice(x, [0, -1]))).toEqual([[3], [6]]);
      expect(arr(d.slice(x, [1, 1], [1, 1]))).toEqual([[5]]);
      expect(d.slice(x, [2, 0]).shape).toEqual([0, 3]);
      expect(d.slice(x, [0, 1], [0, 2]).shape).toEqual([0, 2]);
      expect(arr(d.slice(x, []))).toEqual([[1, 2, 3], [4, 5, 6]]);
      expect(arr(d.slice(d.arange(10), [-3]))).toEqual([7, 8, 9]);
      expect(arr(x.slice([0, 2], [1, 1]))).toEqual([[3]]);
      expect(arr(d.slice(i32([1, 2, 3]), [1]))).toEqual([2, 3]);
      expect(arr(d.slice(d.tensor([true, false, true]), [1], [1]))).toEqual([false]);
    });
  });

  it("sliceAxis follows Python's start:end:step (expected values from CPython)", () => {
    const table: [number | null, number | null, number, number[]][] = [
      [1, 5, 2, [1, 3]],
      [null, null, -1, [6, 5, 4, 3, 2, 1, 0]],
      [-2, null, 1, [5, 6]],
      [5, 1, -2, [5, 3]],
      [-1, 0, -3, [6, 3]],
      [10, -10, -1, [6, 5, 4, 3, 2, 1, 0]],
      [-10, 10, 1, [0, 1, 2, 3, 4, 5, 6]],
      [3, 3, 1, []],
      [4, 1, 1, []],
      [null, -8, -1, [6, 5, 4, 3, 2, 1, 0]],
      [-3, -1, 1, [4, 5]],
      [6, null, -4, [6, 2]],
      [null, null, 3, [0, 3, 6]],
    ];
    d.tidy(() => {
      const x = d.arange(7);
      for (const [start, end, step, expected] of table) {
        expect({ start, end, step, got: arr(d.sliceAxis(x, 0, start, end, step)) }).toEqual({ start, end, step, got: expected });
      }
      const m = d.arange(12).reshape([3, 4]);
      expect(arr(d.sliceAxis(m, -1, null, null, -2))).toEqual([[3, 1], [7, 5], [11, 9]]);
      expect(arr(m.sliceAxis(0, 1))).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]);
    });
  });

  it('sliceAxis on random 3-D data matches a float64 strided gather', () => {
    d.tidy(() => {
      const shape = [3, 9, 2];
      const x = d.randn(shape);
      const xs = float64(x);
      for (const [start, end, step] of [[7, 1, -3], [1, null, 4], [null, null, -1]] as const) {
        const picked: number[] = [];
        const n = 9;
        const first = start ?? (step > 0 ? 0 : n - 1);
        for (let j = first; step > 0 ? j < (end ?? n) : j > (end ?? -1); j += step) picked.push(j);
        const y = d.sliceAxis(x, 1, start, end, step);
        expect(y.shape).toEqual([3, picked.length, 2]);
        const expected = Array.from({ length: y.size }, (_, i) => {
          const [a, j, c] = coords(i, y.shape);
          return xs[flatIndex([a, picked[j], c], shape)];
        });
        expect(Array.from(float64(y))).toEqual(expected);
      }
    });
  });

  it('gradients scatter back to the read positions', () => {
    const [g] = gradsOf([d.tensor([0, 1, 2, 3, 4, 5])], (x) => d.sum(d.mul(d.sliceAxis(x, 0, 5, 0, -2), d.tensor([1, 2, 3]))));
    expect(g).toEqual([0, 3, 0, 2, 0, 1]);
  });
});

describe('pad', () => {
  it('constant, reflect and replicate (pairs listed from the first dimension)', () => {
    d.tidy(() => {
      expect(arr(d.pad(d.tensor([[1, 2]]), [[1, 0], [0, 1]]))).toEqual([[0, 0, 0], [1, 2, 0]]);
      expect(arr(d.pad(d.tensor([1, 2]), [[1, 2]], 9))).toEqual([9, 1, 2, 9, 9]);
      expect(arr(d.pad(d.tensor([1, 2, 3]), [[2, 1]], { mode: 'reflect' }))).toEqual([3, 2, 1, 2, 3, 2]);
      expect(arr(d.pad(d.tensor([1, 2, 3]), [[2, 1]], { mode: 'replicate' }))).toEqual([1, 1, 1, 2, 3, 3]);
      expect(arr(d.pad(d.tensor([[1, 2], [3, 4]]), [[1, 1], [1, 0]], { mode: 'reflect' }))).toEqual([[4, 3, 4], [2, 1, 2], [4, 3, 4], [2, 1, 2]]);
      expect(arr(d.pad(d.tensor([[1, 2], [3, 4]]), [[0, 1], [2, 0]], { mode: 'replicate' }))).toEqual([[1, 1, 1, 2], [3, 3, 3, 4], [3, 3, 3, 4]]);
      expect(arr(d.pad(i32([5]), [[1, 1]], 7))).toEqual([7, 5, 7]);
      expect(arr(d.pad(d.zeros([0]), [[1, 2]], 3))).toEqual([3, 3, 3]);
      expect(arr(d.pad(d.tensor([[1]]), [[0, 0], [0, 0]]))).toEqual([[1]]);
      expect(arr(d.tensor([1, 2]).pad([[0, 1]], { value: -1 }))).toEqual([1, 2, -1]);
    });
  });

  it('reflect on random data matches the float64 index map', () => {
    d.tidy(() => {
      const shape = [4, 5];
      const x = d.randn(shape);
      const xs = float64(x);
      const y = d.pad(x, [[3, 2], [1, 4]], { mode: 'reflect' });
      const reflect = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
      const expected = Array.from({ length: y.size }, (_, i) => {
        const [r, c] = coords(i, y.shape);
        return xs[flatIndex([reflect(r - 3, 4), reflect(c - 1, 5)], shape)];
      });
      expect(y.shape).toEqual([9, 10]);
      expect(Array.from(float64(y))).toEqual(expected);
    });
  });

  it('the gradient of reflect sums mirrored cells', () => {
    // Output positions read x[2], x[1], x[0], x[1], x[2], x[1].
    const [g] = gradsOf([d.tensor([1, 2, 3])], (x) => d.sum(d.pad(x, [[2, 1]], { mode: 'reflect' })));
    expect(g).toEqual([1, 3, 2]);
  });
});

describe('concat, stack, split, chunk, unstack', () => {
  it('concat joins along an axis, promoting dtypes and skipping empty inputs', () => {
    d.tidy(() => {
      expect(arr(d.concat([d.tensor([[1, 2]]), d.tensor([[3, 4], [5, 6]])]))).toEqual([[1, 2], [3, 4], [5, 6]]);
      expect(arr(d.concat([d.tensor([[1], [2]]), d.tensor([[3, 4], [5, 6]])], -1))).toEqual([[1, 3, 4], [2, 5, 6]]);
      const mixed = d.concat([i32([1]), d.tensor([2.5])]);
      expect(mixed.dtype).toBe('float32');
      expect(arr(mixed)).toEqual([1, 2.5]);
      expect(arr(d.concat([d.zeros([0, 2]), d.ones([1, 2]), d.zeros([0, 2])]))).toEqual([[1, 1]]);
      expect(d.concat([d.zeros([0, 2]), d.zeros([0, 2])]).shape).toEqual([0, 2]);
      expect(arr(d.concat([d.tensor([7])]))).toEqual([7]);
      expect(arr(d.tensor([1]).concat([d.tensor([2]), d.tensor([3])]))).toEqual([1, 2, 3]);
    });
  });

  it('stack adds an axis; unstack undoes it', () => {
    d.tidy(() => {
      const a = d.tensor([1, 2]);
      const b = d.tensor([3, 4]);
      expect(arr(d.stack([a, b]))).toEqual([[1, 2], [3, 4]]);
      expect(arr(d.stack([a, b], 1))).toEqual([[1, 3], [2, 4]]);
      expect(arr(d.stack([a, b], -1))).toEqual([[1, 3], [2, 4]]);
      expect(d.stack([d.scalar(1), d.scalar(2)]).shape).toEqual([2]);
      expect(d.unstack(d.tensor([[1, 2], [3, 4]]), 1).map(arr)).toEqual([[1, 3], [2, 4]]);
      expect(d.unstack(d.zeros([0, 3]))).toEqual([]);
      expect(a.stack([b]).unstack().map(arr)).toEqual([[1, 2], [3, 4]]);
    });
  });

  it('split by piece size or by sizes; chunk into near-equal pieces', () => {
    d.tidy(() => {
      const x = d.arange(5);
      expect(d.split(x, 2).map(arr)).toEqual([[0, 1], [2, 3], [4]]);
      expect(d.split(x, [1, 0, 4]).map(arr)).toEqual([[0], [], [1, 2, 3, 4]]);
      expect(d.split(x, 5).map(arr)).toEqual([[0, 1, 2, 3, 4]]);
      expect(d.split(d.zeros([0]), 3).map((t) => t.shape)).toEqual([[0]]);
      expect(d.split(d.arange(6).reshape([2, 3]), [2, 1], -1).map(arr)).toEqual([[[0, 1], [3, 4]], [[2], [5]]]);
      expect(d.chunk(x, 3).map(arr)).toEqual([[0, 1], [2, 3], [4]]);
      expect(d.chunk(d.arange(6), 4).map(arr)).toEqual([[0, 1], [2, 3], [4, 5]]);
      expect(d.chunk(d.arange(2), 5).map(arr)).toEqual([[0], [1]]);
      expect(x.split(3).length).toBe(2);
      expect(x.chunk(2).map(arr)).toEqual([[0, 1, 2], [3, 4]]);
    });
  });

  it('concat routes gradients back per input', () => {
    const grads = gradsOf([d.tensor([1, 2]), d.tensor([3])], (a, b) => d.sum(d.mul(d.concat([a, b]), d.tensor([10, 20, 30]))));
    expect(grads).toEqual([[10, 20], [30]]);
  });
});

describe('tile, repeatInterleave, flip', () => {
  it('tile repeats whole tensors (np.tile rules for short and long reps)', () => {
    d.tidy(() => {
      expect(arr(d.tile(d.tensor([1, 2]), [2]))).toEqual([1, 2, 1, 2]);
      expect(arr(d.tile(d.tensor([1, 2]), [2, 1]))).toEqual([[1, 2], [1, 2]]);
      expect(arr(d.tile(d.tensor([[1, 2], [3, 4]]), [2]))).toEqual([[1, 2, 1, 2], [3, 4, 3, 4]]);
      expect(arr(d.tile(d.tensor([[1, 2]]), [2, 2]))).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
      expect(d.tile(d.tensor([1, 2]), [0]).shape).toEqual([0]);
      expect(arr(d.tile(d.scalar(3), [2]))).toEqual([3, 3]);
      expect(arr(i32([4]).tile([3]))).toEqual([4, 4, 4]);
    });
  });

  it('repeatInterleave repeats elements in place', () => {
    d.tidy(() => {
      expect(arr(d.repeatInterleave(d.tensor([1, 2]), 2))).toEqual([1, 1, 2, 2]);
      expect(arr(d.repeatInterleave(d.tensor([[1, 2], [3, 4]]), 2, 0))).toEqual([[1, 2], [1, 2], [3, 4], [3, 4]]);
      expect(arr(d.repeatInterleave(d.tensor([[1, 2], [3, 4]]), 2, -1))).toEqual([[1, 1, 2, 2], [3, 3, 4, 4]]);
      expect(arr(d.repeatInterleave(d.tensor([[1, 2], [3, 4]]), 1))).toEqual([1, 2, 3, 4]);
      expect(d.repeatInterleave(d.tensor([1, 2]), 0).shape).toEqual([0]);
    });
  });

  it('flip reverses along axes', () => {
    d.tidy(() => {
      const x = d.tensor([[1, 2, 3], [4, 5, 6]]);
      expect(arr(d.flip(x, 1))).toEqual([[3, 2, 1], [6, 5, 4]]);
      expect(arr(d.flip(x, [0, -1]))).toEqual([[6, 5, 4], [3, 2, 1]]);
      expect(arr(d.flip(d.tensor([[1], [2]]), 1))).toEqual([[1], [2]]);
      expect(d.flip(d.zeros([0, 2]), 0).shape).toEqual([0, 2]);
      expect(arr(x.flip(0))).toEqual([[4, 5, 6], [1, 2, 3]]);
      const r = d.randn([3, 4, 2]);
      const rs = float64(r);
      const f = d.flip(r, [0, 2]);
      expect(Array.from(float64(f))).toEqual(Array.from({ length: 24 }, (_, i) => {
        const [a, b, c] = coords(i, [3, 4, 2]);
        return rs[flatIndex([2 - a, b, 1 - c], [3, 4, 2])];
      }));
    });
  });
});

describe('gather, indexSelect, takeAlongAxis, scatterAdd, oneHot', () => {
  it('gather follows tf.gather (indices of any shape replace the axis)', () => {
    d.tidy(() => {
      const x = d.tensor([[1, 2], [3, 4], [5, 6]]);
      expect(arr(d.gather(x, i32([2, 0])))).toEqual([[5, 6], [1, 2]]);
      expect(arr(d.gather(x, i32([1, 0, 1, 1], [2, 2]), 1))).toEqual([[[2, 1], [2, 2]], [[4, 3], [4, 4]], [[6, 5], [6, 6]]]);
      expect(arr(d.gather(x, i32([1]), -1))).toEqual([[2], [4], [6]]);
      expect(arr(d.gather(x, i32([2], [])))).toEqual([5, 6]);
      expect(d.gather(x, i32([]), 0).shape).toEqual([0, 2]);
      expect(arr(x.gather(i32([0]), 1))).toEqual([[1], [3], [5]]);
      expect(arr(d.gather(i32([7, 8, 9]), i32([2, 2])))).toEqual([9, 9]);
    });
  });

  it('indexSelect takes 1-D indices and keeps the rank', () => {
    d.tidy(() => {
      const x = d.tensor([[1, 2, 3], [4, 5, 6]]);
      expect(arr(d.indexSelect(x, 1, i32([2, 2, 0])))).toEqual([[3, 3, 1], [6, 6, 4]]);
      expect(arr(x.indexSelect(0, i32([1])))).toEqual([[4, 5, 6]]);
    });
  });

  it('takeAlongAxis follows torch.gather, also with indices smaller than x (float64 reference)', () => {
    d.tidy(() => {
      expect(arr(d.takeAlongAxis(d.tensor([[1, 2], [3, 4]]), i32([1, 0, 0, 0], [2, 2]), 1))).toEqual([[2, 1], [3, 3]]);
      const shape = [3, 4, 5];
      const x = d.randn(shape);
      const xs = float64(x);
      const idxShape = [2, 6, 3];
      const idx = d.randint(0, 4, idxShape).cast('int32');
      const is = idx.dataSync();
      const y = d.takeAlongAxis(x, idx, 1);
      expect(y.shape).toEqual(idxShape);
      const expected = Array.from({ length: y.size }, (_, i) => {
        const c = coords(i, idxShape);
        c[1] = is[i];
        return xs[flatIndex(c, shape)];
      });
      expect(Array.from(float64(y))).toEqual(expected);
      expect(arr(x.takeAlongAxis(i32([0], [1, 1, 1]), 2))).toEqual([[[xs[0]]]]);
    });
  });

  it('scatterAdd adds src at indices (torch scatter_add, out of place; float64 reference)', () => {
    d.tidy(() => {
      expect(arr(d.scatterAdd(d.zeros([3]), 0, i32([0, 2, 0]), d.tensor([1, 2, 3])))).toEqual([4, 0, 2]);
      expect(arr(d.scatterAdd(d.ones([2, 3]), 1, i32([2, 2, 0, 1], [2, 2]), d.tensor([[1, 2], [3, 4]])))).toEqual([[1, 1, 4], [4, 5, 1]]);
      expect(arr(d.scatterAdd(i32([1, 1]), 0, i32([1]), i32([5])))).toEqual([1, 6]);
      const shape = [4, 3];
      const x = d.randn(shape);
      const src = d.randn([6, 2]);
      const idx = d.randint(0, 4, [6, 2]).cast('int32');
      const expected = float64(x);
      const srcs = float64(src);
      const is = idx.dataSync();
      for (let i = 0; i < 12; i++) {
        const c = coords(i, [6, 2])[1];
        expected[flatIndex([is[i], c], shape)] += srcs[i];
      }
      const y = x.scatterAdd(0, idx, src);
      // Up to 7 float32 terms per cell (|v| < 5): float32 summation differs from float64 by < 7 · 2⁻²⁴ · 35 ≈ 2e-5.
      const got = float64(y);
      expected.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThan(2e-5));
    });
  });

  it('gather and scatterAdd are adjoint: gradients accumulate repeated indices', () => {
    const [gx] = gradsOf([d.tensor([[1, 2], [3, 4], [5, 6]])], (x) => d.sum(d.gather(x, i32([2, 0, 2]))));
    expect(gx).toEqual([[1, 1], [0, 0], [2, 2]]);
    const [gs] = gradsOf([d.tensor([1, 2, 3])], (src) => d.sum(d.mul(d.scatterAdd(d.zeros([2]), 0, i32([1, 0, 1]), src), d.tensor([10, 100]))));
    expect(gs).toEqual([100, 10, 100]);
  });

  it('oneHot encodes class ids as float32 rows', () => {
    d.tidy(() => {
      const h = d.oneHot(i32([2, 0]), 3);
      expect(h.dtype).toBe('float32');
      expect(arr(h)).toEqual([[0, 0, 1], [1, 0, 0]]);
      expect(d.oneHot(i32([0, 1, 1, 0], [2, 2]), 2).shape).toEqual([2, 2, 2]);
      expect(arr(i32([1]).oneHot(2))).toEqual([[0, 1]]);
      expect(d.oneHot(i32([]), 4).shape).toEqual([0, 4]);
    });
  });
});

describe('backends that read only asynchronously', () => {
  it('skip the host range check; out-of-range indices read 0 and scatter nowhere (the contract), never another element', async () => {
    d.registerBackend('async-reference', () => {
      const { readSync: _unused, ...rest } = createReferenceBackend();
      return { ...rest, name: 'async-reference', capabilities: { ...rest.capabilities, syncRead: false } };
    });
    await d.setBackend('async-reference');
    try {
      const x = d.tensor([[1, 2, 3], [4, 5, 6]]);
      const idx = i32([3, 0, -1, 1], [2, 2]);
      const [zeros, ones, idx1] = [d.zeros([2, 3]), d.ones([2, 2]), i32([5, 0])];
      const taken = d.takeAlongAxis(x, idx, 1);
      const scattered = d.scatterAdd(zeros, 1, idx, ones);
      const picked = d.gather(x, idx1, 1);
      const results = [Array.from(await taken.data()), Array.from(await scattered.data()), Array.from(await picked.data())];
      d.dispose([x, idx, zeros, ones, idx1, taken, scattered, picked]);
      // Index 3 of row 0 must not alias row 1's first element (flat offset 3).
      expect(results).toEqual([[0, 1, 0, 5], [1, 0, 0, 0, 1, 0], [0, 1, 0, 4]]);
    } finally {
      await d.setBackend('reference');
      d.removeBackend('async-reference');
    }
  });
});
