// Elementwise math of the contract as __host__ __device__ functions, so the
// exact code the kernels run is also callable on the CPU (the addon's
// `selfTest` export), where tests compare it with the core's reference.
// Op codes (UnaryCode, BinaryCode, ReduceCode) come from the core's op table
// through the generated op-codes.h.
#pragma once

#include <cmath>
#include <cstdint>

#include "../common.h"
#include "op-codes.h"

namespace dendrite {

/** Float → int32 truncating toward zero, saturating, NaN → 0 (the contract's cast). */
__host__ __device__ inline int32_t truncToInt32(double v) {
  if (v != v) return 0;
  if (v <= -2147483648.0) return INT32_MIN;
  if (v >= 2147483647.0) return INT32_MAX;
  return static_cast<int32_t>(v);
}

/** NaN-propagating max/min (torch.maximum): NaN if either is NaN. */
__host__ __device__ inline float maxPropagate(float a, float b) { return (a != a || b != b) ? NAN : (a > b ? a : b); }
__host__ __device__ inline float minPropagate(float a, float b) { return (a != a || b != b) ? NAN : (a < b ? a : b); }

__host__ __device__ inline float unaryFloat(int op, float x, float alpha) {
  switch (op) {
    case uNeg: return -x;
    case uAbs: return fabsf(x);
    case uSign: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x);  // keeps ±0 and NaN, as Math.sign
    case uExp: return expf(x);
    case uLog: return logf(x);
    case uLog1p: return log1pf(x);
    case uExpm1: return expm1f(x);
    case uSqrt: return sqrtf(x);
    case uRsqrt: return 1.0f / sqrtf(x);
    case uSquare: return x * x;
    case uReciprocal: return 1.0f / x;
    case uSin: return sinf(x);
    case uCos: return cosf(x);
    case uTanh: return tanhf(x);
    case uSigmoid: return 1.0f / (1.0f + expf(-x));
    case uRelu: return x != x ? x : (x > 0.0f ? x : 0.0f);  // NaN stays NaN, as torch.relu
    case uLeakyRelu: return x > 0.0f ? x : alpha * x;
    case uElu: return x > 0.0f ? x : alpha * expm1f(x);
    // erfc form: 1 + erf(x/√2) cancels for negative x, erfc(−x/√2) does not.
    case uGelu: return 0.5f * x * erfcf(x * -0.70710678118654752f);
    case uSoftplus: return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x)));
    case uErf: return erff(x);
    case uFloor: return floorf(x);
    case uCeil: return ceilf(x);
    case uRound: return rintf(x);  // the default rounding mode: half to even
    case uLogicalNot: return x == 0.0f ? 1.0f : 0.0f;
    default: return NAN;
  }
}

/** int32 unary ops wrap modulo 2^32; ops without an integer form go through float and truncate. */
__host__ __device__ inline int32_t unaryInt(int op, int32_t x, float alpha) {
  const uint32_t u = static_cast<uint32_t>(x);
  switch (op) {
    case uNeg: return static_cast<int32_t>(0u - u);
    case uAbs: return x < 0 ? static_cast<int32_t>(0u - u) : x;
    case uSign: return x > 0 ? 1 : (x < 0 ? -1 : 0);
    case uSquare: return static_cast<int32_t>(u * u);
    case uFloor:
    case uCeil:
    case uRound: return x;
    case uRelu: return x > 0 ? x : 0;
    case uLogicalNot: return x == 0 ? 1 : 0;
    default: return truncToInt32(static_cast<double>(unaryFloat(op, static_cast<float>(x), alpha)));
  }
}

/** C's powf semantics are the contract's (pow(1, y) = 1, pow(x, ±0) = 1). */
__host__ __device__ inline float flooredModFloat(float a, float b) {
  const float r = fmodf(a, b);
  return (r != 0.0f && ((r < 0.0f) != (b < 0.0f))) ? r + b : r;
}

__host__ __device__ inline int32_t flooredModInt(int32_t a, int32_t b) {
  if (b == 0 || b == -1) return 0;  // b = -1: every remainder is 0, and INT32_MIN % -1 traps in C
  const int32_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

__host__ __device__ inline int32_t powInt(int32_t base, int32_t exp) {
  if (exp < 0) {
    if (base == 1) return 1;
    if (base == -1) return (exp % 2 == 0) ? 1 : -1;
    return 0;
  }
  uint32_t result = 1, b = static_cast<uint32_t>(base);
  uint32_t e = static_cast<uint32_t>(exp);
  while (e > 0) {
    if (e & 1u) result *= b;
    b *= b;
    e >>= 1;
  }
  return static_cast<int32_t>(result);
}

/** Comparisons and logic ops on any dtype (values widened to float or kept as int). */
template <typename T>
__host__ __device__ inline bool compareOrLogic(int op, T a, T b) {
  switch (op) {
    case bEq: return a == b;
    case bNe: return a != b;
    case bLt: return a < b;
    case bLe: return a <= b;
    case bGt: return a > b;
    case bGe: return a >= b;
    case bLogicalAnd: return a != T(0) && b != T(0);
    case bLogicalOr: return a != T(0) || b != T(0);
    case bLogicalXor: return (a != T(0)) != (b != T(0));
    default: return false;
  }
}

__host__ __device__ inline bool isCompareOrLogic(int op) { return op >= bEq; }

__host__ __device__ inline float binaryFloat(int op, float a, float b) {
  switch (op) {
    case bAdd: return a + b;
    case bSub: return a - b;
    case bMul: return a * b;
    case bDiv: return a / b;
    case bPow: return powf(a, b);
    case bMaximum: return maxPropagate(a, b);
    case bMinimum: return minPropagate(a, b);
    case bMod: return flooredModFloat(a, b);
    default: return compareOrLogic(op, a, b) ? 1.0f : 0.0f;
  }
}

__host__ __device__ inline int32_t binaryInt(int op, int32_t a, int32_t b) {
  const uint32_t ua = static_cast<uint32_t>(a), ub = static_cast<uint32_t>(b);
  switch (op) {
    case bAdd: return static_cast<int32_t>(ua + ub);
    case bSub: return static_cast<int32_t>(ua - ub);
    case bMul: return static_cast<int32_t>(ua * ub);
    case bDiv: return b == 0 ? 0 : (b == -1 ? static_cast<int32_t>(0u - ua) : a / b);
    case bPow: return powInt(a, b);
    case bMaximum: return a > b ? a : b;
    case bMinimum: return a < b ? a : b;
    case bMod: return flooredModInt(a, b);
    default: return compareOrLogic(op, a, b) ? 1 : 0;
  }
}

}  // namespace dendrite
