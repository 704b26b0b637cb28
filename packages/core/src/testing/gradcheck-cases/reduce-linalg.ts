import * as d from '../../index.js';
import type { GradCase } from './types.js';

const x34 = () => d.randn([3, 4]);

export const cases: GradCase[] = [
  { op: 'sum', fn: (x) => d.sum(x, 1), inputs: () => [x34()] },
  { op: 'sum', name: 'all, keepDims', fn: (x) => d.sum(x, undefined, true), inputs: () => [d.randn([2, 3, 2])] },
  { op: 'mean', fn: (x) => d.mean(x, [0, 2]), inputs: () => [d.randn([2, 3, 2])] },
  { op: 'prod', fn: (x) => d.prod(x, 1), inputs: () => [d.rand([3, 4], { low: 0.5, high: 1.5 })] },
  { op: 'max', fn: (x) => d.max(x, 0), inputs: () => [x34()] },
  { op: 'min', fn: (x) => d.min(x, -1, true), inputs: () => [x34()] },
  { op: 'variance', fn: (x) => d.variance(x, 1), inputs: () => [x34()] },
  { op: 'std', fn: (x) => d.std(x, 0, { unbiased: false }), inputs: () => [x34()] },
  { op: 'logSumExp', fn: (x) => d.logSumExp(x, 1), inputs: () => [x34()] },
  { op: 'matmul', fn: (a, b) => d.matmul(a, b), inputs: () => [d.randn([2, 3, 4]), d.randn([4, 5])] },
  { op: 'matmul', name: 'transA transB', fn: (a, b) => d.matmul(a, b, { transA: true, transB: true }), inputs: () => [d.randn([4, 3]), d.randn([2, 5, 4])] },
  { op: 'matmul', name: 'vector', fn: (a, b) => d.matmul(a, b), inputs: () => [d.randn([4]), d.randn([4, 3])] },
  { op: 'dot', fn: (a, b) => d.dot(a, b), inputs: () => [d.randn([5]), d.randn([5])] },
  { op: 'outer', fn: (a, b) => d.outer(a, b), inputs: () => [d.randn([3]), d.randn([2])] },
  { op: 'reshape', fn: (x) => d.reshape(x, [4, -1]), inputs: () => [x34()] },
  { op: 'permute', fn: (x) => d.permute(x, [2, 0, 1]), inputs: () => [d.randn([2, 3, 4])] },
  { op: 'transpose', fn: (x) => d.transpose(x, 0, 2), inputs: () => [d.randn([2, 3, 4])] },
  { op: 'broadcastTo', fn: (x) => d.broadcastTo(x, [2, 3, 4]), inputs: () => [d.randn([3, 1])] },
  { op: 'sumToShape', fn: (x) => d.sumToShape(x, [1, 4]), inputs: () => [x34()] },
];
