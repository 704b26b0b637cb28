// Row kernels over the last axis — softmax, logSoftmax and layerNorm — with
// one warp per row (shuffle reductions, no shared memory), and batchNorm,
// elementwise with per-channel statistics.
#include "../launchers.h"

namespace dendrite {
namespace {

constexpr int kWarpsPerBlock = 8;

__device__ inline float warpMax(float v) {
  for (int s = 16; s > 0; s >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, s));
  return v;
}

__device__ inline float warpSum(float v) {
  for (int s = 16; s > 0; s >>= 1) v += __shfl_xor_sync(0xffffffffu, v, s);
  return v;
}

/** Blocks for one warp per row, capped; kernels loop over the remaining rows. */
unsigned int rowBlocks(int64_t rows) {
  const int64_t blocks = (rows + kWarpsPerBlock - 1) / kWarpsPerBlock;
  return static_cast<unsigned int>(blocks < 65535 * 8 ? blocks : 65535 * 8);
}

__global__ void softmaxKernel(const float* x, float* out, int64_t rows, int64_t len, bool logOutput) {
  const int lane = threadIdx.x & 31;
  const int64_t firstRow = blockIdx.x * (int64_t)kWarpsPerBlock + (threadIdx.x >> 5);
  for (int64_t row = firstRow; row < rows; row += (int64_t)gridDim.x * kWarpsPerBlock) {
    const float* xs = x + row * len;
    float* os = out + row * len;
    // fmaxf would skip NaN; a NaN row max must make the whole row NaN, as the reference's Math.max does.
    float max = -INFINITY;
    bool sawNaN = false;
    for (int64_t k = lane; k < len; k += 32) {
      const float v = xs[k];
      sawNaN |= v != v;
      max = fmaxf(max, v);
    }
    max = warpMax(max);
    if (__any_sync(0xffffffffu, sawNaN)) max = NAN;
    float sum = 0.0f;
    for (int64_t k = lane; k < len; k += 32) sum += expf(xs[k] - max);
    sum = warpSum(sum);
    const float logSum = logf(sum);
    for (int64_t k = lane; k < len; k += 32) os[k] = logOutput ? xs[k] - max - logSum : expf(xs[k] - max - logSum);
  }
}

__global__ void layerNormKernel(const float* x, const float* gamma, const float* beta, float* out, int64_t rows, int64_t len, float eps) {
  const int lane = threadIdx.x & 31;
  const int64_t firstRow = blockIdx.x * (int64_t)kWarpsPerBlock + (threadIdx.x >> 5);
  for (int64_t row = firstRow; row < rows; row += (int64_t)gridDim.x * kWarpsPerBlock) {
    const float* xs = x + row * len;
    float* os = out + row * len;
    float sum = 0.0f;
    for (int64_t k = lane; k < len; k += 32) sum += xs[k];
    const float mean = warpSum(sum) / static_cast<float>(len);
    // Two passes: the variance of x − mean has no cancellation.
    float squares = 0.0f;
    for (int64_t k = lane; k < len; k += 32) {
      const float d = xs[k] - mean;
      squares += d * d;
    }
    const float inv = 1.0f / sqrtf(warpSum(squares) / static_cast<float>(len) + eps);
    for (int64_t k = lane; k < len; k += 32) os[k] = (xs[k] - mean) * inv * gamma[k] + beta[k];
  }
}

__global__ void batchNormKernel(const float* x, const float* mean, const float* variance, const float* gamma, const float* beta, float* out,
                                int64_t n, int64_t channels, int64_t inner, float eps) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
    const int64_t c = (i / inner) % channels;
    out[i] = (x[i] - mean[c]) / sqrtf(variance[c] + eps) * gamma[c] + beta[c];
  }
}

}  // namespace

void launchSoftmax(const LaunchContext& ctx, Params& p) {
  const float* x = p.ptr<const float>();
  float* out = p.ptr<float>();
  const int64_t rows = p.i64(), len = p.i64();
  const bool logOutput = p.flag();
  if (rows == 0 || len == 0) return;
  softmaxKernel<<<rowBlocks(rows), kWarpsPerBlock * 32, 0, ctx.stream>>>(x, out, rows, len, logOutput);
  checkLaunch(logOutput ? "logSoftmax" : "softmax");
}

void launchLayerNorm(const LaunchContext& ctx, Params& p) {
  const float* x = p.ptr<const float>();
  const float* gamma = p.ptr<const float>();
  const float* beta = p.ptr<const float>();
  float* out = p.ptr<float>();
  const int64_t rows = p.i64(), len = p.i64();
  const float eps = static_cast<float>(p.num());
  if (rows == 0 || len == 0) return;
  layerNormKernel<<<rowBlocks(rows), kWarpsPerBlock * 32, 0, ctx.stream>>>(x, gamma, beta, out, rows, len, eps);
  checkLaunch("layerNorm");
}

void launchBatchNorm(const LaunchContext& ctx, Params& p) {
  const float* x = p.ptr<const float>();
  const float* mean = p.ptr<const float>();
  const float* variance = p.ptr<const float>();
  const float* gamma = p.ptr<const float>();
  const float* beta = p.ptr<const float>();
  float* out = p.ptr<float>();
  const int64_t n = p.i64(), channels = p.i64(), inner = p.i64();
  const float eps = static_cast<float>(p.num());
  if (n == 0) return;
  if (channels < 1 || inner < 1) throw std::invalid_argument("batchNorm: channels and inner size must be positive for a non-empty x");
  batchNormKernel<<<gridFor(n), 256, 0, ctx.stream>>>(x, mean, variance, gamma, beta, out, n, channels, inner, eps);
  checkLaunch("batchNorm");
}

}  // namespace dendrite
