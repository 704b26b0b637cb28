// Reductions over any set of axes. Each output element is one workgroup of
// 64 threads that stride over its reduced elements and combine them in a
// shared-memory tree (pairwise sums keep float32 error at O(log n) ulps).
// argmax/argmin run one thread per output along a single axis. float16
// combines in f32 and rounds once when it stores.
import { type DType, isFloatDType, type ReduceOp, sizeOf, stridesOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { halfHelpers, storeFloat } from '../wgsl/half.js';
import { MATH } from '../wgsl/math.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { bufferOf, storageType } from './layout.js';
import { Params } from './params.js';

const REDUCE_WG = 64;

interface Combine {
  init: string;
  step: string; // combines `acc` and `v` into a new acc
}

function combineFor(op: ReduceOp, c: 'f32' | 'i32'): Combine {
  const f = c === 'f32';
  const zero = f ? '0.0' : '0';
  const one = f ? '1.0' : '1';
  switch (op) {
    case 'sum':
      return { init: zero, step: 'acc + v' };
    case 'prod':
      return { init: one, step: 'acc * v' };
    case 'max':
      return { init: f ? '-infF()' : '(-2147483647 - 1)', step: f ? 'maxF(acc, v)' : 'max(acc, v)' };
    case 'min':
      return { init: f ? 'infF()' : '2147483647', step: f ? 'minF(acc, v)' : 'min(acc, v)' };
    case 'all':
      return { init: one, step: `select(${zero}, ${one}, !(acc == ${zero}) && !(v == ${zero}))` };
    case 'any':
      return { init: zero, step: `select(${zero}, ${one}, !(acc == ${zero}) || !(v == ${zero}))` };
  }
}

function storeAs(r: string, c: 'f32' | 'i32', od: DType): string {
  if (od === 'bool') return c === 'f32' ? `select(0u, 1u, !(${r} == 0.0))` : `select(0u, 1u, ${r} != 0)`;
  if (isFloatDType(od)) return storeFloat(c === 'f32' ? r : `f32(${r})`, od);
  return c === 'f32' ? `toI32(${r})` : r;
}

/** WGSL loading x[at] as compute type `c` (bool widens to i32, f16 exactly to f32). */
function loadAs(at: string, xd: DType): string {
  if (xd === 'bool') return `i32(x[${at}])`;
  if (xd === 'float16') return `f32(x[${at}])`;
  return `x[${at}]`;
}

function reduceShader(op: ReduceOp, xd: DType, od: DType): string {
  const c = isFloatDType(xd) ? 'f32' : 'i32';
  const { init, step } = combineFor(op, c);
  const load = loadAs('u32(src)', xd);
  // P: outCount, reducedCount, keptRank, redRank, keptShape, keptStrides, redShape, redStrides
  return `${PRELUDE}${MATH}${halfHelpers([xd, od])}
@group(0) @binding(1) var<storage, read_write> out: array<${storageType(od)}>;
@group(0) @binding(2) var<storage, read> x: array<${storageType(xd)}>;
var<workgroup> scratch: array<${c}, ${REDUCE_WG}>;
fn combine(acc: ${c}, v: ${c}) -> ${c} { return ${step}; }
@compute @workgroup_size(${REDUCE_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = wid.x + wid.y * nwg.x;
  let live = o < P[0];
  let kr = P[2];
  let rr = P[3];
  var acc: ${c} = ${init};
  if (live) {
    let base = stridedOffset(o, kr, 4u, 4u + kr);
    for (var r = lid; r < P[1]; r += ${REDUCE_WG}u) {
      let src = base + stridedOffset(r, rr, 4u + 2u * kr, 4u + 2u * kr + rr);
      acc = combine(acc, ${load});
    }
  }
  scratch[lid] = acc;
  workgroupBarrier();
  for (var span = ${REDUCE_WG / 2}u; span > 0u; span = span >> 1u) {
    if (lid < span) { scratch[lid] = combine(scratch[lid], scratch[lid + span]); }
    workgroupBarrier();
  }
  if (live && lid == 0u) { out[o] = ${storeAs('scratch[0]', c, od)}; }
}`;
}

/** The contract's `reduce` kernel over sorted unique `axes`. */
export function reduce(rt: GPURuntime, x: TensorInfo, out: TensorInfo, op: ReduceOp, axes: readonly number[]): void {
  const outCount = sizeOf(out.shape);
  if (outCount === 0) return;
  const xs = stridesOf(x.shape);
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const p = new Params()
    .u32(outCount)
    .u32(sizeOf(axes.map((a) => x.shape[a])))
    .u32(kept.length)
    .u32(axes.length)
    .list(kept.map((d) => x.shape[d]))
    .list(kept.map((d) => xs[d]))
    .list(axes.map((a) => x.shape[a]))
    .list(axes.map((a) => xs[a]));
  // One workgroup per output element: the grid counts groups, not threads.
  const groups = rt.grid1d(outCount, 1);
  rt.dispatch(rt.shader(`reduce:${op}:${x.dtype}:${out.dtype}`, () => reduceShader(op, x.dtype, out.dtype)), [bufferOf(out, 'reduce', 'out'), bufferOf(x, 'reduce', 'x')], p.words(), groups);
}

function argShader(op: 'argmax' | 'argmin', xd: DType): string {
  const f = isFloatDType(xd);
  const load = loadAs('at', xd);
  // NaN is greater than everything: it wins argmax and loses argmin.
  const beats = f
    ? op === 'argmax'
      ? '(v > best) || (isNan(v) && !isNan(best))'
      : '(v < best) || (isNan(best) && !isNan(v))'
    : op === 'argmax'
      ? 'v > best'
      : 'v < best';
  return `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<i32>;
@group(0) @binding(2) var<storage, read> x: array<${storageType(xd)}>;
${MAIN_1D}
  // P: n, len, inner
  let len = P[1];
  let inner = P[2];
  let base = (i / inner) * len * inner + (i % inner);
  var at = base;
  var best = ${load};
  var bestJ = 0u;
  for (var j = 1u; j < len; j++) {
    at = base + j * inner;
    let v = ${load};
    if (${beats}) { best = v; bestJ = j; }
  }
  out[i] = i32(bestJ);
}`;
}

/** The contract's `argReduce` kernel: first index of the max/min along `axis`. */
export function argReduce(rt: GPURuntime, x: TensorInfo, out: TensorInfo, op: 'argmax' | 'argmin', axis: number): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const p = new Params().u32(n).u32(x.shape[axis]).u32(sizeOf(x.shape.slice(axis + 1)));
  rt.dispatch(rt.shader(`argReduce:${op}:${x.dtype}`, () => argShader(op, x.dtype)), [bufferOf(out, 'argReduce', 'out'), bufferOf(x, 'argReduce', 'x')], p.words(), rt.grid1d(n));
}
