// reduce and argReduce. An output element reads its inputs at
// kept-offset(o) + reduced-offset(r): the TypeScript side splits x's dims
// into kept and reduced strided layouts. Short reductions take one thread
// per output; long ones a block per output with a shuffle tree. Float sums
// and products accumulate in double (reductions are memory-bound, so the
// wider adds cost nothing measurable); int32 ones wrap modulo 2^32.
#include "../launchers.h"
#include "scalar-math.cuh"

namespace dendrite {
namespace {

template <typename T, int Op>
struct Reducer {
  static constexpr bool kFloat = std::is_same_v<T, float>;
  using Acc = std::conditional_t<Op == rAll || Op == rAny, int,
                                 std::conditional_t<kFloat, std::conditional_t<(Op == rSum || Op == rProd), double, float>,
                                                    std::conditional_t<(Op == rSum || Op == rProd), uint32_t, int32_t>>>;

  __device__ static Acc init() {
    if constexpr (Op == rSum || Op == rAny) return Acc(0);
    else if constexpr (Op == rProd || Op == rAll) return Acc(1);
    else if constexpr (Op == rMax) { if constexpr (kFloat) return -INFINITY; else return INT32_MIN; }
    else { if constexpr (kFloat) return INFINITY; else return INT32_MAX; }
  }
  __device__ static Acc combine(Acc a, Acc b) {
    if constexpr (Op == rSum) return a + b;
    else if constexpr (Op == rProd) return a * b;
    else if constexpr (Op == rAll) return (a != 0 && b != 0) ? 1 : 0;
    else if constexpr (Op == rAny) return (a != 0 || b != 0) ? 1 : 0;
    else if constexpr (Op == rMax) { if constexpr (kFloat) return maxPropagate(a, b); else return a > b ? a : b; }
    else { if constexpr (kFloat) return minPropagate(a, b); else return a < b ? a : b; }
  }
  __device__ static Acc lift(T v) {
    if constexpr (Op == rAll || Op == rAny) return v != T(0) ? 1 : 0;
    else return static_cast<Acc>(v);
  }
  __device__ static T finish(Acc a) {
    if constexpr (std::is_same_v<T, uint8_t>) return a != Acc(0) ? 1 : 0;
    else if constexpr (kFloat) return static_cast<float>(a);
    else return static_cast<int32_t>(a);
  }
};

template <typename T, int Op>
__global__ void reducePerThread(const T* x, T* out, int64_t outCount, int64_t redCount, StridedLayout<1> kept, StridedLayout<1> red) {
  using R = Reducer<T, Op>;
  for (int64_t o = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; o < outCount; o += (int64_t)gridDim.x * blockDim.x) {
    int64_t base[1];
    stridedOffsets(kept, o, base);
    typename R::Acc acc = R::init();
    for (int64_t r = 0; r < redCount; r++) {
      int64_t off[1];
      stridedOffsets(red, r, off);
      acc = R::combine(acc, R::lift(x[base[0] + off[0]]));
    }
    out[o] = R::finish(acc);
  }
}

constexpr int kBlockThreads = 256;

template <typename T, int Op>
__global__ void reducePerBlock(const T* x, T* out, int64_t outCount, int64_t redCount, StridedLayout<1> kept, StridedLayout<1> red) {
  using R = Reducer<T, Op>;
  using Acc = typename R::Acc;
  __shared__ Acc partial[kBlockThreads / 32];
  for (int64_t o = blockIdx.x; o < outCount; o += gridDim.x) {
    int64_t base[1];
    stridedOffsets(kept, o, base);
    Acc acc = R::init();
    for (int64_t r = threadIdx.x; r < redCount; r += blockDim.x) {
      int64_t off[1];
      stridedOffsets(red, r, off);
      acc = R::combine(acc, R::lift(x[base[0] + off[0]]));
    }
    for (int s = 16; s > 0; s >>= 1) acc = R::combine(acc, __shfl_down_sync(0xffffffffu, acc, s));
    if ((threadIdx.x & 31) == 0) partial[threadIdx.x >> 5] = acc;
    __syncthreads();
    if (threadIdx.x < 32) {
      acc = threadIdx.x < kBlockThreads / 32 ? partial[threadIdx.x] : R::init();
      for (int s = 16; s > 0; s >>= 1) acc = R::combine(acc, __shfl_down_sync(0xffffffffu, acc, s));
      if (threadIdx.x == 0) out[o] = R::finish(acc);
    }
    __syncthreads();  // partial[] is reused by the next output
  }
}

template <typename T, int Op>
void reduceWith(const LaunchContext& ctx, const void* x, void* out, int64_t outCount, int64_t redCount, const StridedLayout<1>& kept, const StridedLayout<1>& red) {
  const T* xs = static_cast<const T*>(x);
  T* os = static_cast<T*>(out);
  if (redCount <= 32) {
    reducePerThread<T, Op><<<gridFor(outCount), 256, 0, ctx.stream>>>(xs, os, outCount, redCount, kept, red);
  } else {
    const int64_t blocks = outCount < 65535 * 8 ? outCount : 65535 * 8;
    reducePerBlock<T, Op><<<static_cast<unsigned int>(blocks), kBlockThreads, 0, ctx.stream>>>(xs, os, outCount, redCount, kept, red);
  }
}

template <typename T>
void reduceByOp(int op, const LaunchContext& ctx, const void* x, void* out, int64_t outCount, int64_t redCount, const StridedLayout<1>& kept, const StridedLayout<1>& red) {
  switch (op) {
    case rSum: reduceWith<T, rSum>(ctx, x, out, outCount, redCount, kept, red); break;
    case rProd: reduceWith<T, rProd>(ctx, x, out, outCount, redCount, kept, red); break;
    case rMax: reduceWith<T, rMax>(ctx, x, out, outCount, redCount, kept, red); break;
    case rMin: reduceWith<T, rMin>(ctx, x, out, outCount, redCount, kept, red); break;
    case rAll: reduceWith<T, rAll>(ctx, x, out, outCount, redCount, kept, red); break;
    case rAny: reduceWith<T, rAny>(ctx, x, out, outCount, redCount, kept, red); break;
    default: throw std::invalid_argument("reduce: unknown op code " + std::to_string(op));
  }
}

/** a beats b for argmax: greater, or NaN against a number; for argmin: smaller, or a number against NaN. */
template <typename T>
__device__ inline bool beats(bool isMax, T a, T b) {
  if constexpr (std::is_same_v<T, float>) {
    return isMax ? (a > b || (a != a && b == b)) : (a < b || (b != b && a == a));
  } else {
    return isMax ? a > b : a < b;
  }
}

template <typename T>
__global__ void argReduceKernel(const T* x, int32_t* out, int64_t outer, int64_t len, int64_t inner, bool isMax) {
  const int64_t count = outer * inner;
  for (int64_t o = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; o < count; o += (int64_t)gridDim.x * blockDim.x) {
    const T* row = x + (o / inner) * len * inner + (o % inner);
    int32_t best = 0;
    for (int64_t j = 1; j < len; j++)
      if (beats(isMax, row[j * inner], row[best * inner])) best = static_cast<int32_t>(j);
    out[o] = best;
  }
}

}  // namespace

void launchReduce(const LaunchContext& ctx, Params& p) {
  const void* x = p.ptr<const void>();
  void* out = p.ptr<void>();
  const int dtype = p.i32(), op = p.i32();
  const int64_t outCount = p.i64(), redCount = p.i64();
  const StridedLayout<1> kept = p.layout<1>();
  const StridedLayout<1> red = p.layout<1>();
  if (outCount == 0) return;
  switch (dtype) {
    case kFloat32: reduceByOp<float>(op, ctx, x, out, outCount, redCount, kept, red); break;
    case kInt32: reduceByOp<int32_t>(op, ctx, x, out, outCount, redCount, kept, red); break;
    case kBool: reduceByOp<uint8_t>(op, ctx, x, out, outCount, redCount, kept, red); break;
    default: throw std::invalid_argument("reduce: unknown dtype code " + std::to_string(dtype));
  }
  checkLaunch("reduce");
}

void launchArgReduce(const LaunchContext& ctx, Params& p) {
  const void* x = p.ptr<const void>();
  int32_t* out = p.ptr<int32_t>();
  const int dtype = p.i32();
  const bool isMax = p.i32() == 0;
  const int64_t outer = p.i64(), len = p.i64(), inner = p.i64();
  const int64_t count = outer * inner;
  if (count == 0) return;
  if (dtype == kFloat32) argReduceKernel<float><<<gridFor(count), 256, 0, ctx.stream>>>(static_cast<const float*>(x), out, outer, len, inner, isMax);
  else if (dtype == kInt32) argReduceKernel<int32_t><<<gridFor(count), 256, 0, ctx.stream>>>(static_cast<const int32_t*>(x), out, outer, len, inner, isMax);
  else if (dtype == kBool) argReduceKernel<uint8_t><<<gridFor(count), 256, 0, ctx.stream>>>(static_cast<const uint8_t*>(x), out, outer, len, inner, isMax);
  else throw std::invalid_argument("argReduce: unknown dtype code " + std::to_string(dtype));
  checkLaunch("argReduce");
}

}  // namespace dendrite
