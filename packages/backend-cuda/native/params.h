// The argument list of one kernel launch: the TypeScript side packs device
// pointers, dtypes and geometry into one Float64Array (see src/params.ts) and
// each launcher reads them back in the same order.
#pragma once

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "common.h"

namespace dendrite {

class Params {
 public:
  Params(const double* values, size_t count) : values_(values), count_(count) {}

  double num() {
    if (at_ >= count_) throw std::invalid_argument("launch parameters end after " + std::to_string(count_) + " values");
    return values_[at_++];
  }
  int64_t i64() {
    const double v = num();
    if (v != std::floor(v)) throw std::invalid_argument("launch parameter " + std::to_string(at_ - 1) + " is not an integer: " + std::to_string(v));
    return static_cast<int64_t>(v);
  }
  int i32() { return static_cast<int>(i64()); }
  bool flag() { return num() != 0; }
  /** A device pointer passed as a double (exact: device addresses are below 2^53). */
  template <typename T>
  T* ptr() { return reinterpret_cast<T*>(static_cast<uintptr_t>(i64())); }

  /** rank, shape[rank], then strides[rank] for each of the `Operands` operands. */
  template <int Operands>
  StridedLayout<Operands> layout() {
    StridedLayout<Operands> l{};
    l.rank = i32();
    if (l.rank < 0 || l.rank > kMaxRank) throw std::invalid_argument("layout rank " + std::to_string(l.rank) + " is outside 0.." + std::to_string(kMaxRank));
    for (int d = 0; d < l.rank; d++) l.shape[d] = i64();
    for (int o = 0; o < Operands; o++)
      for (int d = 0; d < l.rank; d++) l.strides[o][d] = i64();
    return l;
  }

 private:
  const double* values_;
  size_t count_;
  size_t at_ = 0;
};

/** Per-backend state a launcher needs. */
struct LaunchContext {
  cudaStream_t stream;
  /** Matmul and convolutions may use TF32 tensor cores (opt-in: about 1e-3 relative error). */
  bool tf32;
  /** Multiprocessors of the device, for split-K decisions. */
  int multiprocessors;
};

}  // namespace dendrite
