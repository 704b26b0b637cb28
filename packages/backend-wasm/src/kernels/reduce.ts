import { DTypeError, type ReduceOp, type TensorInfo, fmtShape, sizeOf } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { dtypeCode, elementBytes, reduceCode } from './codes.js';
import { fill } from './elementwise.js';
import { launch } from './launch.js';
import { contiguousStrides } from './layout.js';
import { stridedCopy } from './movement.js';

const buf = (t: TensorInfo) => t.handle as WasmBuffer;

/** A reduction as [outer, reduced, inner] blocks of a (possibly transposed) contiguous input. */
interface ReducePlan {
  outer: number;
  reduced: number;
  inner: number;
  /** Axis order to transpose x into first, or null when x already has the [O, R, I] layout. */
  perm: number[] | null;
}

/**
 * Merges neighbouring axes of the same kind (kept/reduced), ignoring size-1
 * axes. Patterns K, R, KR, RK and KRK need no copy; anything else is
 * transposed to kept-then-reduced first.
 */
export function planReduce(shape: readonly number[], axes: readonly number[]): ReducePlan {
  const reducedSet = new Set(axes);
  const groups: { reduced: boolean; size: number }[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const reduced = reducedSet.has(d);
    const last = groups[groups.length - 1];
    if (last && last.reduced === reduced) last.size *= shape[d];
    else groups.push({ reduced, size: shape[d] });
  }
  const kinds = groups.map((g) => (g.reduced ? 'R' : 'K')).join('');
  const size = (i: number) => groups[i].size;
  switch (kinds) {
    case '': return { outer: 1, reduced: 1, inner: 1, perm: null };
    case 'K': return { outer: size(0), reduced: 1, inner: 1, perm: null };
    case 'R': return { outer: 1, reduced: size(0), inner: 1, perm: null };
    case 'KR': return { outer: size(0), reduced: size(1), inner: 1, perm: null };
    case 'RK': return { outer: 1, reduced: size(0), inner: size(1), perm: null };
    case 'KRK': return { outer: size(0), reduced: size(1), inner: size(2), perm: null };
    default: {
      const kept = shape.map((_, d) => d).filter((d) => !reducedSet.has(d));
      const outer = kept.reduce((p, d) => p * shape[d], 1);
      return { outer, reduced: sizeOf(shape) / outer, inner: 1, perm: [...kept, ...axes] };
    }
  }
}

const LOGICAL: ReadonlySet<ReduceOp> = new Set(['all', 'any']);

/** The contract's `reduce` kernel. */
export function reduce(rt: WasmRuntime, x: TensorInfo, out: TensorInfo, op: ReduceOp, axes: readonly number[]): void {
  if (LOGICAL.has(op) ? out.dtype !== 'bool' : out.dtype !== x.dtype) {
    throw new DTypeError(`wasm reduce '${op}': output dtype ${out.dtype} does not fit input ${x.dtype} ${fmtShape(x.shape)}`);
  }
  const n = sizeOf(out.shape);
  if (n === 0) return;
  if (sizeOf(x.shape) === 0) {
    // Empty reductions give the identity; the kernel with r = 0 writes it.
    launch(rt, 'reduce', [reduceCode(op), dtypeCode(x.dtype), buf(x).ptr, buf(out).ptr, n, 0, 1], n);
    return;
  }
  const plan = planReduce(x.shape, axes);
  let src = buf(x).ptr;
  let scratch = 0;
  if (plan.perm) {
    const es = elementBytes(x.dtype);
    scratch = rt.malloc(sizeOf(x.shape) * es);
    const xs = contiguousStrides(x.shape);
    const permuted = plan.perm.map((d) => x.shape[d]);
    stridedCopy(rt, es, permuted, src, 0, plan.perm.map((d) => xs[d]), scratch, 0, contiguousStrides(permuted));
    src = scratch;
  }
  try {
    const args = [reduceCode(op), dtypeCode(x.dtype), src, buf(out).ptr, plan.outer, plan.reduced, plan.inner];
    launch(rt, 'reduce', args, plan.outer * plan.reduced * plan.inner);
  } finally {
    if (scratch) rt.release(scratch);
  }
}

/** The contract's `argReduce` kernel: x viewed as [O, R, I] around `axis`. */
export function argReduce(rt: WasmRuntime, x: TensorInfo, out: TensorInfo, op: 'argmax' | 'argmin', axis: number): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const r = x.shape[axis];
  if (r === 0) {
    fill(rt, out, 0);
    return;
  }
  const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const args = [op === 'argmax' ? 1 : 0, dtypeCode(x.dtype), buf(x).ptr, buf(out).ptr, outer, r, inner];
  launch(rt, 'argReduce', args, outer * r * inner);
}
