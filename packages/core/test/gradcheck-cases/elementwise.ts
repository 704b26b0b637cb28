import * as d from '../../src/index.js';
import type { GradCase } from './types.js';

// Inputs are random and kept away from kinks (|x| >= 0.1 where the op has one) and domain edges.
const awayFromZero = (shape: number[]) => d.tidy(() => { const r = d.rand(shape, { low: 0.2, high: 1.5 }); return d.mul(r, d.sub(d.mul(d.bernoulli(0.5, shape), 2), 1)); });
const positive = (shape: number[]) => d.rand(shape, { low: 0.3, high: 2 });
const anyValue = (shape: number[]) => d.randn(shape);

const unary = (op: keyof typeof d, make: (s: number[]) => d.Tensor = anyValue): GradCase => ({
  op,
  fn: (x) => (d[op] as (x: d.Tensor) => d.Tensor)(x),
  inputs: () => [make([3, 4])],
});

/** The gradient of sum(1.5 f(x)²): differentiating it checks f's backward's own backward. */
const gradOf = (f: (x: d.Tensor) => d.Tensor) => (x: d.Tensor) => d.grad((y: d.Tensor) => d.sum(d.mul(d.square(f(y)), 1.5)))(x)[0];

/** Second-order cases for the ops whose backward reads their saved output (the output's node is re-attached in backward). */
const secondOrder = (op: keyof typeof d, make: (s: number[]) => d.Tensor = anyValue): GradCase => ({
  op,
  name: 'gradient of gradient (saved output)',
  fn: gradOf((x) => (d[op] as (x: d.Tensor) => d.Tensor)(x)),
  inputs: () => [make([3, 4])],
});

export const cases: GradCase[] = [
  secondOrder('exp'),
  secondOrder('expm1'),
  secondOrder('sqrt', positive),
  secondOrder('rsqrt', positive),
  secondOrder('reciprocal', awayFromZero),
  secondOrder('tanh'),
  secondOrder('sigmoid'),
  unary('neg'),
  unary('abs', awayFromZero),
  unary('exp'),
  unary('log', positive),
  unary('log1p', positive),
  unary('expm1'),
  unary('sqrt', positive),
  unary('rsqrt', positive),
  unary('square'),
  unary('reciprocal', awayFromZero),
  unary('sin'),
  unary('cos'),
  unary('tanh'),
  unary('sigmoid'),
  unary('relu', awayFromZero),
  { op: 'leakyRelu', fn: (x) => d.leakyRelu(x, 0.2), inputs: () => [awayFromZero([3, 4])] },
  { op: 'elu', fn: (x) => d.elu(x, 0.7), inputs: () => [awayFromZero([3, 4])] },
  unary('gelu'),
  unary('softplus'),
  unary('erf'),
  { op: 'clamp', fn: (x) => d.clamp(x, -0.5, 0.5), inputs: () => [d.tidy(() => d.add(d.mul(d.bernoulli(0.5, [3, 4]), 2), d.rand([3, 4], { low: -1.4, high: -0.6 })))] },
  { op: 'add', fn: (a, b) => d.add(a, b), inputs: () => [anyValue([3, 1, 4]), anyValue([2, 1])] },
  { op: 'sub', fn: (a, b) => d.sub(a, b), inputs: () => [anyValue([3, 4]), anyValue([4])] },
  { op: 'mul', fn: (a, b) => d.mul(a, b), inputs: () => [anyValue([2, 3]), anyValue([2, 1])] },
  { op: 'div', fn: (a, b) => d.div(a, b), inputs: () => [anyValue([2, 3]), awayFromZero([3])] },
  { op: 'pow', fn: (a, b) => d.pow(a, b), inputs: () => [positive([2, 3]), anyValue([2, 3])] },
  { op: 'maximum', fn: (a, b) => d.maximum(a, b), inputs: () => [anyValue([3, 4]), anyValue([3, 4])] },
  { op: 'minimum', fn: (a, b) => d.minimum(a, b), inputs: () => [anyValue([3, 4]), anyValue([4])] },
  // mod is piecewise linear; keep a/b away from integers so no step is crossed by ±eps.
  { op: 'mod', fn: (a, b) => d.mod(a, b), inputs: () => [d.tidy(() => d.add(d.randint(-3, 3, [5]).float(), d.rand([5], { low: 0.2, high: 0.8 }))), d.full([5], 1)] },
  { op: 'where', fn: (a, b) => d.where(d.tensor([true, false, true]), a, b), inputs: () => [anyValue([2, 3]), anyValue([3])] },
  { op: 'cast', fn: (x) => d.cast(x, 'float32'), inputs: () => [anyValue([3])] },
];
