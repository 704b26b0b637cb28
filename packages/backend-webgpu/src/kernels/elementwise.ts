// Elementwise kernels: unary, binary (with broadcasting), where and cast.
// Values compute as f32 for float32 and float16 inputs and as i32 for int32
// and bool inputs; the result is stored in the output dtype (bool as u32 0/1,
// float16 rounded once from the f32 result).
import { type BinaryOp, type DType, DTypeError, isFloatDType, sizeOf, type TensorInfo, type UNARY_TABLE, type UnaryOp } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { halfHelpers, storeFloat } from '../wgsl/half.js';
import { MATH } from '../wgsl/math.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { broadcastStrides, bufferOf, storageType } from './layout.js';
import { Params } from './params.js';

/** Float unary ops on `v` (f32) with `alpha` (f32). */
const FLOAT_UNARY: Record<UnaryOp, string> = {
  neg: '-v', abs: 'abs(v)', sign: 'signF(v)', exp: 'exp(v)', log: 'logF(v)', log1p: 'log1pF(v)',
  expm1: 'expm1F(v)', sqrt: 'sqrtF(v)', rsqrt: '1.0 / sqrtF(v)', square: 'v * v', reciprocal: '1.0 / v',
  sin: 'sin(v)', cos: 'cos(v)', tanh: 'tanhF(v)', sigmoid: 'sigmoidF(v)',
  relu: 'select(0.0, v, v > 0.0 || isNan(v))', leakyRelu: 'select(alpha * v, v, v > 0.0)',
  elu: 'select(alpha * expm1F(v), v, v > 0.0)', gelu: 'geluF(v)', softplus: 'softplusF(v)', erf: 'erfF(v)',
  floor: 'floor(v)', ceil: 'ceil(v)', round: 'round(v)', logicalNot: 'select(0.0, 1.0, v == 0.0)',
};

/** The unary ops the core's op table runs on int32. */
type IntUnaryOp = { [K in UnaryOp]: (typeof UNARY_TABLE)[K]['int'] extends true ? K : never }[UnaryOp];

/** int32 unary ops that stay integral (wrapping), one per int op of the table, plus logicalNot on bool; the others go through f32. */
const INT_UNARY: Record<IntUnaryOp | 'logicalNot', string> & Partial<Record<UnaryOp, string>> = {
  neg: '-v', abs: 'abs(v)', sign: 'sign(v)', square: 'v * v', floor: 'v', ceil: 'v', round: 'v',
  relu: 'max(v, 0)', logicalNot: 'select(0, 1, v == 0)',
};

/** The type a dtype computes in: f32 for the floats, i32 for int32 and bool. */
function computeType(dtype: DType): 'f32' | 'i32' {
  return isFloatDType(dtype) ? 'f32' : 'i32';
}

/** WGSL that loads element `idx` of binding `name` as its compute type (f16 widens exactly to f32). */
function load(name: string, dtype: DType, idx: string): string {
  if (dtype === 'bool') return `i32(${name}[${idx}])`;
  if (dtype === 'float16') return `f32(${name}[${idx}])`;
  return `${name}[${idx}]`;
}

/**
 * WGSL that converts compute value `r` (of type f32 or i32) to the storage
 * type of `dtype`. int32 → float16 goes through f32 exactly: every int32 that
 * is not beyond the half range (±65520) is exact in f32.
 */
function store(r: string, from: 'f32' | 'i32', dtype: DType): string {
  if (dtype === 'bool') return from === 'f32' ? `select(0u, 1u, !(${r} == 0.0))` : `select(0u, 1u, ${r} != 0)`;
  if (isFloatDType(dtype)) return storeFloat(from === 'f32' ? r : `f32(${r})`, dtype);
  return from === 'f32' ? `toI32(${r})` : r;
}

function unaryShader(op: UnaryOp, xd: DType, od: DType): string {
  const intPath = !isFloatDType(xd);
  const intExpr = intPath ? INT_UNARY[op] : undefined;
  let body: string;
  if (!intPath) body = `let v = ${load('x', xd, 'i')};\n  let r = ${FLOAT_UNARY[op]};\n  out[i] = ${store('r', 'f32', od)};`;
  else if (intExpr) body = `let v = ${load('x', xd, 'i')};\n  let r = ${intExpr};\n  out[i] = ${store('r', 'i32', od)};`;
  else body = `let v = f32(${load('x', xd, 'i')});\n  let r = ${FLOAT_UNARY[op]};\n  out[i] = ${store('r', 'f32', od)};`;
  return `${PRELUDE}${MATH}${halfHelpers([xd, od])}
@group(0) @binding(1) var<storage, read_write> out: array<${storageType(od)}>;
@group(0) @binding(2) var<storage, read> x: array<${storageType(xd)}>;
${MAIN_1D}
  let alpha = pf(1);
  ${body}
}`;
}

/** The contract's `unary` kernel. */
export function unary(rt: GPURuntime, x: TensorInfo, out: TensorInfo, op: UnaryOp, alpha: number): void {
  if (!(op in FLOAT_UNARY)) throw new DTypeError(`webgpu unary: unknown op '${String(op)}'`);
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const p = new Params().u32(n).f32(alpha);
  rt.dispatch(rt.shader(`unary:${op}:${x.dtype}:${out.dtype}`, () => unaryShader(op, x.dtype, out.dtype)), [bufferOf(out, 'unary', 'out'), bufferOf(x, 'unary', 'x')], p.words(), rt.grid1d(n));
}

const COMPARE: Partial<Record<BinaryOp, string>> = {
  eq: 'a == b', ne: '!(a == b)', lt: 'a < b', le: 'a <= b', gt: 'a > b', ge: 'a >= b',
};

function logic(op: BinaryOp, zero: string): string | undefined {
  const ta = `!(a == ${zero})`;
  const tb = `!(b == ${zero})`;
  if (op === 'logicalAnd') return `${ta} && ${tb}`;
  if (op === 'logicalOr') return `${ta} || ${tb}`;
  if (op === 'logicalXor') return `(${ta}) != (${tb})`;
  return undefined;
}

const FLOAT_BINARY: Partial<Record<BinaryOp, string>> = {
  add: 'a + b', sub: 'a - b', mul: 'a * b', div: 'a / b', pow: 'powF(a, b)', maximum: 'maxF(a, b)',
  minimum: 'minF(a, b)', mod: 'modF(a, b)',
};

const INT_BINARY: Partial<Record<BinaryOp, string>> = {
  add: 'a + b', sub: 'a - b', mul: 'a * b', div: 'select(a / b, 0, b == 0)', pow: 'powI(a, b)',
  maximum: 'max(a, b)', minimum: 'min(a, b)', mod: 'modI(a, b)',
};

/** WGSL that computes offset of input `k` (0 or 1) for output index i, or i itself when it is not broadcast. */
function inputOffset(k: number): string {
  return `select(u32(stridedOffset(i, P[1], 4u, 4u + (${k + 1}u) * P[1])), i, P[${2 + k}] == 1u)`;
}

function binaryShader(op: BinaryOp, dt: DType, od: DType): string {
  const from = computeType(dt);
  const cmp = COMPARE[op] ?? logic(op, from === 'f32' ? '0.0' : '0');
  const arith = (from === 'f32' ? FLOAT_BINARY : INT_BINARY)[op];
  const result = cmp ? `select(0u, 1u, ${cmp})` : store(arith as string, from, od);
  const outType = cmp ? 'u32' : storageType(od);
  return `${PRELUDE}${MATH}${halfHelpers([dt, od])}
@group(0) @binding(1) var<storage, read_write> out: array<${outType}>;
@group(0) @binding(2) var<storage, read> A: array<${storageType(dt)}>;
@group(0) @binding(3) var<storage, read> B: array<${storageType(dt)}>;
${MAIN_1D}
  let a = ${load('A', dt, inputOffset(0))};
  let b = ${load('B', dt, inputOffset(1))};
  out[i] = ${result};
}`;
}

/** Params of a broadcast kernel: n, rank, per-input "same shape as out" flags, out shape, then each input's broadcast strides. */
function broadcastParams(inputs: readonly TensorInfo[], out: TensorInfo): Params {
  const n = sizeOf(out.shape);
  const p = new Params().u32(n).u32(out.shape.length);
  for (const t of inputs) p.u32(sizeOf(t.shape) === n ? 1 : 0);
  p.list(out.shape);
  for (const t of inputs) p.list(broadcastStrides(t.shape, out.shape));
  return p;
}

/** The contract's `binary` kernel. */
export function binary(rt: GPURuntime, a: TensorInfo, b: TensorInfo, out: TensorInfo, op: BinaryOp): void {
  if (a.dtype !== b.dtype) throw new DTypeError(`webgpu binary(${op}): 'a' is ${a.dtype} but 'b' is ${b.dtype}`);
  if (!(op in COMPARE) && !(op in FLOAT_BINARY) && !op.startsWith('logical')) throw new DTypeError(`webgpu binary: unknown op '${String(op)}'`);
  const n = sizeOf(out.shape);
  if (n === 0) return;
  // Binary params put the two flags at P[2], P[3] and the shape at P[4].
  const p = broadcastParams([a, b], out);
  const buffers = [bufferOf(out, 'binary', 'out'), bufferOf(a, 'binary', 'a'), bufferOf(b, 'binary', 'b')];
  rt.dispatch(rt.shader(`binary:${op}:${a.dtype}:${out.dtype}`, () => binaryShader(op, a.dtype, out.dtype)), buffers, p.words(), rt.grid1d(n));
}

/**
 * where moves whole elements: 32-bit words for float32/int32/bool, f16 for
 * float16 (cond stays a u32 bool; two halves share a word, so never a word copy).
 */
const whereShader = (et: 'u32' | 'f16'): string => `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<${et}>;
@group(0) @binding(2) var<storage, read> C: array<u32>;
@group(0) @binding(3) var<storage, read> A: array<${et}>;
@group(0) @binding(4) var<storage, read> B: array<${et}>;
${MAIN_1D}
  let rank = P[1];
  let c = select(u32(stridedOffset(i, rank, 5u, 5u + rank)), i, P[2] == 1u);
  let a = select(u32(stridedOffset(i, rank, 5u, 5u + 2u * rank)), i, P[3] == 1u);
  let b = select(u32(stridedOffset(i, rank, 5u, 5u + 3u * rank)), i, P[4] == 1u);
  out[i] = select(B[b], A[a], C[c] != 0u);
}`;

/** The contract's `where` kernel (moves elements unchanged, so any dtype). */
export function where(rt: GPURuntime, cond: TensorInfo, a: TensorInfo, b: TensorInfo, out: TensorInfo): void {
  if (a.dtype !== out.dtype || b.dtype !== out.dtype) {
    throw new DTypeError(`webgpu where: 'a' (${a.dtype}) and 'b' (${b.dtype}) must have out's dtype (${out.dtype})`);
  }
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const p = broadcastParams([cond, a, b], out);
  const buffers = [bufferOf(out, 'where', 'out'), bufferOf(cond, 'where', 'cond'), bufferOf(a, 'where', 'a'), bufferOf(b, 'where', 'b')];
  rt.dispatch(whereShader(out.dtype === 'float16' ? 'f16' : 'u32'), buffers, p.words(), rt.grid1d(n));
}

function castShader(xd: DType, od: DType): string {
  const from = computeType(xd);
  return `${PRELUDE}${MATH}${halfHelpers([xd, od])}
@group(0) @binding(1) var<storage, read_write> out: array<${storageType(od)}>;
@group(0) @binding(2) var<storage, read> x: array<${storageType(xd)}>;
${MAIN_1D}
  let v = ${load('x', xd, 'i')};
  out[i] = ${store('v', from, od)};
}`;
}

/** The contract's `cast` kernel (float→int truncates and saturates, NaN→0; to bool: x ≠ 0). */
export function cast(rt: GPURuntime, x: TensorInfo, out: TensorInfo): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const p = new Params().u32(n);
  rt.dispatch(rt.shader(`cast:${x.dtype}:${out.dtype}`, () => castShader(x.dtype, out.dtype)), [bufferOf(out, 'cast', 'out'), bufferOf(x, 'cast', 'x')], p.words(), rt.grid1d(n));
}
