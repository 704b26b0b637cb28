// The op table's unary entries: every fact about an elementwise unary op that
// more than one place needs (the kernel code, which dtypes it takes, its cost,
// what its backward saves, where its inputs are valid, how exact a backend
// must be). Data only, no imports of the op library: backends, the conformance
// kit and the code generator (scripts/gen-op-codes) read it; ops/unary.ts
// binds each entry to its gradient formula.
//
// The entry ORDER is the wire order: an op's code is its index here, shared
// with AssemblyScript, C++ and WGSL through generated files (see
// docs/adding-an-op.md). Append new ops at the end.

/** A half-open range of valid float inputs, optionally keeping |x| >= minAbs. */
export interface OpDomain {
  /** Lower bound (included). */
  lo: number;
  /** Upper bound (excluded). */
  hi: number;
  /** Smallest |x| drawn (away from a pole or kink at 0); default none. */
  minAbs?: number;
}

/** How exactly a backend must reproduce the float64 reference. */
export type OpAccuracy = 'exact' | 'basic' | 'transcendental';

/**
 * What the backward of an op reads: `'none'` (not differentiable: bool
 * result), `'zero'` (piecewise constant: zero gradient), `'nothing'` (the
 * gradient needs neither input nor output), `'input'` or `'output'` (the
 * output is saved instead of re-running the forward kernel in backward).
 */
export type GradSaves = 'none' | 'zero' | 'nothing' | 'input' | 'output';

/** Where gradcheck samples an op's input: anywhere, positive, or with |x| >= 0.2 (away from a kink at 0). */
export type GradSample = 'any' | 'positive' | 'awayFromZero';

/** One unary op. */
export interface UnarySpec {
  /** Takes int32 and keeps it (otherwise int32 and bool inputs are cast to float32 by the core). */
  readonly int: boolean;
  /** Tens of instructions per element: backends thread it at smaller sizes. */
  readonly heavy: boolean;
  /** Float32 accuracy the conformance kit demands of backends. */
  readonly accuracy: OpAccuracy;
  /** Conformance inputs (default ±[0.1, 5]). */
  readonly domain?: OpDomain;
  /** What the backward reads (and so what the forward saves). */
  readonly grad: GradSaves;
  /** Where gradcheck samples the input. */
  readonly gradSample: GradSample;
  /** The op's scalar attribute (the kernel's `alpha`): its default and the value the kits test with. */
  readonly alpha?: { readonly default: number; readonly sample: number };
}

const exact = (int: boolean, grad: GradSaves, gradSample: GradSample = 'any'): UnarySpec => ({ int, heavy: false, accuracy: 'exact', grad, gradSample });
const basic = (grad: GradSaves, domain?: OpDomain, gradSample: GradSample = 'any'): UnarySpec => ({ int: false, heavy: false, accuracy: 'basic', grad, gradSample, domain });
const heavy = (grad: GradSaves, domain?: OpDomain, gradSample: GradSample = 'any'): UnarySpec => ({ int: false, heavy: true, accuracy: 'transcendental', grad, gradSample, domain });
const POSITIVE: OpDomain = { lo: 0.05, hi: 20 };

/** Every unary op, in wire order. */
export const UNARY_TABLE = {
  neg: exact(true, 'nothing'),
  abs: exact(true, 'input', 'awayFromZero'),
  sign: exact(true, 'zero'),
  exp: heavy('output', { lo: -8, hi: 8 }),
  log: heavy('input', POSITIVE, 'positive'),
  log1p: heavy('input', { lo: -0.9, hi: 5 }, 'positive'),
  expm1: heavy('output', { lo: -3, hi: 3 }),
  sqrt: { ...basic('output', POSITIVE, 'positive') },
  rsqrt: { ...basic('output', POSITIVE, 'positive') },
  square: { ...basic('input'), int: true },
  reciprocal: basic('output', { lo: -5, hi: 5, minAbs: 0.2 }, 'awayFromZero'),
  sin: heavy('input', { lo: -6, hi: 6 }),
  cos: heavy('input', { lo: -6, hi: 6 }),
  tanh: heavy('output'),
  sigmoid: heavy('output'),
  relu: exact(true, 'output', 'awayFromZero'),
  leakyRelu: { ...basic('input', undefined, 'awayFromZero'), alpha: { default: 0.01, sample: 0.2 } },
  elu: { ...heavy('input', undefined, 'awayFromZero'), alpha: { default: 1, sample: 1.5 } },
  gelu: heavy('input'),
  softplus: heavy('input'),
  erf: heavy('input'),
  floor: { ...exact(true, 'zero'), domain: { lo: -10, hi: 10 } },
  ceil: { ...exact(true, 'zero'), domain: { lo: -10, hi: 10 } },
  round: exact(true, 'zero'),
  logicalNot: exact(false, 'none'),
} as const satisfies Record<string, UnarySpec>;

/** Elementwise unary kernels (the contract's `unary`). `alpha` is used by leakyRelu (slope) and elu. */
export type UnaryOp = keyof typeof UNARY_TABLE;

/** Every unary op in wire order (an op's kernel code is its index). */
export const UNARY_OPS = Object.keys(UNARY_TABLE) as readonly UnaryOp[];

/**
 * The table entry of a unary op.
 *
 * @example
 * ```ts
 * unarySpec('relu').int; // true: relu keeps int32
 * ```
 */
export function unarySpec(op: UnaryOp): UnarySpec {
  return UNARY_TABLE[op];
}
