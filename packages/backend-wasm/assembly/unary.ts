// Elementwise unary kernels over contiguous buffers. Loops run over whole
// 16-byte vectors: the allocator rounds every block to 64 bytes, so the last
// partial vector stays inside the buffer's own block.
import { F32, I32 } from './lib/dtype';
import * as M from './lib/math';
import {
  ABS, CEIL, COS, ELU, ERF, EXP, EXPM1, FLOOR, GELU, LEAKY_RELU, LOG, LOG1P, NEG, RECIPROCAL, RELU, ROUND,
  RSQRT, SIGMOID, SIGN, SIN, SOFTPLUS, SQRT, SQUARE, TANH,
} from './lib/ops';
import { partStart } from './lib/partition';

@inline function f32Op(op: i32, x: v128, alpha: v128): v128 {
  if (op == NEG) return f32x4.neg(x);
  if (op == ABS) return f32x4.abs(x);
  if (op == SIGN) {
    const s = f32x4.sub(v128.and(f32x4.gt(x, f32x4.splat(0)), f32x4.splat(1)), v128.and(f32x4.lt(x, f32x4.splat(0)), f32x4.splat(1)));
    return v128.bitselect(x, s, f32x4.ne(x, x));
  }
  if (op == EXP) return M.vexp(x);
  if (op == LOG) return M.vlog(x);
  if (op == LOG1P) return M.vlog1p(x);
  if (op == EXPM1) return M.vexpm1(x);
  if (op == SQRT) return f32x4.sqrt(x);
  if (op == RSQRT) return f32x4.div(f32x4.splat(1), f32x4.sqrt(x));
  if (op == SQUARE) return f32x4.mul(x, x);
  if (op == RECIPROCAL) return f32x4.div(f32x4.splat(1), x);
  if (op == SIN) return M.vsin(x);
  if (op == COS) return M.vcos(x);
  if (op == TANH) return M.vtanh(x);
  if (op == SIGMOID) return M.vsigmoid(x);
  if (op == RELU) return f32x4.max(x, f32x4.splat(0));
  if (op == LEAKY_RELU) return v128.bitselect(x, f32x4.mul(x, alpha), f32x4.gt(x, f32x4.splat(0)));
  if (op == ELU) return v128.bitselect(x, f32x4.mul(alpha, M.vexpm1(x)), f32x4.gt(x, f32x4.splat(0)));
  if (op == GELU) return M.vgelu(x);
  if (op == SOFTPLUS) return M.vsoftplus(x);
  if (op == ERF) return M.verf(x);
  if (op == FLOOR) return f32x4.floor(x);
  if (op == CEIL) return f32x4.ceil(x);
  if (op == ROUND) return f32x4.nearest(x);
  return x;
}

@inline function i32Op(op: i32, x: v128): v128 {
  if (op == NEG) return i32x4.neg(x);
  if (op == ABS) return i32x4.abs(x);
  if (op == SIGN) return i32x4.sub(v128.and(i32x4.gt_s(x, i32x4.splat(0)), i32x4.splat(1)), v128.and(i32x4.lt_s(x, i32x4.splat(0)), i32x4.splat(1)));
  if (op == SQUARE) return i32x4.mul(x, x);
  if (op == RELU) return i32x4.max_s(x, i32x4.splat(0));
  return x; // floor, ceil, round are the identity on integers
}

@inline function loopF32(op: i32, x: usize, out: usize, s: usize, e: usize, alpha: v128): void {
  for (let i = s; i < e; i += 4) v128.store(out + (i << 2), f32Op(op, v128.load(x + (i << 2)), alpha));
}

@inline function loopI32(op: i32, x: usize, out: usize, s: usize, e: usize): void {
  for (let i = s; i < e; i += 4) v128.store(out + (i << 2), i32Op(op, v128.load(x + (i << 2))));
}

function unaryF32(op: i32, x: usize, out: usize, s: usize, e: usize, alpha: f32): void {
  const a = f32x4.splat(alpha);
  switch (op) {
    case NEG: loopF32(NEG, x, out, s, e, a); break;
    case ABS: loopF32(ABS, x, out, s, e, a); break;
    case SIGN: loopF32(SIGN, x, out, s, e, a); break;
    case EXP: loopF32(EXP, x, out, s, e, a); break;
    case LOG: loopF32(LOG, x, out, s, e, a); break;
    case LOG1P: loopF32(LOG1P, x, out, s, e, a); break;
    case EXPM1: loopF32(EXPM1, x, out, s, e, a); break;
    case SQRT: loopF32(SQRT, x, out, s, e, a); break;
    case RSQRT: loopF32(RSQRT, x, out, s, e, a); break;
    case SQUARE: loopF32(SQUARE, x, out, s, e, a); break;
    case RECIPROCAL: loopF32(RECIPROCAL, x, out, s, e, a); break;
    case SIN: loopF32(SIN, x, out, s, e, a); break;
    case COS: loopF32(COS, x, out, s, e, a); break;
    case TANH: loopF32(TANH, x, out, s, e, a); break;
    case SIGMOID: loopF32(SIGMOID, x, out, s, e, a); break;
    case RELU: loopF32(RELU, x, out, s, e, a); break;
    case LEAKY_RELU: loopF32(LEAKY_RELU, x, out, s, e, a); break;
    case ELU: loopF32(ELU, x, out, s, e, a); break;
    case GELU: loopF32(GELU, x, out, s, e, a); break;
    case SOFTPLUS: loopF32(SOFTPLUS, x, out, s, e, a); break;
    case ERF: loopF32(ERF, x, out, s, e, a); break;
    case FLOOR: loopF32(FLOOR, x, out, s, e, a); break;
    case CEIL: loopF32(CEIL, x, out, s, e, a); break;
    case ROUND: loopF32(ROUND, x, out, s, e, a); break;
    default: break;
  }
}

function unaryI32(op: i32, x: usize, out: usize, s: usize, e: usize): void {
  switch (op) {
    case NEG: loopI32(NEG, x, out, s, e); break;
    case ABS: loopI32(ABS, x, out, s, e); break;
    case SIGN: loopI32(SIGN, x, out, s, e); break;
    case SQUARE: loopI32(SQUARE, x, out, s, e); break;
    case RELU: loopI32(RELU, x, out, s, e); break;
    default: loopI32(-1, x, out, s, e); break;
  }
}

/** logicalNot on bytes, 16 at a time: out = x == 0. */
function logicalNotU8(x: usize, out: usize, s: usize, e: usize): void {
  for (let i = s; i < e; i += 16) v128.store(out + i, v128.and(i8x16.eq(v128.load(x + i), i8x16.splat(0)), i8x16.splat(1)));
}

/** out[i] = op(x[i]) for i in this thread's share of [0, n). dt: 0 f32, 1 i32, 2 bool (logicalNot only). */
export function unary(op: i32, dt: i32, x: usize, out: usize, n: i32, alpha: f32, tid: i32, nth: i32): void {
  const s = <usize>partStart(n, tid, nth);
  const e = <usize>partStart(n, tid + 1, nth);
  if (s >= e) return;
  if (dt == F32) unaryF32(op, x, out, s, e, alpha);
  else if (dt == I32) unaryI32(op, x, out, s, e);
  else logicalNotU8(x, out, s, e);
}
