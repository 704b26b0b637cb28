#include "common.h"
#include "kernels/philox.cuh"
#include "kernels/scalar-math.cuh"
#include "self-test.h"

namespace dendrite {
namespace {

/** A host double as the kernel would hold it in dtype `dtype` (inputs are already valid values of that dtype). */
template <typename F>
double withInput(int dtype, double x, F&& f) {
  if (dtype == kFloat32) return f(static_cast<float>(x));
  if (dtype == kInt32) return f(static_cast<int32_t>(x));
  return f(static_cast<uint8_t>(x != 0 ? 1 : 0));
}

}  // namespace

std::array<uint32_t, 4> selfTestPhilox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1) {
  const PhiloxWords w = philox4x32(c0, c1, c2, c3, k0, k1);
  return {w.w[0], w.w[1], w.w[2], w.w[3]};
}

float selfTestRandom(int kind, uint32_t key0, uint32_t key1, uint64_t offset, uint64_t index, double a, double b) {
  return static_cast<float>(randomValue(kind, key0, key1, offset, index, a, b));
}

double selfTestUnary(int op, int dtype, double x, double alpha) {
  const bool toBool = op == uLogicalNot;
  return withInput(dtype, x, [&](auto v) -> double {
    using In = decltype(v);
    if constexpr (std::is_same_v<In, float>) {
      const float r = unaryFloat(op, v, static_cast<float>(alpha));
      return toBool ? StoreAs<uint8_t>::from(r) : r;
    } else {
      const int32_t r = unaryInt(op, static_cast<int32_t>(v), static_cast<float>(alpha));
      if (toBool || dtype == kBool) return StoreAs<uint8_t>::from(r);
      return r;
    }
  });
}

double selfTestBinary(int op, int dtype, double a, double b) {
  const bool toBool = isCompareOrLogic(op) || dtype == kBool;
  if (dtype == kFloat32) {
    const float r = binaryFloat(op, static_cast<float>(a), static_cast<float>(b));
    return toBool ? StoreAs<uint8_t>::from(r) : r;
  }
  const int32_t r = binaryInt(op, static_cast<int32_t>(a), static_cast<int32_t>(b));
  return toBool ? StoreAs<uint8_t>::from(r) : r;
}

double selfTestCast(int from, int to, double x) {
  return withInput(from, x, [&](auto v) -> double {
    if (to == kFloat32) return StoreAs<float>::from(v);
    if (to == kInt32) return StoreAs<int32_t>::from(v);
    return StoreAs<uint8_t>::from(v);
  });
}

}  // namespace dendrite
