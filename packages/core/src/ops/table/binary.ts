// The op table's binary and reduce entries (see unary.ts for what the table
// is and why its order is the wire order).
import type { OpAccuracy } from './unary.js';

/**
 * The dtype family of a binary op: `'arith'` keeps the promoted operand dtype
 * (int32 only where `int`), `'float'` computes int operands in float32,
 * `'compare'` returns bool from any operand dtype, `'logic'` casts both
 * operands to bool.
 */
export type BinaryKind = 'arith' | 'float' | 'compare' | 'logic';

/** One binary op. */
export interface BinarySpec {
  /** The dtype family: how operands are promoted and what the result's dtype is. */
  readonly kind: BinaryKind;
  /** Keeps int32 operands as int32 (arith ops only). */
  readonly int: boolean;
  /** Tens of instructions per element. */
  readonly heavy: boolean;
  /** Float32 accuracy the conformance kit demands (integer and bool results are always exact). */
  readonly accuracy: OpAccuracy;
  /** Whether the op has a gradient. */
  readonly differentiable: boolean;
}

const arith = (accuracy: OpAccuracy = 'basic', heavy = false): BinarySpec => ({ kind: 'arith', int: true, heavy, accuracy, differentiable: true });
const compare: BinarySpec = { kind: 'compare', int: true, heavy: false, accuracy: 'exact', differentiable: false };
const logic: BinarySpec = { kind: 'logic', int: false, heavy: false, accuracy: 'exact', differentiable: false };

/** Every binary op, in wire order. */
export const BINARY_TABLE = {
  add: arith(),
  sub: arith(),
  mul: arith(),
  div: { kind: 'float', int: false, heavy: false, accuracy: 'basic', differentiable: true },
  pow: { kind: 'float', int: false, heavy: true, accuracy: 'transcendental', differentiable: true },
  maximum: arith('exact'),
  minimum: arith('exact'),
  mod: arith('basic', true),
  eq: compare,
  ne: compare,
  lt: compare,
  le: compare,
  gt: compare,
  ge: compare,
  logicalAnd: logic,
  logicalOr: logic,
  logicalXor: logic,
} as const satisfies Record<string, BinarySpec>;

/**
 * Elementwise binary kernels with NumPy broadcasting of both inputs to the
 * output shape. Arithmetic ops keep the input dtype; comparisons and logic
 * ops write `bool`. `mod` is the floored modulo (sign of the divisor), as
 * `torch.remainder`; `div` on int32 inputs is never asked for (the core casts
 * to float32 first).
 */
export type BinaryOp = keyof typeof BINARY_TABLE;

/** Every binary op in wire order (an op's kernel code is its index). */
export const BINARY_OPS = Object.keys(BINARY_TABLE) as readonly BinaryOp[];

/**
 * The table entry of a binary op.
 *
 * @example
 * ```ts
 * binarySpec('lt').kind; // 'compare'
 * ```
 */
export function binarySpec(op: BinaryOp): BinarySpec {
  return BINARY_TABLE[op];
}

/** Reductions, in wire order. Empty reductions give sum 0, prod 1, max -Inf, min +Inf, all true, any false. */
export const REDUCE_OPS = ['sum', 'prod', 'max', 'min', 'all', 'any'] as const;

/** A reduction of the contract's `reduce` kernel. */
export type ReduceOp = (typeof REDUCE_OPS)[number];
