import { BINARY_TABLE, type BinaryOp, DTypeError, type TensorInfo, UNARY_TABLE, type UnaryOp, fmtShape, shapesEqual as sameDims, sizeOf } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { binaryCode, dtypeCode, unaryCode } from './codes.js';
import { launch } from './launch.js';
import { broadcastStrides, coalesce } from './layout.js';
import { writeFlatMeta, writeMeta } from './meta.js';

// Which dtypes each op takes and which ops are heavy (tens of instructions per element: worth threads at
// smaller sizes) come from the core's op table.

const ptr = (t: TensorInfo) => (t.handle as WasmBuffer).ptr;

/** The contract's `unary` kernel. */
export function unary(rt: WasmRuntime, x: TensorInfo, out: TensorInfo, op: UnaryOp, alpha: number): void {
  const ok = op === 'logicalNot' ? x.dtype === 'bool' : x.dtype === 'float32' || (x.dtype === 'int32' && UNARY_TABLE[op].int);
  if (!ok) throw new DTypeError(`wasm unary '${op}': unsupported input dtype ${x.dtype} ${fmtShape(x.shape)}`);
  const n = sizeOf(x.shape);
  if (n === 0) return;
  launch(rt, 'unary', [unaryCode(op), dtypeCode(x.dtype), ptr(x), ptr(out), n, alpha], UNARY_TABLE[op].heavy ? n * 16 : n);
}

function checkBinaryDTypes(a: TensorInfo, b: TensorInfo, op: BinaryOp): void {
  if (a.dtype !== b.dtype) throw new DTypeError(`wasm binary '${op}': operands differ in dtype: a ${a.dtype} ${fmtShape(a.shape)}, b ${b.dtype} ${fmtShape(b.shape)}`);
  const dt = a.dtype;
  const spec = BINARY_TABLE[op];
  const ok = spec.kind === 'logic' ? dt === 'bool' : spec.kind === 'compare' || dt === 'float32' || (dt === 'int32' && spec.int);
  if (!ok) throw new DTypeError(`wasm binary '${op}': unsupported operand dtype ${dt} (a ${fmtShape(a.shape)}, b ${fmtShape(b.shape)})`);
}

/** The contract's `binary` kernel: NumPy broadcasting through coalesced strides. */
export function binary(rt: WasmRuntime, a: TensorInfo, b: TensorInfo, out: TensorInfo, op: BinaryOp): void {
  checkBinaryDTypes(a, b, op);
  const n = sizeOf(out.shape);
  if (n === 0) return;
  // Same shapes (most calls): one contiguous run, no broadcast strides to build or coalesce.
  let rank = 1;
  let meta: number;
  if (sameDims(a.shape, out.shape) && sameDims(b.shape, out.shape)) meta = writeFlatMeta(rt, n, 'binary');
  else [rank, meta] = writeMeta(rt, coalesce(out.shape, [broadcastStrides(a.shape, out.shape), broadcastStrides(b.shape, out.shape)]), `binary '${op}'`);
  launch(rt, 'binary', [binaryCode(op), dtypeCode(a.dtype), ptr(a), ptr(b), ptr(out), rank, meta], BINARY_TABLE[op].heavy ? n * 16 : n);
}

/** The contract's `where` kernel. */
export function where(rt: WasmRuntime, cond: TensorInfo, a: TensorInfo, b: TensorInfo, out: TensorInfo): void {
  if (cond.dtype !== 'bool') throw new DTypeError(`wasm where: 'cond' must be bool, got ${cond.dtype} ${fmtShape(cond.shape)}`);
  if (a.dtype !== b.dtype) throw new DTypeError(`wasm where: 'a' and 'b' differ in dtype: ${a.dtype} ${fmtShape(a.shape)} vs ${b.dtype} ${fmtShape(b.shape)}`);
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const space = coalesce(out.shape, [cond, a, b].map((t) => broadcastStrides(t.shape, out.shape)));
  const [rank, meta] = writeMeta(rt, space, 'where');
  launch(rt, 'where', [ptr(cond), ptr(a), ptr(b), ptr(out), a.dtype === 'bool' ? 1 : 4, rank, meta], n);
}

/** The contract's `cast` kernel. */
export function cast(rt: WasmRuntime, x: TensorInfo, out: TensorInfo): void {
  const n = sizeOf(x.shape);
  if (n === 0) return;
  launch(rt, 'cast', [ptr(x), ptr(out), n, dtypeCode(x.dtype), dtypeCode(out.dtype)], n);
}

/** Bit pattern of `value` as one element of `dtype` (what the fill kernel stores). */
// One shared scratch word: fill runs on every scalar operand, so no typed arrays per call.
const F32_WORD = new Float32Array(1);
const I32_WORD = new Int32Array(F32_WORD.buffer);

export function elementBits(dtype: TensorInfo['dtype'], value: number): number {
  if (dtype === 'float32') {
    F32_WORD[0] = value;
    return I32_WORD[0];
  }
  if (dtype === 'int32') return value | 0;
  return value !== 0 && !Number.isNaN(value) ? 1 : 0;
}

/** The contract's `fill` kernel. */
export function fill(rt: WasmRuntime, out: TensorInfo, value: number): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  launch(rt, 'fill', [ptr(out), n, out.dtype === 'bool' ? 1 : 4, elementBits(out.dtype, value)], n);
}
