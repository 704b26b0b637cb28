import * as d from '../../index.js';
import type { GradCase } from './types.js';

// Inputs are random but kept away from kinks: distinct values for max
// pooling (no ties within ±eps), loss arguments off their breakpoints, and
// grid points off integer pixel coordinates (where bilinear weights kink).

/** Values spaced 0.05 apart in random order (no near-ties for max). */
const distinct = (shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const perm = new d.Generator(n).randomPermutation(n);
  return d.tensor(Float32Array.from(perm, (v) => v * 0.05 - n * 0.025), shape);
};
const signs = (shape: number[]) => d.tidy(() => d.sub(d.mul(d.bernoulli(0.5, shape), 2), 1));
/** |d| in [0.2, 0.4] or [1.3, 1.5]: either side of a breakpoint at 0.8. */
const offBreakpoint = (shape: number[]) => d.tidy(() => d.mul(d.add(d.mul(d.bernoulli(0.5, shape), 1.1), d.rand(shape, { low: 0.2, high: 0.4 })), signs(shape)));
const pairAround = (shape: number[]) => d.tidy(() => {
  const a = d.randn(shape);
  return [a, d.add(a, offBreakpoint(shape))];
});
const int32 = (values: number[], shape?: number[]) => d.tensor(Int32Array.from(values), shape);

/**
 * Normalized grid coordinates whose pixel coordinates are an integer in
 * [-1, size - 1] plus a fraction in [lo, hi].
 */
const gridPoints = (n: number, oh: number, ow: number, h: number, w: number, lo: number, hi: number, alignCorners = false) => d.tidy(() => {
  const axis = (size: number) => {
    const pixel = d.add(d.randint(-1, size, [n, oh, ow, 1]).float(), d.rand([n, oh, ow, 1], { low: lo, high: hi }));
    // Inverse of the unnormalization: pixel = ((g + 1) size - 1) / 2, or (g + 1) (size - 1) / 2 with alignCorners.
    return alignCorners ? d.sub(d.div(d.mul(pixel, 2), size - 1), 1) : d.sub(d.div(d.add(d.mul(pixel, 2), 1), size), 1);
  };
  return d.concat([axis(w), axis(h)], 3);
});

const conv2dOpts: d.Conv2dOptions = { stride: 2, padding: [1, 2], dilation: 2, groups: 2 };

export const cases: GradCase[] = [
  {
    op: 'conv2d',
    name: 'stride 2, padding, dilation 2, groups 2, bias',
    fn: (x, w, b) => d.conv2d(x, w, { ...conv2dOpts, bias: b }),
    inputs: () => [d.randn([1, 4, 6, 5]), d.randn([4, 2, 3, 2]), d.randn([4])],
  },
  {
    op: 'conv2d',
    name: 'double backward through the gradient kernels',
    fn: (x, w) => {
      const [gx, gw] = d.grad((a: d.Tensor, b: d.Tensor) => d.sum(d.square(d.conv2d(a, b, conv2dOpts))))(x, w);
      return d.add(d.sum(d.mul(gx, gx)), d.sum(d.mul(gw, gw)));
    },
    inputs: () => [d.randn([1, 4, 5, 5], { std: 0.5 }), d.randn([2, 2, 2, 2], { std: 0.5 })],
    // f is a quartic of size ~100 whose float32 rounding (2^-24·|f| / eps ≈ 6e-3 at eps = 1e-3)
    // would swamp the check; at eps = 1e-2 rounding drops to 6e-4 and the O(eps²) truncation stays ~1e-4.
    eps: 1e-2,
  },
  { op: 'conv1d', fn: (x, w) => d.conv1d(x, w, { stride: 2, padding: 1 }), inputs: () => [d.randn([2, 2, 7]), d.randn([3, 2, 3])] },
  {
    op: 'convTranspose2d',
    name: 'stride 2, padding 1, outputPadding 1, groups 2, bias',
    fn: (x, w, b) => d.convTranspose2d(x, w, { stride: 2, padding: 1, outputPadding: 1, groups: 2, bias: b }),
    inputs: () => [d.randn([1, 4, 3, 2]), d.randn([4, 1, 3, 3]), d.randn([2])],
  },
  { op: 'unfold', fn: (x) => d.unfold(x, { kernelSize: 2, padding: 1, stride: [1, 2] }), inputs: () => [d.randn([1, 2, 3, 4])] },
  { op: 'maxPool2d', fn: (x) => d.maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }), inputs: () => [distinct([1, 2, 6, 5])] },
  { op: 'avgPool2d', fn: (x) => d.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }), inputs: () => [d.randn([1, 2, 5, 6])] },
  { op: 'adaptiveAvgPool2d', fn: (x) => d.adaptiveAvgPool2d(x, [3, 2]), inputs: () => [d.randn([1, 2, 5, 5])] },
  { op: 'softmax', fn: (x) => d.softmax(x, 1), inputs: () => [d.randn([2, 4, 3])] },
  { op: 'logSoftmax', fn: (x) => d.logSoftmax(x), inputs: () => [d.randn([3, 5])] },
  { op: 'softmax', name: 'gradient of gradient (saved output)', fn: (x) => d.grad((y: d.Tensor) => d.sum(d.mul(d.square(d.softmax(y, 0)), d.tensor([[1], [2], [3]]))))(x)[0], inputs: () => [d.randn([3, 4])] },
  { op: 'logSoftmax', name: 'gradient of gradient (saved output)', fn: (x) => d.grad((y: d.Tensor) => d.sum(d.mul(d.square(d.logSoftmax(y)), 0.5)))(x)[0], inputs: () => [d.randn([3, 4])] },
  {
    op: 'crossEntropy',
    name: 'class indices, weight, ignoreIndex, label smoothing',
    fn: (x, w) => d.crossEntropy(x, int32([0, 2, 1, 3, 2]), { weight: w, labelSmoothing: 0.1, ignoreIndex: 3 }),
    inputs: () => [d.randn([5, 4]), d.rand([4], { low: 0.5, high: 2 })],
  },
  { op: 'crossEntropy', name: 'probability targets', fn: (x, t) => d.crossEntropy(x, t), inputs: () => [d.randn([3, 4]), d.rand([3, 4])] },
  { op: 'nllLoss', fn: (x) => d.nllLoss(x, int32([1, 0, 2, 2], [2, 2]), { reduction: 'sum' }), inputs: () => [d.randn([2, 3, 2])] },
  { op: 'binaryCrossEntropy', fn: (p, t) => d.binaryCrossEntropy(p, t), inputs: () => [d.rand([3, 4], { low: 0.1, high: 0.9 }), d.rand([3, 4])] },
  {
    op: 'binaryCrossEntropyWithLogits',
    fn: (x, t, pw) => d.binaryCrossEntropyWithLogits(x, t, { posWeight: pw }),
    inputs: () => [d.randn([3, 4]), d.rand([3, 4]), d.rand([4], { low: 0.5, high: 2 })],
  },
  { op: 'mseLoss', fn: (a, b) => d.mseLoss(a, b), inputs: () => pairAround([3, 4]) },
  { op: 'l1Loss', fn: (a, b) => d.l1Loss(a, b), inputs: () => pairAround([3, 4]) },
  { op: 'smoothL1Loss', fn: (a, b) => d.smoothL1Loss(a, b, { beta: 0.8 }), inputs: () => pairAround([3, 4]) },
  { op: 'huberLoss', fn: (a, b) => d.huberLoss(a, b, { delta: 0.8, reduction: 'sum' }), inputs: () => pairAround([3, 4]) },
  { op: 'klDiv', fn: (x, t) => d.klDiv(x, t, { reduction: 'batchmean' }), inputs: () => [d.randn([3, 4]), d.rand([3, 4], { low: 0.1, high: 1 })] },
  {
    op: 'batchNorm',
    name: 'training',
    fn: (x, w, b) => d.batchNorm(x, null, null, { weight: w, bias: b, training: true }),
    inputs: () => [d.randn([3, 2, 2, 2]), d.randn([2]), d.randn([2])],
  },
  {
    op: 'batchNorm',
    name: 'evaluation (running statistics get gradients too)',
    fn: (x, m, v) => d.batchNorm(x, m, v),
    inputs: () => [d.randn([2, 3, 2]), d.randn([3]), d.rand([3], { low: 0.5, high: 2 })],
  },
  { op: 'layerNorm', fn: (x, w, b) => d.layerNorm(x, [2, 3], { weight: w, bias: b }), inputs: () => [d.randn([2, 2, 3]), d.randn([2, 3]), d.randn([2, 3])] },
  { op: 'localResponseNorm', fn: (x) => d.localResponseNorm(x, { size: 3, alpha: 0.5, beta: 0.75, k: 1 }), inputs: () => [d.randn([2, 4, 2, 2])] },
  { op: 'dropout', fn: (x) => d.dropout(x, 0.3, true, { generator: new d.Generator(21) }), inputs: () => [d.randn([4, 5])] },
  { op: 'dropout2d', fn: (x) => d.dropout2d(x, 0.5, true, { generator: new d.Generator(22) }), inputs: () => [d.randn([2, 3, 2, 2])] },
  // No paddingIdx here: its zero gradient deliberately differs from the numeric one (tested in nn-norm.test.ts).
  { op: 'embedding', fn: (w) => d.embedding(int32([2, 0, 1, 2, 0, 0], [2, 3]), w), inputs: () => [d.randn([3, 4])] },
  { op: 'affineGrid', fn: (theta) => d.affineGrid(theta, [2, 1, 3, 4], true), inputs: () => [d.randn([2, 2, 3])] },
  {
    op: 'gridSample',
    name: 'bilinear, zeros (gradients to x and grid)',
    fn: (x, g) => d.gridSample(x, g),
    inputs: () => [d.randn([2, 2, 3, 4]), gridPoints(2, 2, 3, 3, 4, 0.2, 0.8)],
  },
  {
    op: 'gridSample',
    name: 'bilinear, border, alignCorners',
    fn: (x, g) => d.gridSample(x, g, { paddingMode: 'border', alignCorners: true }),
    inputs: () => [d.randn([1, 2, 3, 4]), gridPoints(1, 3, 3, 3, 4, 0.2, 0.8, true)],
  },
  {
    op: 'gridSample',
    name: 'nearest (gradient to x; the grid gets zeros)',
    fn: (x, g) => d.gridSample(x, g, { mode: 'nearest' }),
    inputs: () => [d.randn([1, 2, 3, 3]), gridPoints(1, 2, 3, 3, 3, 0.6, 0.9)],
  },
  { op: 'interpolate', name: 'bilinear', fn: (x) => d.interpolate(x, { size: [5, 3], mode: 'bilinear', alignCorners: true }), inputs: () => [d.randn([1, 2, 3, 4])] },
  { op: 'interpolate', name: 'nearest', fn: (x) => d.interpolate(x, { scaleFactor: [2, 1.5] }), inputs: () => [d.randn([1, 1, 2, 4])] },
];
