import { BINARY_OPS, type BinaryOp, type DType, REDUCE_OPS, type ReduceOp, UNARY_OPS, type UnaryOp } from '@dendrite/core';

// Codes passed to the wasm kernels; assembly/lib/dtype.ts and
// assembly/lib/ops.ts define the same numbers (op codes follow the
// contract's UNARY_OPS / BINARY_OPS / REDUCE_OPS order).

/** Dtype code of the kernels: 0 float32, 1 int32, 2 bool. */
export function dtypeCode(dtype: DType): number {
  return dtype === 'float32' ? 0 : dtype === 'int32' ? 1 : 2;
}

/** Bytes per element. */
export function elementBytes(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

export const unaryCode = (op: UnaryOp): number => UNARY_OPS.indexOf(op);
export const binaryCode = (op: BinaryOp): number => BINARY_OPS.indexOf(op);
export const reduceCode = (op: ReduceOp): number => REDUCE_OPS.indexOf(op);
