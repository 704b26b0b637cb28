// Reductions over the middle axis of x viewed as [O, R, I] (the JS side
// coalesces, or transposes first when the reduced axes are not one block).
// I == 1 reduces contiguous rows with vector accumulators; I > 1 reduces
// columns, accumulating whole rows of I elements into the output.
import { F32, I32 } from './lib/dtype';
import { ALL, ANY, MAX, MIN, PROD, SUM } from './lib/ops';
import { partStart } from './lib/partition';

/** Row sums add 1024-element f32 blocks into a float64 total, so long rows lose no precision. */
const BLOCK = 1024;

@inline function vop(isF: bool, op: i32, a: v128, b: v128): v128 {
  if (isF) {
    if (op == SUM) return f32x4.add(a, b);
    if (op == PROD) return f32x4.mul(a, b);
    if (op == MAX) return f32x4.max(a, b);
    return f32x4.min(a, b);
  }
  if (op == SUM) return i32x4.add(a, b);
  if (op == PROD) return i32x4.mul(a, b);
  if (op == MAX) return i32x4.max_s(a, b);
  return i32x4.min_s(a, b);
}

@inline function identityBits(isF: bool, op: i32): i32 {
  if (isF) {
    if (op == SUM) return reinterpret<i32>(<f32>0);
    if (op == PROD) return reinterpret<i32>(<f32>1);
    if (op == MAX) return reinterpret<i32>(-Infinity as f32);
    return reinterpret<i32>(Infinity as f32);
  }
  if (op == SUM) return 0;
  if (op == PROD) return 1;
  if (op == MAX) return i32.MIN_VALUE;
  return i32.MAX_VALUE;
}

/** Combines the four lanes of v. */
@inline function lanes(isF: bool, op: i32, v: v128): v128 {
  const s = vop(isF, op, v, v128.shuffle<i32>(v, v, 2, 3, 0, 1));
  return vop(isF, op, s, v128.shuffle<i32>(s, s, 1, 0, 3, 2));
}

/** op over n contiguous 4-byte elements at p (n ≥ 0), as a lane-0 vector. */
@inline function reduceRow(isF: bool, op: i32, p: usize, n: i32): v128 {
  const id = i32x4.splat(identityBits(isF, op));
  let a0 = id, a1 = id, a2 = id, a3 = id;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const q = p + (<usize>i << 2);
    a0 = vop(isF, op, a0, v128.load(q));
    a1 = vop(isF, op, a1, v128.load(q, 16));
    a2 = vop(isF, op, a2, v128.load(q, 32));
    a3 = vop(isF, op, a3, v128.load(q, 48));
  }
  for (; i + 4 <= n; i += 4) a0 = vop(isF, op, a0, v128.load(p + (<usize>i << 2)));
  for (; i < n; i++) a0 = vop(isF, op, a0, i32x4.replace_lane(id, 0, load<i32>(p + (<usize>i << 2))));
  return lanes(isF, op, vop(isF, op, vop(isF, op, a0, a1), vop(isF, op, a2, a3)));
}

@inline function sumRowF32(p: usize, n: i32): f32 {
  let total: f64 = 0;
  for (let i = 0; i < n; i += BLOCK) {
    const len = n - i < BLOCK ? n - i : BLOCK;
    total += <f64>f32x4.extract_lane(reduceRow(true, SUM, p + (<usize>i << 2), len), 0);
  }
  return <f32>total;
}

/** out[k] = op(row k) for rows [s, e) of length r. */
@inline function rows4(isF: bool, op: i32, x: usize, out: usize, r: i32, s: i64, e: i64): void {
  for (let k = s; k < e; k++) {
    const p = x + <usize>(k * <i64>r) * 4;
    if (isF && op == SUM) store<f32>(out + (<usize>k << 2), sumRowF32(p, r));
    else v128.store32_lane(out + (<usize>k << 2), reduceRow(isF, op, p, r), 0);
  }
}

/** out[o, i0:i1] = op over r of x[o, r, i0:i1] (4-byte elements, i1 - i0 = len). */
@inline function columns4(isF: bool, op: i32, x: usize, out: usize, r: i32, inner: i32, o: i64, i0: i32, len: i32): void {
  const po = out + <usize>(o * <i64>inner + <i64>i0) * 4;
  const base = x + <usize>(o * <i64>r * <i64>inner + <i64>i0) * 4;
  const rowBytes = <usize>inner << 2;
  const id = i32x4.splat(identityBits(isF, op));
  const vecEnd = len & ~3;
  for (let i = 0; i < vecEnd; i += 4) v128.store(po + (<usize>i << 2), id);
  for (let i = vecEnd; i < len; i++) store<i32>(po + (<usize>i << 2), i32x4.extract_lane(id, 0));
  for (let k = 0; k < r; k++) {
    const px = base + <usize>k * rowBytes;
    for (let i = 0; i < vecEnd; i += 4) {
      const q = <usize>i << 2;
      v128.store(po + q, vop(isF, op, v128.load(po + q), v128.load(px + q)));
    }
    for (let i = vecEnd; i < len; i++) {
      const q = <usize>i << 2;
      v128.store32_lane(po + q, vop(isF, op, v128.load32_zero(po + q), v128.load32_zero(px + q)), 0);
    }
  }
}

/** Columns are processed in blocks of this many elements so the accumulating output row stays in L1. */
const COLS = 512;

@inline function reduce4(isF: bool, op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, s: i64, e: i64): void {
  if (inner == 1) {
    rows4(isF, op, x, out, r, s, e);
    return;
  }
  let pos = s;
  while (pos < e) {
    const o = pos / <i64>inner;
    const i0 = <i32>(pos % <i64>inner);
    const rowLeft = <i64>(inner - i0);
    const left = e - pos;
    let len = <i32>(left < rowLeft ? left : rowLeft);
    if (len > COLS) len = COLS;
    columns4(isF, op, x, out, r, inner, o, i0, len);
    pos += <i64>len;
  }
}

/** all/any (bytes out) and the generic scalar path for bool inputs. */
@inline function logical(op: i32, dt: i32, x: usize, out: usize, r: i32, inner: i32, s: i64, e: i64): void {
  const es: usize = dt == F32 || dt == I32 ? 4 : 1;
  for (let k = s; k < e; k++) {
    const o = k / <i64>inner;
    const i = k % <i64>inner;
    const base = x + <usize>(o * <i64>r * <i64>inner + i) * es;
    const step = <usize>inner * es;
    let acc: bool = op == ALL;
    for (let j = 0; j < r; j++) {
      const p = base + <usize>j * step;
      const nz = es == 4 ? (dt == F32 ? load<f32>(p) != 0 : load<i32>(p) != 0) : load<u8>(p) != 0;
      if (op == ALL && !nz) { acc = false; break; }
      if (op == ANY && nz) { acc = true; break; }
    }
    store<u8>(out + <usize>k, acc ? 1 : 0);
  }
}

/** max/min/sum/prod of bytes (bool tensors): scalar. */
@inline function bytesReduce(op: i32, x: usize, out: usize, r: i32, inner: i32, s: i64, e: i64): void {
  for (let k = s; k < e; k++) {
    const o = k / <i64>inner;
    const i = k % <i64>inner;
    const base = x + <usize>(o * <i64>r * <i64>inner + i);
    let acc: i32 = op == MAX ? 0 : op == MIN ? 1 : op == PROD ? 1 : 0;
    for (let j = 0; j < r; j++) {
      const v = <i32>load<u8>(base + <usize>j * <usize>inner);
      if (op == MAX) acc = max(acc, v);
      else if (op == MIN) acc = min(acc, v);
      else if (op == PROD) acc *= v;
      else acc += v;
    }
    store<u8>(out + <usize>k, <u8>(acc != 0 ? 1 : 0));
  }
}

function reduceF32(op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, s: i64, e: i64): void {
  if (op == SUM) reduce4(true, SUM, x, out, outer, r, inner, s, e);
  else if (op == PROD) reduce4(true, PROD, x, out, outer, r, inner, s, e);
  else if (op == MAX) reduce4(true, MAX, x, out, outer, r, inner, s, e);
  else reduce4(true, MIN, x, out, outer, r, inner, s, e);
}

function reduceI32(op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, s: i64, e: i64): void {
  if (op == SUM) reduce4(false, SUM, x, out, outer, r, inner, s, e);
  else if (op == PROD) reduce4(false, PROD, x, out, outer, r, inner, s, e);
  else if (op == MAX) reduce4(false, MAX, x, out, outer, r, inner, s, e);
  else reduce4(false, MIN, x, out, outer, r, inner, s, e);
}

/**
 * out[o, i] = op over r of x[o, r, i] for this thread's share of the O·I
 * outputs. all/any write bytes; the others keep x's dtype.
 */
export function reduce(op: i32, dt: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, tid: i32, nth: i32): void {
  const total = <i64>outer * <i64>inner;
  const s = partStart(total, tid, nth);
  const e = partStart(total, tid + 1, nth);
  if (s >= e) return;
  if (op == ALL) logical(ALL, dt, x, out, r, inner, s, e);
  else if (op == ANY) logical(ANY, dt, x, out, r, inner, s, e);
  else if (dt == F32) reduceF32(op, x, out, outer, r, inner, s, e);
  else if (dt == I32) reduceI32(op, x, out, outer, r, inner, s, e);
  else bytesReduce(op, x, out, r, inner, s, e);
}
