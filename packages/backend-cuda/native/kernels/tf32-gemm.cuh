// The opt-in TF32 tensor-core GEMM (sm_80+): the same Problem interface as
// gemm.cuh, 64 x 64 block tiles of four warps, each warp a 32 x 32 tile of
// 16 x 16 x 8 WMMA fragments. Inputs are rounded to TF32 (10-bit mantissa),
// so results carry ~1e-3 relative error: never the default.
#pragma once

#include <mma.h>

#include "gemm.cuh"

namespace dendrite {

constexpr int kTf32BM = 64, kTf32BN = 64, kTf32BK = 16, kTf32Threads = 128;

template <typename Problem>
__global__ void __launch_bounds__(kTf32Threads) tf32GemmKernel(Problem prob, int M, int N, int K, int splits, int kPerSplit) {
  using namespace nvcuda;
  __shared__ __align__(32) float As[kTf32BM][kTf32BK + 8];
  __shared__ __align__(32) float Bs[kTf32BK][kTf32BN + 8];
  __shared__ __align__(32) float Cs[kTf32BM][kTf32BN + 8];
  const int tid = threadIdx.x, warp = tid / 32;
  const int wm = (warp / 2) * 32, wn = (warp % 2) * 32;
  const int m0 = blockIdx.y * kTf32BM, n0 = blockIdx.x * kTf32BN;

  for (int64_t z = blockIdx.z; z < prob.batches * splits; z += gridDim.z) {
    const int64_t batchIndex = z / splits;
    const int split = static_cast<int>(z % splits);
    const int kBegin = split * kPerSplit, kEnd = min(K, kBegin + kPerSplit);
    const auto view = prob.view(batchIndex);

    wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc[2][2];
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) wmma::fill_fragment(acc[i][j], 0.0f);

    for (int k0 = kBegin; k0 < kEnd; k0 += kTf32BK) {
      for (int e = tid; e < kTf32BM * kTf32BK; e += kTf32Threads) {
        int m, k;
        if (Problem::kAContiguousInK) { m = e / kTf32BK; k = e % kTf32BK; } else { k = e / kTf32BM; m = e % kTf32BM; }
        As[m][k] = (m0 + m < M && k0 + k < kEnd) ? wmma::__float_to_tf32(view.a(m0 + m, k0 + k)) : 0.0f;
      }
      for (int e = tid; e < kTf32BK * kTf32BN; e += kTf32Threads) {
        int k, n;
        if (Problem::kBContiguousInK) { n = e / kTf32BK; k = e % kTf32BK; } else { k = e / kTf32BN; n = e % kTf32BN; }
        Bs[k][n] = (k0 + k < kEnd && n0 + n < N) ? wmma::__float_to_tf32(view.b(k0 + k, n0 + n)) : 0.0f;
      }
      __syncthreads();
      for (int kk = 0; kk < kTf32BK; kk += 8) {
        wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa[2];
        wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fb[2];
        for (int i = 0; i < 2; i++) wmma::load_matrix_sync(fa[i], &As[wm + 16 * i][kk], kTf32BK + 8);
        for (int j = 0; j < 2; j++) wmma::load_matrix_sync(fb[j], &Bs[kk][wn + 16 * j], kTf32BN + 8);
        for (int i = 0; i < 2; i++)
          for (int j = 0; j < 2; j++) wmma::mma_sync(acc[i][j], fa[i], fb[j], acc[i][j]);
      }
      __syncthreads();
    }
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) wmma::store_matrix_sync(&Cs[wm + 16 * i][wn + 16 * j], acc[i][j], kTf32BN + 8, wmma::mem_row_major);
    __syncthreads();
    for (int e = tid; e < kTf32BM * kTf32BN; e += kTf32Threads) {
      const int m = e / kTf32BN, n = e % kTf32BN;
      if (m0 + m < M && n0 + n < N) view.store(m0 + m, n0 + n, Cs[m][n], splits > 1);
    }
    __syncthreads();
  }
}

/** launchGemm's TF32 counterpart (same split-K policy). */
template <typename Problem, typename ZeroOutput>
void launchTf32Gemm(const LaunchContext& ctx, const Problem& prob, int M, int N, int K, ZeroOutput&& zeroOutput, const char* name) {
  if (M == 0 || N == 0 || prob.batches == 0) return;
  const int64_t tilesM = (M + kTf32BM - 1) / kTf32BM, tilesN = (N + kTf32BN - 1) / kTf32BN;
  const int64_t blocks = tilesM * tilesN * prob.batches;
  const int64_t wanted = 2LL * ctx.multiprocessors;
  int splits = 1;
  if (blocks < wanted && K >= 2 * 16 * kTf32BK) {
    const int64_t bySms = (wanted + blocks - 1) / blocks, byK = K / (16 * kTf32BK);
    splits = static_cast<int>(bySms < byK ? bySms : byK);
    if (splits < 1) splits = 1;
  }
  int kPerSplit = (K + splits - 1) / splits;
  kPerSplit = ((kPerSplit + kTf32BK - 1) / kTf32BK) * kTf32BK;
  splits = K == 0 ? 1 : (K + kPerSplit - 1) / kPerSplit;
  if (splits > 1) zeroOutput();
  if (tilesM > 65535) throw std::invalid_argument(std::string(name) + ": M = " + std::to_string(M) + " needs more than 65535 row tiles");
  const int64_t z = prob.batches * splits;
  const dim3 grid(static_cast<unsigned int>(tilesN), static_cast<unsigned int>(tilesM), static_cast<unsigned int>(z < 65535 ? z : 65535));
  tf32GemmKernel<Problem><<<grid, kTf32Threads, 0, ctx.stream>>>(prob, M, N, K, splits, kPerSplit);
  checkLaunch(name);
}

}  // namespace dendrite
