// The counter-based random kernel: each element is a pure function of
// (key, offset + i), so any launch shape gives the core's exact numbers.
#include "../launchers.h"
#include "philox.cuh"

namespace dendrite {
namespace {

__global__ void randomKernel(float* out, int64_t n, int kind, uint32_t key0, uint32_t key1, uint64_t offset, double a, double b) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x)
    out[i] = static_cast<float>(randomValue(kind, key0, key1, offset, static_cast<uint64_t>(i), a, b));
}

}  // namespace

void launchRandom(const LaunchContext& ctx, Params& p) {
  float* out = p.ptr<float>();
  const int kind = p.i32();
  const uint32_t key0 = static_cast<uint32_t>(p.i64()), key1 = static_cast<uint32_t>(p.i64());
  const int64_t offset = p.i64();
  const double a = p.num(), b = p.num();
  const int64_t n = p.i64();
  if (kind < kUniform || kind > kBernoulli) throw std::invalid_argument("random: unknown distribution code " + std::to_string(kind));
  if (offset < 0) throw std::invalid_argument("random: offset must be non-negative, got " + std::to_string(offset));
  if (n == 0) return;
  randomKernel<<<gridFor(n), 256, 0, ctx.stream>>>(out, n, kind, key0, key1, static_cast<uint64_t>(offset), a, b);
  checkLaunch("random");
}

}  // namespace dendrite
