import * as d from '../../index.js';
import type { GradCase } from './types.js';

// Inputs are random and kept away from kinks (|x| >= 0.1 where the op has one) and domain edges.
const awayFromZero = (shape: number[]) => d.tidy(() => { const r = d.rand(shape, { low: 0.2, high: 1.5 }); return d.mul(r, d.sub(d.mul(d.bernoulli(0.5, shape), 2), 1)); });
const positive = (shape: number[]) => d.rand(shape, { low: 0.3, high: 2 });
const anyValue = (shape: number[]) => d.randn(shape);

const SAMPLERS: Record<d.GradSample, (shape: number[]) => d.Tensor> = { any: anyValue, positive, awayFromZero };

/** The gradient of sum(1.5 f(x)²): differentiating it checks f's backward's own backward. */
const gradOf = (f: (x: d.Tensor) => d.Tensor) => (x: d.Tensor) => d.grad((y: d.Tensor) => d.sum(d.mul(d.square(f(y)), 1.5)))(x)[0];

/**
 * From the op table: one case per differentiable unary op, sampled where its
 * entry says (with its attribute's test value), and a second-order case for
 * the ops whose backward reads their saved output (re-attached in backward).
 */
function unaryCases(): GradCase[] {
  const out: GradCase[] = [];
  for (const op of d.UNARY_OPS) {
    const spec = d.unarySpec(op);
    if (spec.grad === 'none' || spec.grad === 'zero') continue;
    const f = (x: d.Tensor) => d.unaryOp(op, x, spec.alpha?.sample);
    const make = SAMPLERS[spec.gradSample];
    out.push({ op, fn: f, inputs: () => [make([3, 4])] });
    if (spec.grad === 'output') out.push({ op, name: 'gradient of gradient (saved output)', fn: gradOf(f), inputs: () => [make([3, 4])] });
  }
  return out;
}

export const cases: GradCase[] = [
  ...unaryCases(),
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
