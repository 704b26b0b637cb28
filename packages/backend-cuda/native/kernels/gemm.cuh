// The tiled SGEMM every matrix product of the addon runs on: matmul (with
// transposes and broadcast batches) and the implicit-GEMM convolutions.
//
// A block computes a BM x BN tile of C = A·B, stepping through K in slices
// of BK: the slice of A and of B is staged in shared memory (double-buffered:
// the next slice is loaded into registers while the current one is
// multiplied), and each thread accumulates a TM x TN register tile, split in
// two halves BM/2 (BN/2) apart so a warp's shared-memory reads do not
// conflict. Operands are read through a Problem's View, so the same kernel
// multiplies plain matrices or gathers convolution patches on the fly.
//
// A Problem provides:
//   int64_t batches;                         // independent products (grid z)
//   View view(int64_t batch) const;          // per-product accessor:
//     float a(int m, int k), b(int k, int n); // in-range reads only
//     void store(int m, int n, float v, bool accumulate);
//   static constexpr bool kAContiguousInK, kBContiguousInK; // global-read order
#pragma once

#include "../launchers.h"

namespace dendrite {

template <int BM, int BN, int BK, int TM, int TN>
struct GemmTile {
  static constexpr int kBM = BM, kBN = BN, kBK = BK, kTM = TM, kTN = TN;
  static constexpr int kThreads = (BM / TM) * (BN / TN);
  static constexpr int kALoads = BM * BK / kThreads;
  static constexpr int kBLoads = BN * BK / kThreads;
  static_assert(BM * BK % kThreads == 0 && BN * BK % kThreads == 0, "tile loads must divide among threads");
  static_assert(TM % 2 == 0 && TN % 2 == 0, "register tiles are split in two halves");
};

/** Row (or column) of register-tile entry `i` of thread coordinate `t`: two halves BM/2 apart. */
template <int B, int T>
__device__ inline int tileIndex(int t, int i) {
  return (i < T / 2) ? t * (T / 2) + i : B / 2 + t * (T / 2) + (i - T / 2);
}

template <typename Tile, typename Problem>
__global__ void __launch_bounds__(Tile::kThreads) gemmKernel(Problem prob, int M, int N, int K, int splits, int kPerSplit) {
  constexpr int BM = Tile::kBM, BN = Tile::kBN, BK = Tile::kBK, TM = Tile::kTM, TN = Tile::kTN;
  constexpr int kThreads = Tile::kThreads;
  // Rows padded by 4 floats: conflict-free transposing stores, rows still 16-byte aligned for vector reads.
  __shared__ __align__(16) float As[2][BK][BM + 4];
  __shared__ __align__(16) float Bs[2][BK][BN + 4];

  const int tid = threadIdx.x;
  const int tx = tid % (BN / TN), ty = tid / (BN / TN);
  const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;

  for (int64_t z = blockIdx.z; z < prob.batches * splits; z += gridDim.z) {
    const int64_t batch = z / splits;
    const int split = static_cast<int>(z % splits);
    const int kBegin = split * kPerSplit;
    const int kEnd = min(K, kBegin + kPerSplit);
    const auto view = prob.view(batch);

    float regA[Tile::kALoads], regB[Tile::kBLoads];
    // Which (row, k) / (k, col) each thread loads: consecutive threads walk the operand's contiguous axis.
    auto aCoord = [&](int l, int& m, int& k) {
      const int e = tid + l * kThreads;
      if (Problem::kAContiguousInK) { m = e / BK; k = e % BK; } else { k = e / BM; m = e % BM; }
    };
    auto bCoord = [&](int l, int& k, int& n) {
      const int e = tid + l * kThreads;
      if (Problem::kBContiguousInK) { n = e / BK; k = e % BK; } else { k = e / BN; n = e % BN; }
    };
    auto loadTile = [&](int k0) {
#pragma unroll
      for (int l = 0; l < Tile::kALoads; l++) {
        int m, k;
        aCoord(l, m, k);
        regA[l] = (m0 + m < M && k0 + k < kEnd) ? view.a(m0 + m, k0 + k) : 0.0f;
      }
#pragma unroll
      for (int l = 0; l < Tile::kBLoads; l++) {
        int k, n;
        bCoord(l, k, n);
        regB[l] = (k0 + k < kEnd && n0 + n < N) ? view.b(k0 + k, n0 + n) : 0.0f;
      }
    };
    auto storeTile = [&](int buf) {
#pragma unroll
      for (int l = 0; l < Tile::kALoads; l++) {
        int m, k;
        aCoord(l, m, k);
        As[buf][k][m] = regA[l];
      }
#pragma unroll
      for (int l = 0; l < Tile::kBLoads; l++) {
        int k, n;
        bCoord(l, k, n);
        Bs[buf][k][n] = regB[l];
      }
    };

    float acc[TM][TN];
#pragma unroll
    for (int i = 0; i < TM; i++)
#pragma unroll
      for (int j = 0; j < TN; j++) acc[i][j] = 0.0f;

    int buf = 0;
    if (kBegin < kEnd) {
      loadTile(kBegin);
      storeTile(0);
    }
    __syncthreads();
    for (int k0 = kBegin; k0 < kEnd; k0 += BK) {
      const bool hasNext = k0 + BK < kEnd;
      if (hasNext) loadTile(k0 + BK);  // global reads overlap the multiply below
#pragma unroll
      for (int kk = 0; kk < BK; kk++) {
        float a[TM], b[TN];
#pragma unroll
        for (int i = 0; i < TM; i++) a[i] = As[buf][kk][tileIndex<BM, TM>(ty, i)];
#pragma unroll
        for (int j = 0; j < TN; j++) b[j] = Bs[buf][kk][tileIndex<BN, TN>(tx, j)];
#pragma unroll
        for (int i = 0; i < TM; i++)
#pragma unroll
          for (int j = 0; j < TN; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
      }
      if (hasNext) {
        storeTile(buf ^ 1);
        buf ^= 1;
      }
      __syncthreads();
    }

    const bool accumulate = splits > 1;
#pragma unroll
    for (int i = 0; i < TM; i++) {
      const int m = m0 + tileIndex<BM, TM>(ty, i);
      if (m >= M) continue;
#pragma unroll
      for (int j = 0; j < TN; j++) {
        const int n = n0 + tileIndex<BN, TN>(tx, j);
        if (n < N) view.store(m, n, acc[i][j], accumulate);
      }
    }
    __syncthreads();  // shared tiles are reused by the next z
  }
}

using LargeTile = GemmTile<128, 128, 8, 8, 8>;
using SmallTile = GemmTile<64, 64, 8, 4, 4>;

/**
 * Launches `prob` (batches x [M, K]·[K, N]) with a tile size fitting the
 * problem, splitting K across blocks when the output tiles alone would leave
 * most multiprocessors idle. With split-K the output must already be zero
 * (`zeroOutput` is called first) and partial sums are added atomically.
 */
template <typename Problem, typename ZeroOutput>
void launchGemm(const LaunchContext& ctx, const Problem& prob, int M, int N, int K, ZeroOutput&& zeroOutput, const char* name) {
  if (M == 0 || N == 0 || prob.batches == 0) return;
  auto run = [&](auto tile) {
    using Tile = decltype(tile);
    const int64_t tilesM = (M + Tile::kBM - 1) / Tile::kBM, tilesN = (N + Tile::kBN - 1) / Tile::kBN;
    const int64_t blocks = tilesM * tilesN * prob.batches;
    const int64_t wanted = 2LL * ctx.multiprocessors;
    int splits = 1;
    // Split K only when it is long enough that every slice keeps 16+ tile steps.
    if (blocks < wanted && K >= 2 * 16 * Tile::kBK) {
      const int64_t bySms = (wanted + blocks - 1) / blocks;
      const int64_t byK = K / (16 * Tile::kBK);
      splits = static_cast<int>(bySms < byK ? bySms : byK);
      if (splits < 1) splits = 1;
    }
    int kPerSplit = (K + splits - 1) / splits;
    kPerSplit = ((kPerSplit + Tile::kBK - 1) / Tile::kBK) * Tile::kBK;
    splits = K == 0 ? 1 : (K + kPerSplit - 1) / kPerSplit;
    if (splits > 1) zeroOutput();
    if (tilesM > 65535) throw std::invalid_argument(std::string(name) + ": M = " + std::to_string(M) + " needs more than 65535 row tiles");
    const int64_t z = prob.batches * splits;
    const dim3 grid(static_cast<unsigned int>(tilesN), static_cast<unsigned int>(tilesM), static_cast<unsigned int>(z < 65535 ? z : 65535));
    if (tilesN > 0x7fffffffLL) throw std::invalid_argument(std::string(name) + ": N = " + std::to_string(N) + " is too large");
    gemmKernel<Tile, Problem><<<grid, Tile::kThreads, 0, ctx.stream>>>(prob, M, N, K, splits, kPerSplit);
  };
  // Large tiles once both sides fill them; small tiles keep more blocks busy on small products.
  if (static_cast<int64_t>(M) * N * prob.batches >= 512LL * 512 && M >= 96 && N >= 96) run(LargeTile{});
  else run(SmallTile{});
  checkLaunch(name);
}

}  // namespace dendrite
