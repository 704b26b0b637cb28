import * as d from '../../index.js';
import type { GradCase } from './types.js';

// Movement ops are linear in x (they copy, drop, repeat or sum elements), so
// central differences are exact up to float32 rounding and the default
// tolerances apply. Indices are int32 inputs: gradcheck differentiates
// float32 inputs only.

const int32 = (values: number[], shape?: number[]) => d.tensor(Int32Array.from(values), shape);
const x234 = () => d.randn([2, 3, 4]);

/** The gradient of sum(f(x)²) · w: differentiating it checks the backward of f's backward. */
const gradOf = (f: (x: d.Tensor) => d.Tensor) => (x: d.Tensor) =>
  d.grad((y: d.Tensor) => d.sum(d.mul(d.square(f(y)), 1.5)))(x)[0];

export const cases: GradCase[] = [
  { op: 'flatten', fn: (x) => d.flatten(x, 1), inputs: () => [x234()] },
  { op: 'squeeze', fn: (x) => d.squeeze(x, -2), inputs: () => [d.randn([3, 1, 4])] },
  { op: 'unsqueeze', fn: (x) => d.unsqueeze(x, -1), inputs: () => [d.randn([3, 4])] },
  { op: 'slice', fn: (x) => d.slice(x, [1, 1], [2, -1]), inputs: () => [d.randn([3, 4])] },
  { op: 'slice', name: 'short begin, negative', fn: (x) => d.slice(x, [-2]), inputs: () => [x234()] },
  { op: 'sliceAxis', name: 'step 2', fn: (x) => d.sliceAxis(x, 2, 1, null, 2), inputs: () => [x234()] },
  { op: 'sliceAxis', name: 'step -1', fn: (x) => d.sliceAxis(x, 1, null, null, -1), inputs: () => [x234()] },
  { op: 'sliceAxis', name: 'step -3', fn: (x) => d.sliceAxis(x, 0, -1, 0, -3), inputs: () => [d.randn([8, 2])] },
  { op: 'sliceAxis', name: 'gradient of gradient, step -2', fn: gradOf((y) => d.sliceAxis(y, 1, 5, 0, -2)), inputs: () => [d.randn([2, 7])] },
  { op: 'pad', fn: (x) => d.pad(x, [[1, 0], [0, 0], [2, 1]], 0.5), inputs: () => [x234()] },
  { op: 'pad', name: 'reflect', fn: (x) => d.pad(x, [[0, 0], [2, 1], [1, 3]], { mode: 'reflect' }), inputs: () => [x234()] },
  { op: 'pad', name: 'replicate', fn: (x) => d.pad(x, [[1, 2], [0, 0], [3, 1]], { mode: 'replicate' }), inputs: () => [x234()] },
  { op: 'pad', name: 'gradient of gradient', fn: gradOf((y) => d.pad(y, [[1, 2], [2, 0]], { mode: 'reflect' })), inputs: () => [d.randn([3, 4])] },
  { op: 'concat', fn: (a, b, c) => d.concat([a, b, c], -1), inputs: () => [d.randn([2, 1]), d.randn([2, 3]), d.randn([2, 2])] },
  { op: 'concat', name: 'with an empty input', fn: (a, b) => d.concat([a, b], 0), inputs: () => [d.randn([0, 3]), d.randn([2, 3])] },
  { op: 'stack', fn: (a, b) => d.stack([a, b], 1), inputs: () => [d.randn([2, 3]), d.randn([2, 3])] },
  {
    op: 'split',
    fn: (x) => {
      const [a, b, c] = d.split(x, [1, 2, 1], 1);
      return d.concat([d.mul(c, 3), a, d.mul(b, -2)], 1);
    },
    inputs: () => [d.randn([2, 4, 2])],
  },
  { op: 'chunk', fn: (x) => d.mul(d.chunk(x, 3, -1)[1], d.chunk(x, 3, -1)[2]), inputs: () => [d.randn([2, 6])] },
  { op: 'unstack', fn: (x) => d.sub(d.unstack(x, 1)[2], d.mul(d.unstack(x, 1)[0], 2)), inputs: () => [x234()] },
  { op: 'tile', fn: (x) => d.tile(x, [2, 1, 3]), inputs: () => [d.randn([3, 2])] },
  { op: 'repeatInterleave', fn: (x) => d.repeatInterleave(x, 3, -1), inputs: () => [d.randn([2, 3])] },
  { op: 'flip', fn: (x) => d.flip(x, [0, 2]), inputs: () => [x234()] },
  { op: 'gather', fn: (x, i) => d.gather(x, i, 1), inputs: () => [x234(), int32([2, 0, 2, 1, 1, 1], [2, 3])] },
  { op: 'gather', name: 'gradient of gradient', fn: (x, i) => gradOf((y) => d.gather(y, i, 0))(x), inputs: () => [d.randn([3, 2]), int32([0, 2, 0, 0])] },
  { op: 'indexSelect', fn: (x, i) => d.indexSelect(x, -1, i), inputs: () => [x234(), int32([3, 0, 3])] },
  { op: 'takeAlongAxis', fn: (x, i) => d.takeAlongAxis(x, i, 1), inputs: () => [d.randn([2, 3, 2]), int32([2, 0, 1, 1, 0, 0, 2, 2], [2, 2, 2])] },
  {
    op: 'scatterAdd',
    fn: (x, i, src) => d.scatterAdd(x, 0, i, src),
    inputs: () => [d.randn([3, 2]), int32([2, 0, 2, 2, 0, 1, 1, 0], [4, 2]), d.randn([4, 2])],
  },
  { op: 'scatterAdd', name: 'gradient of gradient w.r.t. src', fn: (src, i) => gradOf((s) => d.scatterAdd(d.zeros([2, 3]), 1, i, s))(src), inputs: () => [d.randn([2, 2]), int32([2, 2, 0, 1], [2, 2])] },
];
