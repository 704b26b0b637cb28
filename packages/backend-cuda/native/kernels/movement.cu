// Movement and indexing: one strided copy serves transpose, slice (negative
// steps are negative strides), expand (stride 0), pad (after a fill) and
// concat (one copy per input into its window of the output); gather reads
// rows along an axis and scatterAdd adds them back with atomics.
// Out-of-range indices gather 0 and are skipped by scatterAdd (contract).
#include "../launchers.h"

namespace dendrite {
namespace {

template <typename T>
__global__ void stridedCopyKernel(const T* src, T* dst, int64_t n, StridedLayout<2> layout) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
    int64_t off[2];
    stridedOffsets(layout, i, off);
    dst[off[1]] = src[off[0]];
  }
}

template <typename T>
__global__ void gatherKernel(const T* x, const int32_t* indices, T* out, int64_t outer, int64_t len, int64_t inner, int64_t count) {
  const int64_t total = outer * count * inner;
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total; i += (int64_t)gridDim.x * blockDim.x) {
    const int64_t r = i % inner;
    const int64_t j = (i / inner) % count;
    const int64_t o = i / (inner * count);
    const int64_t k = indices[j];
    out[i] = (k >= 0 && k < len) ? x[(o * len + k) * inner + r] : T(0);
  }
}

template <typename T>
__global__ void scatterAddKernel(const int32_t* indices, const T* updates, T* out, int64_t outer, int64_t len, int64_t inner, int64_t count) {
  const int64_t total = outer * count * inner;
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total; i += (int64_t)gridDim.x * blockDim.x) {
    const int64_t r = i % inner;
    const int64_t j = (i / inner) % count;
    const int64_t o = i / (inner * count);
    const int64_t k = indices[j];
    if (k >= 0 && k < len) atomicAdd(out + (o * len + k) * inner + r, updates[i]);  // int32 atomics wrap, as the contract asks
  }
}

}  // namespace

void launchStridedCopy(const LaunchContext& ctx, Params& p) {
  const char* src = p.ptr<const char>();
  char* dst = p.ptr<char>();
  const int elemBytes = p.i32();
  const int64_t n = p.i64();
  const int64_t srcOffset = p.i64(), dstOffset = p.i64();
  const StridedLayout<2> layout = p.layout<2>();
  if (n == 0) return;
  if (elemBytes == 4) {
    stridedCopyKernel<uint32_t><<<gridFor(n), 256, 0, ctx.stream>>>(reinterpret_cast<const uint32_t*>(src) + srcOffset, reinterpret_cast<uint32_t*>(dst) + dstOffset, n, layout);
  } else if (elemBytes == 1) {
    stridedCopyKernel<uint8_t><<<gridFor(n), 256, 0, ctx.stream>>>(reinterpret_cast<const uint8_t*>(src) + srcOffset, reinterpret_cast<uint8_t*>(dst) + dstOffset, n, layout);
  } else {
    throw std::invalid_argument("stridedCopy: element size must be 1 or 4 bytes, got " + std::to_string(elemBytes));
  }
  checkLaunch("stridedCopy");
}

void launchGather(const LaunchContext& ctx, Params& p) {
  const void* x = p.ptr<const void>();
  const int32_t* indices = p.ptr<const int32_t>();
  void* out = p.ptr<void>();
  const int elemBytes = p.i32();
  const int64_t outer = p.i64(), len = p.i64(), inner = p.i64(), count = p.i64();
  const int64_t total = outer * count * inner;
  if (total == 0) return;
  if (elemBytes == 4) {
    gatherKernel<uint32_t><<<gridFor(total), 256, 0, ctx.stream>>>(static_cast<const uint32_t*>(x), indices, static_cast<uint32_t*>(out), outer, len, inner, count);
  } else if (elemBytes == 1) {
    gatherKernel<uint8_t><<<gridFor(total), 256, 0, ctx.stream>>>(static_cast<const uint8_t*>(x), indices, static_cast<uint8_t*>(out), outer, len, inner, count);
  } else {
    throw std::invalid_argument("gather: element size must be 1 or 4 bytes, got " + std::to_string(elemBytes));
  }
  checkLaunch("gather");
}

void launchScatterAdd(const LaunchContext& ctx, Params& p) {
  const int32_t* indices = p.ptr<const int32_t>();
  const void* updates = p.ptr<const void>();
  void* out = p.ptr<void>();
  const int dtype = p.i32();
  const int64_t outer = p.i64(), len = p.i64(), inner = p.i64(), count = p.i64();
  const int64_t outSize = outer * len * inner;
  if (dtype != kFloat32 && dtype != kInt32) throw std::invalid_argument("scatterAdd: updates must be float32 or int32, got dtype code " + std::to_string(dtype));
  if (outSize == 0) return;
  CUDA_CHECK(cudaMemsetAsync(out, 0, static_cast<size_t>(outSize) * 4, ctx.stream));
  const int64_t total = outer * count * inner;
  if (total > 0) {
    if (dtype == kFloat32) scatterAddKernel<float><<<gridFor(total), 256, 0, ctx.stream>>>(indices, static_cast<const float*>(updates), static_cast<float*>(out), outer, len, inner, count);
    else scatterAddKernel<int><<<gridFor(total), 256, 0, ctx.stream>>>(indices, static_cast<const int*>(updates), static_cast<int*>(out), outer, len, inner, count);
    checkLaunch("scatterAdd");
  }
}

}  // namespace dendrite
