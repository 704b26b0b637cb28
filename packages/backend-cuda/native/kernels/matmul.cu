// Batched matmul with transpose flags and broadcast batch dims on the tiled
// SGEMM of gemm.cuh (TF32 tensor cores on request: tf32-gemm.cuh).
#include "gemm.cuh"
#include "tf32-gemm.cuh"

namespace dendrite {
namespace {

/** C[batch] = op(A[batch]) · op(B[batch]); batch offsets come from a strided layout over the batch dims. */
template <bool TransA, bool TransB>
struct MatmulProblem {
  static constexpr bool kAContiguousInK = !TransA;
  static constexpr bool kBContiguousInK = TransB;
  const float* a;
  const float* b;
  float* c;
  int M, N, K;
  int64_t batches;
  StridedLayout<2> batch;  // strides in elements of A and B per batch dim

  struct View {
    const float* pa;
    const float* pb;
    float* pc;
    int M, N, K;
    __device__ float a(int m, int k) const { return __ldg(TransA ? pa + (int64_t)k * M + m : pa + (int64_t)m * K + k); }
    __device__ float b(int k, int n) const { return __ldg(TransB ? pb + (int64_t)n * K + k : pb + (int64_t)k * N + n); }
    __device__ void store(int m, int n, float v, bool accumulate) const {
      float* p = pc + (int64_t)m * N + n;
      if (accumulate) atomicAdd(p, v);
      else *p = v;
    }
  };

  __device__ View view(int64_t z) const {
    int64_t off[2];
    stridedOffsets(batch, z, off);
    return View{a + off[0], b + off[1], c + z * (int64_t)M * N, M, N, K};
  }
};

template <bool TransA, bool TransB>
void run(const LaunchContext& ctx, const float* a, const float* b, float* c, int M, int N, int K, int64_t batches, const StridedLayout<2>& batch) {
  const MatmulProblem<TransA, TransB> prob{a, b, c, M, N, K, batches, batch};
  auto zero = [&] { CUDA_CHECK(cudaMemsetAsync(c, 0, static_cast<size_t>(batches) * M * N * sizeof(float), ctx.stream)); };
  if (ctx.tf32) launchTf32Gemm(ctx, prob, M, N, K, zero, "matmul (tf32)");
  else launchGemm(ctx, prob, M, N, K, zero, "matmul");
}

}  // namespace

void launchMatmul(const LaunchContext& ctx, Params& p) {
  const float* a = p.ptr<const float>();
  const float* b = p.ptr<const float>();
  float* c = p.ptr<float>();
  const bool transA = p.flag(), transB = p.flag();
  const int64_t M = p.i64(), N = p.i64(), K = p.i64(), batches = p.i64();
  const StridedLayout<2> batch = p.layout<2>();
  if (M > 0x7fffffff || N > 0x7fffffff || K > 0x7fffffff) throw std::invalid_argument("matmul: M, N and K must each be below 2^31");
  const int m = static_cast<int>(M), n = static_cast<int>(N), k = static_cast<int>(K);
  if (transA && transB) run<true, true>(ctx, a, b, c, m, n, k, batches, batch);
  else if (transA) run<true, false>(ctx, a, b, c, m, n, k, batches, batch);
  else if (transB) run<false, true>(ctx, a, b, c, m, n, k, batches, batch);
  else run<false, false>(ctx, a, b, c, m, n, k, batches, batch);
}

}  // namespace dendrite
