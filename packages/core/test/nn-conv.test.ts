import { beforeEach, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { arr, type ConvGeom, conv2dOracle, convTranspose2dOracle, worstRatio } from './nn-oracle.js';

// Inputs are float32 values used exactly by the float64 oracle, so the only
// differences are the kernels' accumulation order and the float32 rounding
// of the result: with K <= 60 products of O(1) terms, K·2^-24·Σ|x||w| stays
// below 1e-5, hence atol = rtol = 1e-5.
const ATOL = 1e-5;
const RTOL = 1e-5;

const host = (t: d.Tensor) => arr(t.dataSync(), t.shape.slice());
let start = 0;

beforeEach(() => {
  d.seed(7);
  start = d.memory().numTensors;
  return () => expect(d.memory().numTensors).toBe(start);
});

const geom = (g: Partial<ConvGeom>): ConvGeom => ({ stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1, ...g });

describe('conv2d', () => {
  const cases: { name: string; x: number[]; w: number[]; opts: d.Conv2dOptions; g: ConvGeom }[] = [
    { name: 'plain 3x3', x: [2, 3, 6, 5], w: [4, 3, 3, 3], opts: {}, g: geom({}) },
    { name: 'stride 2, padding [1, 2]', x: [1, 2, 7, 6], w: [3, 2, 3, 2], opts: { stride: 2, padding: [1, 2] }, g: geom({ stride: [2, 2], pad: [1, 1, 2, 2] }) },
    { name: 'dilation 2, groups 2, [t,b,l,r] padding', x: [2, 4, 7, 7], w: [6, 2, 3, 2], opts: { dilation: 2, groups: 2, padding: [1, 0, 2, 1] }, g: geom({ dilation: [2, 2], groups: 2, pad: [1, 0, 2, 1] }) },
    { name: 'depthwise, stride [2, 1]', x: [1, 3, 5, 6], w: [3, 1, 2, 3], opts: { groups: 3, stride: [2, 1] }, g: geom({ groups: 3, stride: [2, 1] }) },
    { name: "'same' with an even kernel", x: [1, 2, 5, 4], w: [2, 2, 4, 2], opts: { padding: 'same' }, g: geom({ pad: [1, 2, 0, 1] }) },
  ];
  for (const c of cases) {
    it(`matches the loop definition: ${c.name}`, () => {
      d.tidy(() => {
        const x = d.randn(c.x);
        const w = d.randn(c.w);
        const y = d.conv2d(x, w, c.opts);
        const ref = conv2dOracle(host(x), host(w), c.g);
        expect(y.shape).toEqual(ref.shape);
        expect(worstRatio(y.dataSync(), ref.data, ATOL, RTOL)).toBeLessThanOrEqual(1);
      });
    });
  }

  it('adds the bias per output channel and supports the chainable method', () => {
    d.tidy(() => {
      const x = d.randn([1, 2, 4, 4]);
      const w = d.randn([3, 2, 3, 3]);
      const bias = d.tensor([0.5, -1, 2]);
      const withBias = x.conv2d(w, { bias, padding: 1 }).dataSync();
      const plain = conv2dOracle(host(x), host(w), geom({ pad: [1, 1, 1, 1] }));
      const expected = plain.data.map((v, i) => v + [0.5, -1, 2][Math.floor(i / 16) % 3]);
      expect(worstRatio(withBias, expected, ATOL, RTOL)).toBeLessThanOrEqual(1);
    });
  });

  it("activation 'relu' with a bias: one fused call under noGrad, the composed ops (with gradients) otherwise", () => {
    d.tidy(() => {
      const x = d.randn([2, 3, 5, 4]);
      const w = d.randn([4, 3, 3, 3]);
      const bias = d.randn([4]);
      const plain = conv2dOracle(host(x), host(w), geom({ stride: [2, 1], pad: [1, 1, 1, 1] }));
      const b = Array.from(bias.dataSync());
      const plane = plain.shape[2] * plain.shape[3];
      const want = plain.data.map((v, i) => Math.max(0, v + b[Math.floor(i / plane) % 4]));
      const opts: d.Conv2dOptions = { bias, padding: 1, stride: [2, 1], activation: 'relu' };
      // The reference backend has conv2dBiasActivation: noGrad takes it, one op.
      const fused = d.noGrad(() => d.conv2d(x, w, opts));
      expect(worstRatio(fused.dataSync(), want, ATOL, RTOL)).toBeLessThanOrEqual(1);
      expect(fused.gradFn).toBeNull();
      // Recording a gradient: conv2d + bias + relu, whose gradients are the composition's.
      const xg = d.tensor(x.dataSync(), x.shape.slice(), { requiresGrad: true });
      const composed = d.conv2d(xg, w, opts);
      expect(worstRatio(composed.dataSync(), want, ATOL, RTOL)).toBeLessThanOrEqual(1);
      expect(composed.gradFn).not.toBeNull();
      const dy = d.randn(composed.shape);
      const [gx] = d.grad((xx: d.Tensor) => d.sum(d.mul(d.conv2d(xx, w, opts), dy)))(xg);
      const [gxRef] = d.grad((xx: d.Tensor) => d.sum(d.mul(d.relu(d.conv2d(xx, w, { bias, padding: 1, stride: [2, 1] })), dy)))(xg);
      expect(worstRatio(gx.dataSync(), gxRef.dataSync(), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
      // 'linear' without a bias is plain conv2d.
      const lin = d.noGrad(() => d.conv2d(x, w, { padding: 1, activation: 'linear' }));
      expect(worstRatio(lin.dataSync(), conv2dOracle(host(x), host(w), geom({ pad: [1, 1, 1, 1] })).data, ATOL, RTOL)).toBeLessThanOrEqual(1);
    });
  });

  it('rejects bad arguments with typed errors naming the op and shapes', () => {
    d.tidy(() => {
      const x = d.randn([1, 4, 5, 5]);
      expect(() => d.conv2d(x, d.randn([2, 4, 3, 3]), { activation: 'gelu' as 'relu' })).toThrow(/conv2d: argument 'activation' must be one of 'linear', 'relu', got "gelu"/);
      expect(() => d.noGrad(() => d.conv2d(x, d.randn([2, 4, 3, 3]), { bias: d.randn([3]), activation: 'relu' }))).toThrow(/bias.*\[2\]/);
      expect(() => d.conv2d(x, d.randn([2, 3, 3, 3]))).toThrow(d.ShapeError);
      expect(() => d.conv2d(x, d.randn([2, 3, 3, 3]))).toThrow(/conv2d.*\[2, 3, 3, 3\]/);
      expect(() => d.conv2d(x, d.randn([3, 2, 3, 3]), { groups: 2 })).toThrow(/divisible by groups = 2/);
      expect(() => d.conv2d(x, d.randn([2, 4, 7, 7]))).toThrow(d.ShapeError);
      expect(() => d.conv2d(x, d.randn([2, 4, 3, 3]), { padding: 'same', stride: 2 })).toThrow(d.ValueError);
      expect(() => d.conv2d(x, d.randn([2, 4, 3, 3]), { stride: 0 })).toThrow(/conv2d: argument 'stride'/);
      expect(() => d.conv2d(d.zeros([1, 4, 5, 5], 'int32'), d.randn([2, 4, 3, 3]))).toThrow(d.DTypeError);
      expect(() => d.conv2d(d.randn([4, 5, 5]), d.randn([2, 4, 3, 3]))).toThrow(/rank 4/);
      expect(() => d.conv2d(x, d.randn([2, 4, 3, 3]), { bias: d.randn([3]) })).toThrow(/bias.*\[2\]/);
    });
  });
});

describe('conv1d', () => {
  it('equals conv2d on a height-1 image, with stride, padding [l, r] and dilation', () => {
    d.tidy(() => {
      const x = d.randn([2, 4, 11]);
      const w = d.randn([6, 2, 3]);
      const y = d.conv1d(x, w, { stride: 2, padding: [2, 1], dilation: 2, groups: 2 });
      const ref = conv2dOracle(arr(x.dataSync(), [2, 4, 1, 11]), arr(w.dataSync(), [6, 2, 1, 3]), geom({ stride: [1, 2], pad: [0, 0, 2, 1], dilation: [1, 2], groups: 2 }));
      expect(y.shape).toEqual([2, 6, ref.shape[3]]);
      expect(worstRatio(y.dataSync(), ref.data, ATOL, RTOL)).toBeLessThanOrEqual(1);
      expect(() => d.conv1d(x, d.randn([6, 4, 3, 1]))).toThrow(/conv1d: argument 'weight' must have rank 3/);
    });
  });
});

describe('convTranspose2d', () => {
  const cases: { name: string; x: number[]; w: number[]; opts: d.ConvTranspose2dOptions; g: ConvGeom; op: [number, number] }[] = [
    { name: 'stride 2, padding 1, outputPadding 1', x: [2, 3, 4, 3], w: [3, 2, 3, 3], opts: { stride: 2, padding: 1, outputPadding: 1 }, g: geom({ stride: [2, 2], pad: [1, 1, 1, 1] }), op: [1, 1] },
    { name: 'groups 2, dilation 2, stride [3, 2]', x: [1, 4, 3, 4], w: [4, 3, 2, 3], opts: { groups: 2, dilation: 2, stride: [3, 2], outputPadding: [2, 0] }, g: geom({ groups: 2, dilation: [2, 2], stride: [3, 2] }), op: [2, 0] },
    { name: 'padding larger than the kernel reach', x: [1, 2, 5, 5], w: [2, 1, 2, 2], opts: { padding: [2, 1, 0, 2], stride: 2 }, g: geom({ pad: [2, 1, 0, 2], stride: [2, 2] }), op: [0, 0] },
  ];
  for (const c of cases) {
    it(`matches the scatter definition: ${c.name}`, () => {
      d.tidy(() => {
        const x = d.randn(c.x);
        const w = d.randn(c.w);
        const y = d.convTranspose2d(x, w, c.opts);
        const ref = convTranspose2dOracle(host(x), host(w), c.g, c.op);
        expect(y.shape).toEqual(ref.shape);
        expect(worstRatio(y.dataSync(), ref.data, ATOL, RTOL)).toBeLessThanOrEqual(1);
      });
    });
  }

  it('is the adjoint of conv2d: <conv(x, w), y> = <x, convT(y, w)>', () => {
    d.tidy(() => {
      const x = d.randn([2, 4, 7, 6]);
      const w = d.randn([6, 2, 3, 3]);
      const opts = { stride: 2, padding: 1, groups: 2 } as const;
      const y = d.randn(d.conv2d(x, w, opts).shape);
      const lhs = d.sum(d.mul(d.conv2d(x, w, opts), y)).item();
      // outputPadding restores the width the strided conv rounded away.
      const back = d.convTranspose2d(y, w, { ...opts, outputPadding: [0, 1] });
      expect(back.shape).toEqual(x.shape);
      // Both sides sum ~170 float32 products of O(1) terms: 1e-4 relative is ample.
      expect(Math.abs(lhs - d.sum(d.mul(x, back)).item())).toBeLessThan(1e-4 * (1 + Math.abs(lhs)));
    });
  });

  it('rejects outputPadding >= stride and a wrong weight', () => {
    d.tidy(() => {
      const x = d.randn([1, 2, 3, 3]);
      expect(() => d.convTranspose2d(x, d.randn([2, 1, 3, 3]), { stride: 2, outputPadding: 2 })).toThrow(/convTranspose2d: 'outputPadding'/);
      expect(() => d.convTranspose2d(x, d.randn([3, 1, 3, 3]))).toThrow(d.ShapeError);
    });
  });
});

describe('unfold', () => {
  it('lays out patches as (channel, kernel row, kernel col) × window, like torch unfold', () => {
    d.tidy(() => {
      const x = d.arange(0, 2 * 3 * 4).reshape([1, 2, 3, 4]).float();
      const cols = d.unfold(x, { kernelSize: 2, stride: [1, 2] });
      expect(cols.shape).toEqual([1, 8, 4]);
      // Window (0, 0) of channel 0 reads x[0..1][0..1] = 0, 1, 4, 5; channel 1 adds 12.
      const v = cols.arraySync() as number[][][];
      expect(v[0].map((row) => row[0])).toEqual([0, 1, 4, 5, 12, 13, 16, 17]);
      // Window (1, 1) starts at row 1, col 2.
      expect(v[0].map((row) => row[3])).toEqual([6, 7, 10, 11, 18, 19, 22, 23]);
    });
  });

  it('is conv2d with the filter flattened: w · unfold(x) = conv2d(x, w)', () => {
    d.tidy(() => {
      const x = d.randn([2, 3, 6, 5]);
      const w = d.randn([4, 3, 3, 2]);
      const cols = d.unfold(x, { kernelSize: [3, 2], padding: 1, dilation: [1, 2], stride: 2 });
      const viaUnfold = d.matmul(w.reshape([4, 18]), cols);
      const conv = d.conv2d(x, w, { padding: 1, dilation: [1, 2], stride: 2 });
      expect(worstRatio(viaUnfold.dataSync(), conv.dataSync(), ATOL, RTOL)).toBeLessThanOrEqual(1);
    });
  });
});
