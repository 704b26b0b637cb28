// Shared definitions of the addon: dtype codes, CUDA status checking and the
// small structs every kernel launcher receives. Host and device code include it.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace dendrite {

/** Dtype codes; must match DTYPE_CODES in src/native.ts. */
enum DType : int { kFloat32 = 0, kInt32 = 1, kBool = 2 };

inline int bytesOf(int dtype) { return dtype == kBool ? 1 : 4; }

/** The most dimensions a kernel indexes after the TypeScript side merged contiguous ones. */
constexpr int kMaxRank = 8;

/** A failed CUDA call: its name and the runtime's message. */
class CudaError : public std::runtime_error {
 public:
  CudaError(const std::string& call, cudaError_t status)
      : std::runtime_error(call + " failed: " + cudaGetErrorName(status) + ": " + cudaGetErrorString(status)) {}
};

/** Throws CudaError naming `call` unless `status` is cudaSuccess. */
inline void check(cudaError_t status, const char* call) {
  if (status != cudaSuccess) throw CudaError(call, status);
}

/** Checks a runtime call, naming it in the error: CUDA_CHECK(cudaMalloc(&p, n)). */
#define CUDA_CHECK(expr) ::dendrite::check((expr), #expr)

/** Checks the launch just made (configuration errors show at once; faults at the next sync). */
inline void checkLaunch(const char* kernel) {
  cudaError_t status = cudaGetLastError();
  if (status != cudaSuccess) throw CudaError(std::string("kernel launch ") + kernel, status);
}

/** An iteration space of up to kMaxRank dims with one stride set per operand (in elements, may be 0 or negative). */
template <int Operands>
struct StridedLayout {
  int rank;
  int64_t shape[kMaxRank];
  int64_t strides[Operands][kMaxRank];
};

/** Offsets of each operand at flat position `i` of the layout's row-major iteration space. */
template <int Operands>
__host__ __device__ inline void stridedOffsets(const StridedLayout<Operands>& l, int64_t i, int64_t (&off)[Operands]) {
  for (int o = 0; o < Operands; o++) off[o] = 0;
  for (int d = l.rank - 1; d >= 0; d--) {
    // What is left of i after the inner dims is dim 0's index: no division there.
    const int64_t n = l.shape[d];
    const int64_t idx = d == 0 ? i : i % n;
    i = d == 0 ? 0 : i / n;
    for (int o = 0; o < Operands; o++) off[o] += idx * l.strides[o][d];
  }
}

/** Converts a value to a storage type as the contract's stores do: float32 rounds, int32 truncates (saturating, NaN → 0), bool is v != 0. */
template <typename To>
struct StoreAs;
template <>
struct StoreAs<float> {
  template <typename From>
  __host__ __device__ static float from(From v) { return static_cast<float>(v); }
};
template <>
struct StoreAs<int32_t> {
  __host__ __device__ static int32_t from(int32_t v) { return v; }
  __host__ __device__ static int32_t from(uint8_t v) { return v; }
  __host__ __device__ static int32_t from(float v) {
    if (v != v) return 0;
    if (v <= -2147483648.0f) return INT32_MIN;
    if (v >= 2147483648.0f) return INT32_MAX;
    return static_cast<int32_t>(v);
  }
};
template <>
struct StoreAs<uint8_t> {
  template <typename From>
  __host__ __device__ static uint8_t from(From v) { return v != From(0) ? 1 : 0; }
};

/** Blocks for `n` threads in blocks of `threads`, capped so grid-stride loops cover the rest. */
inline unsigned int gridFor(int64_t n, int threads = 256) {
  int64_t blocks = (n + threads - 1) / threads;
  if (blocks > 65535 * 16) blocks = 65535 * 16;
  return static_cast<unsigned int>(blocks < 1 ? 1 : blocks);
}

}  // namespace dendrite
