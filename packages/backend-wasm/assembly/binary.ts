// Elementwise binary kernels with broadcasting. The JS side coalesces the
// broadcast into at most a few dimensions; each output row is then one call
// of a row loop whose operand strides are 1 (contiguous), 0 (broadcast
// scalar) or anything else (general strided path, scalar).
import { F32, I32 } from './lib/dtype';
import { vpow } from './lib/math';
import { dimAt, odoNext, odoSeek, off0, off1, strideAt } from './lib/odometer';
import { ADD, LOGICAL_AND, DIV, EQ, GE, GT, LE, LT, MAXIMUM, MINIMUM, MOD, MUL, NE, LOGICAL_OR, POW, SUB, LOGICAL_XOR } from './lib/ops';
import { partStart } from './lib/partition';

/** Floored modulo in float64 (the sign of the divisor), lane-wise on two f64x2 halves. */
@inline function modF64(a: v128, b: v128): v128 {
  return f64x2.sub(a, f64x2.mul(f64x2.floor(f64x2.div(a, b)), b));
}

@inline function modF32(a: v128, b: v128): v128 {
  const lo = modF64(f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(b));
  const ah = v128.shuffle<i64>(a, a, 1, 0);
  const bh = v128.shuffle<i64>(b, b, 1, 0);
  const hi = modF64(f64x2.promote_low_f32x4(ah), f64x2.promote_low_f32x4(bh));
  return v128.shuffle<i64>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

@inline function f32Arith(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return f32x4.add(a, b);
  if (op == SUB) return f32x4.sub(a, b);
  if (op == MUL) return f32x4.mul(a, b);
  if (op == DIV) return f32x4.div(a, b);
  if (op == POW) return vpow(a, b);
  if (op == MAXIMUM) return f32x4.max(a, b);
  if (op == MINIMUM) return f32x4.min(a, b);
  return modF32(a, b);
}

@inline function i32Arith(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return i32x4.add(a, b);
  if (op == SUB) return i32x4.sub(a, b);
  if (op == MUL) return i32x4.mul(a, b);
  if (op == MAXIMUM) return i32x4.max_s(a, b);
  return i32x4.min_s(a, b);
}

/** Comparison masks (all ones / zero per lane). */
@inline function cmp(isF: bool, op: i32, a: v128, b: v128): v128 {
  if (isF) {
    if (op == EQ) return f32x4.eq(a, b);
    if (op == NE) return f32x4.ne(a, b);
    if (op == LT) return f32x4.lt(a, b);
    if (op == LE) return f32x4.le(a, b);
    if (op == GT) return f32x4.gt(a, b);
    return f32x4.ge(a, b);
  }
  if (op == EQ) return i32x4.eq(a, b);
  if (op == NE) return i32x4.ne(a, b);
  if (op == LT) return i32x4.lt_s(a, b);
  if (op == LE) return i32x4.le_s(a, b);
  if (op == GT) return i32x4.gt_s(a, b);
  return i32x4.ge_s(a, b);
}

/** Floored integer modulo; 0 for a zero divisor (which has no integer result). */
@inline function modI32(a: i32, b: i32): i32 {
  if (b == 0) return 0;
  if (b == -1) return 0; // avoids the INT_MIN % -1 trap
  let r = a % b;
  if (r != 0 && (r ^ b) < 0) r += b;
  return r;
}

/** Arithmetic row on 4-byte elements; strides in elements. */
@inline function rowArith(isF: bool, op: i32, pa: usize, sa: isize, pb: usize, sb: isize, po: usize, n: i32): void {
  let i = 0;
  if (!isF && op == MOD) {
    for (; i < n; i++) {
      store<i32>(po + (<usize>i << 2), modI32(load<i32>(pa + ((<isize>i * sa) << 2)), load<i32>(pb + ((<isize>i * sb) << 2))));
    }
    return;
  }
  if (sa >= 0 && sa <= 1 && sb >= 0 && sb <= 1) {
    const ka = v128.load32_splat(pa);
    const kb = v128.load32_splat(pb);
    for (; i + 4 <= n; i += 4) {
      const va = sa ? v128.load(pa + (<usize>i << 2)) : ka;
      const vb = sb ? v128.load(pb + (<usize>i << 2)) : kb;
      v128.store(po + (<usize>i << 2), isF ? f32Arith(op, va, vb) : i32Arith(op, va, vb));
    }
  }
  for (; i < n; i++) {
    const va = v128.load32_splat(pa + ((<isize>i * sa) << 2));
    const vb = v128.load32_splat(pb + ((<isize>i * sb) << 2));
    v128.store32_lane(po + (<usize>i << 2), isF ? f32Arith(op, va, vb) : i32Arith(op, va, vb), 0);
  }
}

/** Comparison row on 4-byte elements writing bytes (0/1), 16 at a time. */
@inline function rowCmp(isF: bool, op: i32, pa: usize, sa: isize, pb: usize, sb: isize, po: usize, n: i32): void {
  let i = 0;
  if (sa >= 0 && sa <= 1 && sb >= 0 && sb <= 1) {
    const ka = v128.load32_splat(pa);
    const kb = v128.load32_splat(pb);
    for (; i + 16 <= n; i += 16) {
      const qa = pa + (<usize>i << 2);
      const qb = pb + (<usize>i << 2);
      const m0 = cmp(isF, op, sa ? v128.load(qa) : ka, sb ? v128.load(qb) : kb);
      const m1 = cmp(isF, op, sa ? v128.load(qa, 16) : ka, sb ? v128.load(qb, 16) : kb);
      const m2 = cmp(isF, op, sa ? v128.load(qa, 32) : ka, sb ? v128.load(qb, 32) : kb);
      const m3 = cmp(isF, op, sa ? v128.load(qa, 48) : ka, sb ? v128.load(qb, 48) : kb);
      const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
      v128.store(po + <usize>i, v128.and(bytes, i8x16.splat(1)));
    }
  }
  for (; i < n; i++) {
    const va = v128.load32_splat(pa + ((<isize>i * sa) << 2));
    const vb = v128.load32_splat(pb + ((<isize>i * sb) << 2));
    store<u8>(po + <usize>i, <u8>(i32x4.extract_lane(cmp(isF, op, va, vb), 0) & 1));
  }
}

@inline function logicOp(op: i32, a: bool, b: bool): bool {
  if (op == LOGICAL_AND) return a && b;
  if (op == LOGICAL_OR) return a || b;
  return a != b;
}

@inline function cmpScalarU8(op: i32, a: u8, b: u8): bool {
  if (op == EQ) return a == b;
  if (op == NE) return a != b;
  if (op == LT) return a < b;
  if (op == LE) return a <= b;
  if (op == GT) return a > b;
  return a >= b;
}

/** Rows of bool operands: logic ops (vectorized when contiguous) and comparisons. */
@inline function rowU8(op: i32, pa: usize, sa: isize, pb: usize, sb: isize, po: usize, n: i32): void {
  let i = 0;
  if (op >= LOGICAL_AND && sa == 1 && sb == 1) {
    const zero = i8x16.splat(0);
    for (; i + 16 <= n; i += 16) {
      const a = v128.not(i8x16.eq(v128.load(pa + <usize>i), zero));
      const b = v128.not(i8x16.eq(v128.load(pb + <usize>i), zero));
      const r = op == LOGICAL_AND ? v128.and(a, b) : op == LOGICAL_OR ? v128.or(a, b) : v128.xor(a, b);
      v128.store(po + <usize>i, v128.and(r, i8x16.splat(1)));
    }
  }
  for (; i < n; i++) {
    const a = load<u8>(pa + <usize>(<isize>i * sa));
    const b = load<u8>(pb + <usize>(<isize>i * sb));
    const r = op >= LOGICAL_AND ? logicOp(op, a != 0, b != 0) : cmpScalarU8(op, a, b);
    store<u8>(po + <usize>i, r ? 1 : 0);
  }
}

function rowF32(op: i32, pa: usize, sa: isize, pb: usize, sb: isize, po: usize, n: i32): void {
  switch (op) {
    case ADD: rowArith(true, ADD, pa, sa, pb, sb, po, n); break;
    case SUB: rowArith(true, SUB, pa, sa, pb, sb, po, n); break;
    case MUL: rowArith(true, MUL, pa, sa, pb, sb, po, n); break;
    case DIV: rowArith(true, DIV, pa, sa, pb, sb, po, n); break;
    case POW: rowArith(true, POW, pa, sa, pb, sb, po, n); break;
    case MAXIMUM: rowArith(true, MAXIMUM, pa, sa, pb, sb, po, n); break;
    case MINIMUM: rowArith(true, MINIMUM, pa, sa, pb, sb, po, n); break;
    case MOD: rowArith(true, MOD, pa, sa, pb, sb, po, n); break;
    case EQ: rowCmp(true, EQ, pa, sa, pb, sb, po, n); break;
    case NE: rowCmp(true, NE, pa, sa, pb, sb, po, n); break;
    case LT: rowCmp(true, LT, pa, sa, pb, sb, po, n); break;
    case LE: rowCmp(true, LE, pa, sa, pb, sb, po, n); break;
    case GT: rowCmp(true, GT, pa, sa, pb, sb, po, n); break;
    case GE: rowCmp(true, GE, pa, sa, pb, sb, po, n); break;
    default: break;
  }
}

function rowI32(op: i32, pa: usize, sa: isize, pb: usize, sb: isize, po: usize, n: i32): void {
  switch (op) {
    case ADD: rowArith(false, ADD, pa, sa, pb, sb, po, n); break;
    case SUB: rowArith(false, SUB, pa, sa, pb, sb, po, n); break;
    case MUL: rowArith(false, MUL, pa, sa, pb, sb, po, n); break;
    case MAXIMUM: rowArith(false, MAXIMUM, pa, sa, pb, sb, po, n); break;
    case MINIMUM: rowArith(false, MINIMUM, pa, sa, pb, sb, po, n); break;
    case MOD: rowArith(false, MOD, pa, sa, pb, sb, po, n); break;
    case EQ: rowCmp(false, EQ, pa, sa, pb, sb, po, n); break;
    case NE: rowCmp(false, NE, pa, sa, pb, sb, po, n); break;
    case LT: rowCmp(false, LT, pa, sa, pb, sb, po, n); break;
    case LE: rowCmp(false, LE, pa, sa, pb, sb, po, n); break;
    case GT: rowCmp(false, GT, pa, sa, pb, sb, po, n); break;
    case GE: rowCmp(false, GE, pa, sa, pb, sb, po, n); break;
    default: break;
  }
}

/**
 * out = op(a, b) over the coalesced index space described by `meta`
 * (strides 0 and 1 are a's and b's); out is contiguous. dt is the operands'
 * dtype; comparison and logic ops write bytes.
 */
export function binary(op: i32, dt: i32, a: usize, b: usize, out: usize, rank: i32, meta: usize, tid: i32, nth: i32): void {
  const n = dimAt(meta, rank - 1);
  let total: i64 = n;
  for (let d = 0; d < rank - 1; d++) total *= <i64>dimAt(meta, d);
  let pos = partStart(total, tid, nth);
  const end = partStart(total, tid + 1, nth);
  if (pos >= end || n == 0) return;
  const sa = strideAt(meta, rank, 0, rank - 1);
  const sb = strideAt(meta, rank, 1, rank - 1);
  const es: usize = dt == F32 || dt == I32 ? 4 : 1;
  const oes: usize = op >= EQ ? 1 : es;
  odoSeek(meta, rank, tid, pos / <i64>n);
  let col = <i32>(pos % <i64>n);
  while (pos < end) {
    const left = end - pos;
    const len = <i32>(left < <i64>(n - col) ? left : <i64>(n - col));
    const pa = a + <usize>((off0 + <isize>col * sa) * <isize>es);
    const pb = b + <usize>((off1 + <isize>col * sb) * <isize>es);
    const po = out + <usize>pos * oes;
    if (dt == F32) rowF32(op, pa, sa, pb, sb, po, len);
    else if (dt == I32) rowI32(op, pa, sa, pb, sb, po, len);
    else rowU8(op, pa, sa, pb, sb, po, len);
    pos += <i64>len;
    col = 0;
    odoNext(meta, rank, tid);
  }
}
