// Philox4x32-10 and the contract's distributions, bit-identical to the core's
// random/philox.ts: element i uses counter [(offset + i) mod 2^32,
// (offset + i) / 2^32, 0, 0]. The formulas run in double, as the core's do,
// so the float32 results match the core's exactly (uniform, bernoulli) or
// to the last bit of the double library functions (normal).
#pragma once

#include <cstdint>

namespace dendrite {

enum RandomKind : int { kUniform = 0, kNormal = 1, kBernoulli = 2 };

struct PhiloxWords {
  uint32_t w[4];
};

__host__ __device__ inline uint32_t mulhi32(uint32_t a, uint32_t b) {
  return static_cast<uint32_t>((static_cast<uint64_t>(a) * b) >> 32);
}

__host__ __device__ inline PhiloxWords philox4x32(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1) {
  for (int r = 0; r < 10; r++) {
    if (r > 0) {
      k0 += 0x9e3779b9u;
      k1 += 0xbb67ae85u;
    }
    const uint32_t hi0 = mulhi32(0xd2511f53u, c0), lo0 = 0xd2511f53u * c0;
    const uint32_t hi1 = mulhi32(0xcd9e8d57u, c2), lo1 = 0xcd9e8d57u * c2;
    const uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
  }
  return PhiloxWords{{c0, c1, c2, c3}};
}

/** Element `index` of a random tensor with the given attributes, before the float32 store. */
__host__ __device__ inline double randomValue(int kind, uint32_t key0, uint32_t key1, uint64_t offset, uint64_t index, double a, double b) {
  const uint64_t c = offset + index;
  const PhiloxWords w = philox4x32(static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), 0, 0, key0, key1);
  const double twoPowM24 = 1.0 / 16777216.0;
  if (kind == kUniform) return a + (b - a) * ((w.w[0] >> 8) * twoPowM24);
  if (kind == kBernoulli) return (w.w[0] >> 8) * twoPowM24 < a ? 1.0 : 0.0;
  const double u1 = ((w.w[0] >> 8) + 1) * twoPowM24;
  const double u2 = (w.w[1] >> 8) * twoPowM24;
  return a + b * sqrt(-2.0 * log(u1)) * cos(2.0 * 3.141592653589793 * u2);
}

}  // namespace dendrite
