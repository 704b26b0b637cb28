// fill, unary, binary, where and cast: one thread per output element in
// grid-stride loops; broadcast inputs are read through per-operand strides
// (0 on repeated dims) computed by the TypeScript side.
#include "../launchers.h"
#include "scalar-math.cuh"

namespace dendrite {
namespace {

template <typename T>
__global__ void fillKernel(T* out, int64_t n, T value) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) out[i] = value;
}

/** The op on one element, in the arithmetic of the input dtype (bool computes as int32). */
template <typename In>
__device__ inline auto applyUnary(int op, In x, float alpha) {
  if constexpr (std::is_same_v<In, float>) return unaryFloat(op, x, alpha);
  else return unaryInt(op, static_cast<int32_t>(x), alpha);
}

template <typename In, typename Out>
__global__ void unaryKernel(const In* x, Out* out, int64_t n, int op, float alpha) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x)
    out[i] = StoreAs<Out>::from(applyUnary(op, x[i], alpha));
}

template <typename In>
__device__ inline auto applyBinary(int op, In a, In b) {
  if constexpr (std::is_same_v<In, float>) return binaryFloat(op, a, b);
  else return binaryInt(op, static_cast<int32_t>(a), static_cast<int32_t>(b));
}

template <typename In, typename Out>
__global__ void binaryKernel(const In* a, const In* b, Out* out, int64_t n, int op, StridedLayout<2> layout) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
    int64_t off[2];
    stridedOffsets(layout, i, off);
    out[i] = StoreAs<Out>::from(applyBinary(op, a[off[0]], b[off[1]]));
  }
}

template <typename T>
__global__ void whereKernel(const uint8_t* cond, const T* a, const T* b, T* out, int64_t n, StridedLayout<3> layout) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
    int64_t off[3];
    stridedOffsets(layout, i, off);
    out[i] = cond[off[0]] != 0 ? a[off[1]] : b[off[2]];
  }
}

template <typename In, typename Out>
__global__ void castKernel(const In* x, Out* out, int64_t n) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) out[i] = StoreAs<Out>::from(x[i]);
}

/** Calls f(T{}) with T the storage type of `dtype`. */
template <typename F>
void byDType(int dtype, const char* op, F&& f) {
  switch (dtype) {
    case kFloat32: f(float{}); break;
    case kInt32: f(int32_t{}); break;
    case kBool: f(uint8_t{}); break;
    default: throw std::invalid_argument(std::string(op) + ": unknown dtype code " + std::to_string(dtype));
  }
}

}  // namespace

void launchFill(const LaunchContext& ctx, Params& p) {
  void* out = p.ptr<void>();
  const int dtype = p.i32();
  const int64_t n = p.i64();
  const double value = p.num();
  if (n == 0) return;
  byDType(dtype, "fill", [&](auto t) {
    using T = decltype(t);
    T v;
    if constexpr (std::is_same_v<T, float>) v = static_cast<float>(value);
    else if constexpr (std::is_same_v<T, int32_t>) v = truncToInt32(value);
    else v = value != 0 ? 1 : 0;
    fillKernel<T><<<gridFor(n), 256, 0, ctx.stream>>>(static_cast<T*>(out), n, v);
  });
  checkLaunch("fill");
}

void launchUnary(const LaunchContext& ctx, Params& p) {
  const void* x = p.ptr<const void>();
  void* out = p.ptr<void>();
  const int inType = p.i32(), outType = p.i32();
  const int64_t n = p.i64();
  const int op = p.i32();
  const float alpha = static_cast<float>(p.num());
  if (op < 0 || op >= kUnaryCount) throw std::invalid_argument("unary: unknown op code " + std::to_string(op));
  if (n == 0) return;
  byDType(inType, "unary", [&](auto in) {
    using In = decltype(in);
    byDType(outType, "unary", [&](auto o) {
      using Out = decltype(o);
      unaryKernel<In, Out><<<gridFor(n), 256, 0, ctx.stream>>>(static_cast<const In*>(x), static_cast<Out*>(out), n, op, alpha);
    });
  });
  checkLaunch("unary");
}

void launchBinary(const LaunchContext& ctx, Params& p) {
  const void* a = p.ptr<const void>();
  const void* b = p.ptr<const void>();
  void* out = p.ptr<void>();
  const int inType = p.i32(), outType = p.i32(), op = p.i32();
  const int64_t n = p.i64();
  const StridedLayout<2> layout = p.layout<2>();
  if (op < 0 || op >= kBinaryCount) throw std::invalid_argument("binary: unknown op code " + std::to_string(op));
  if (n == 0) return;
  byDType(inType, "binary", [&](auto in) {
    using In = decltype(in);
    byDType(outType, "binary", [&](auto o) {
      using Out = decltype(o);
      binaryKernel<In, Out><<<gridFor(n), 256, 0, ctx.stream>>>(static_cast<const In*>(a), static_cast<const In*>(b), static_cast<Out*>(out), n, op, layout);
    });
  });
  checkLaunch("binary");
}

void launchWhere(const LaunchContext& ctx, Params& p) {
  const uint8_t* cond = p.ptr<const uint8_t>();
  const void* a = p.ptr<const void>();
  const void* b = p.ptr<const void>();
  void* out = p.ptr<void>();
  const int dtype = p.i32();
  const int64_t n = p.i64();
  const StridedLayout<3> layout = p.layout<3>();
  if (n == 0) return;
  byDType(dtype, "where", [&](auto t) {
    using T = decltype(t);
    whereKernel<T><<<gridFor(n), 256, 0, ctx.stream>>>(cond, static_cast<const T*>(a), static_cast<const T*>(b), static_cast<T*>(out), n, layout);
  });
  checkLaunch("where");
}

void launchCast(const LaunchContext& ctx, Params& p) {
  const void* x = p.ptr<const void>();
  void* out = p.ptr<void>();
  const int from = p.i32(), to = p.i32();
  const int64_t n = p.i64();
  if (n == 0) return;
  byDType(from, "cast", [&](auto in) {
    using In = decltype(in);
    byDType(to, "cast", [&](auto o) {
      using Out = decltype(o);
      castKernel<In, Out><<<gridFor(n), 256, 0, ctx.stream>>>(static_cast<const In*>(x), static_cast<Out*>(out), n);
    });
  });
  checkLaunch("cast");
}

}  // namespace dendrite
