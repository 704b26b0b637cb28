// GENERATED from packages/core/src/ops/table by `npm run gen:ops`; do not edit. An op's code is its index in the table.

// unary
export const NEG: i32 = 0;
export const ABS: i32 = 1;
export const SIGN: i32 = 2;
export const EXP: i32 = 3;
export const LOG: i32 = 4;
export const LOG1P: i32 = 5;
export const EXPM1: i32 = 6;
export const SQRT: i32 = 7;
export const RSQRT: i32 = 8;
export const SQUARE: i32 = 9;
export const RECIPROCAL: i32 = 10;
export const SIN: i32 = 11;
export const COS: i32 = 12;
export const TANH: i32 = 13;
export const SIGMOID: i32 = 14;
export const RELU: i32 = 15;
export const LEAKY_RELU: i32 = 16;
export const ELU: i32 = 17;
export const GELU: i32 = 18;
export const SOFTPLUS: i32 = 19;
export const ERF: i32 = 20;
export const FLOOR: i32 = 21;
export const CEIL: i32 = 22;
export const ROUND: i32 = 23;
export const LOGICAL_NOT: i32 = 24;

// binary
export const ADD: i32 = 0;
export const SUB: i32 = 1;
export const MUL: i32 = 2;
export const DIV: i32 = 3;
export const POW: i32 = 4;
export const MAXIMUM: i32 = 5;
export const MINIMUM: i32 = 6;
export const MOD: i32 = 7;
export const EQ: i32 = 8;
export const NE: i32 = 9;
export const LT: i32 = 10;
export const LE: i32 = 11;
export const GT: i32 = 12;
export const GE: i32 = 13;
export const LOGICAL_AND: i32 = 14;
export const LOGICAL_OR: i32 = 15;
export const LOGICAL_XOR: i32 = 16;

// reduce
export const SUM: i32 = 0;
export const PROD: i32 = 1;
export const MAX: i32 = 2;
export const MIN: i32 = 3;
export const ALL: i32 = 4;
export const ANY: i32 = 5;
