// conv2d and its two gradients as implicit GEMMs on gemm.cuh (one product
// per group, grid z): the image patches are gathered while the tiles are
// loaded, so no im2col buffer is ever materialized.
//   forward:        out[g]  [cog, N·OH·OW] = W[g] [cog, cg·KH·KW] · patches(x)
//   input gradient: dx[g]   [cg, N·H·W]    = W[g]ᵀ [cg, cog·KH·KW] · taps(dy)
//   filter grad.:   dW[g]   [cog, cg·KH·KW] = dy[g] [cog, N·OH·OW] · patches(x)ᵀ
// The input gradient is also convTranspose2d's forward.
#include "gemm.cuh"
#include "tf32-gemm.cuh"

namespace dendrite {
namespace {

struct ConvGeometry {
  int n, c, h, w, co, kh, kw, oh, ow, sh, sw, top, left, dh, dw, groups;
  __host__ __device__ int cg() const { return c / groups; }
  __host__ __device__ int cog() const { return co / groups; }
};

__device__ inline void split2(int v, int inner, int& hi, int& lo) {
  hi = v / inner;
  lo = v - hi * inner;
}

struct ForwardProblem {
  static constexpr bool kAContiguousInK = true;
  static constexpr bool kBContiguousInK = false;
  const float* x;
  const float* wt;
  float* out;
  ConvGeometry g;
  int64_t batches;

  struct View {
    const float* x;
    const float* wt;
    float* out;
    ConvGeometry g;
    int group;
    __device__ float a(int m, int k) const {
      const int K = g.cg() * g.kh * g.kw;
      return __ldg(wt + ((int64_t)(group * g.cog() + m)) * K + k);
    }
    __device__ float b(int k, int col) const {
      int ci, tap, i, j, b, pix, y, xo;
      split2(k, g.kh * g.kw, ci, tap);
      split2(tap, g.kw, i, j);
      split2(col, g.oh * g.ow, b, pix);
      split2(pix, g.ow, y, xo);
      const int iy = y * g.sh - g.top + i * g.dh, ix = xo * g.sw - g.left + j * g.dw;
      if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) return 0.0f;
      return __ldg(x + (((int64_t)b * g.c + group * g.cg() + ci) * g.h + iy) * g.w + ix);
    }
    __device__ void store(int m, int col, float v, bool accumulate) const {
      int b, pix;
      split2(col, g.oh * g.ow, b, pix);
      float* p = out + ((int64_t)b * g.co + group * g.cog() + m) * g.oh * g.ow + pix;
      if (accumulate) atomicAdd(p, v);
      else *p = v;
    }
  };
  __device__ View view(int64_t z) const { return View{x, wt, out, g, static_cast<int>(z)}; }
};

struct InputGradProblem {
  static constexpr bool kAContiguousInK = false;
  static constexpr bool kBContiguousInK = false;
  const float* dy;
  const float* wt;
  float* dx;
  ConvGeometry g;
  int64_t batches;

  struct View {
    const float* dy;
    const float* wt;
    float* dx;
    ConvGeometry g;
    int group;
    __device__ float a(int m, int k) const {
      int o, tap;
      split2(k, g.kh * g.kw, o, tap);
      return __ldg(wt + (((int64_t)(group * g.cog() + o)) * g.cg() + m) * g.kh * g.kw + tap);
    }
    __device__ float b(int k, int col) const {
      int o, tap, i, j, b, pix, iy, ix;
      split2(k, g.kh * g.kw, o, tap);
      split2(tap, g.kw, i, j);
      split2(col, g.h * g.w, b, pix);
      split2(pix, g.w, iy, ix);
      // Output pixel y read input row iy through tap i when y·sh − top + i·dh = iy.
      const int ty = iy + g.top - i * g.dh, tx = ix + g.left - j * g.dw;
      if (ty < 0 || tx < 0 || ty % g.sh != 0 || tx % g.sw != 0) return 0.0f;
      const int y = ty / g.sh, xo = tx / g.sw;
      if (y >= g.oh || xo >= g.ow) return 0.0f;
      return __ldg(dy + (((int64_t)b * g.co + group * g.cog() + o) * g.oh + y) * g.ow + xo);
    }
    __device__ void store(int m, int col, float v, bool accumulate) const {
      int b, pix;
      split2(col, g.h * g.w, b, pix);
      float* p = dx + ((int64_t)b * g.c + group * g.cg() + m) * g.h * g.w + pix;
      if (accumulate) atomicAdd(p, v);
      else *p = v;
    }
  };
  __device__ View view(int64_t z) const { return View{dy, wt, dx, g, static_cast<int>(z)}; }
};

struct FilterGradProblem {
  static constexpr bool kAContiguousInK = true;
  static constexpr bool kBContiguousInK = true;
  const float* x;
  const float* dy;
  float* dw;
  ConvGeometry g;
  int64_t batches;

  struct View {
    const float* x;
    const float* dy;
    float* dw;
    ConvGeometry g;
    int group;
    __device__ float a(int m, int k) const {
      int b, pix;
      split2(k, g.oh * g.ow, b, pix);
      return __ldg(dy + ((int64_t)b * g.co + group * g.cog() + m) * g.oh * g.ow + pix);
    }
    __device__ float b(int k, int col) const {
      int b, pix, y, xo, ci, tap, i, j;
      split2(k, g.oh * g.ow, b, pix);
      split2(pix, g.ow, y, xo);
      split2(col, g.kh * g.kw, ci, tap);
      split2(tap, g.kw, i, j);
      const int iy = y * g.sh - g.top + i * g.dh, ix = xo * g.sw - g.left + j * g.dw;
      if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) return 0.0f;
      return __ldg(x + (((int64_t)b * g.c + group * g.cg() + ci) * g.h + iy) * g.w + ix);
    }
    __device__ void store(int m, int col, float v, bool accumulate) const {
      float* p = dw + ((int64_t)(group * g.cog() + m)) * g.cg() * g.kh * g.kw + col;
      if (accumulate) atomicAdd(p, v);
      else *p = v;
    }
  };
  __device__ View view(int64_t z) const { return View{x, dy, dw, g, static_cast<int>(z)}; }
};

ConvGeometry readGeometry(Params& p, const char* op) {
  ConvGeometry g{};
  g.n = p.i32(); g.c = p.i32(); g.h = p.i32(); g.w = p.i32();
  g.co = p.i32(); g.kh = p.i32(); g.kw = p.i32(); g.oh = p.i32(); g.ow = p.i32();
  g.sh = p.i32(); g.sw = p.i32(); g.top = p.i32(); g.left = p.i32(); g.dh = p.i32(); g.dw = p.i32(); g.groups = p.i32();
  if (g.groups < 1 || g.c % g.groups != 0 || g.co % g.groups != 0 || g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1)
    throw std::invalid_argument(std::string(op) + ": invalid geometry (groups " + std::to_string(g.groups) + ", channels " + std::to_string(g.c) + " -> " + std::to_string(g.co) + ")");
  const int64_t columns = (int64_t)g.n * (g.oh * (int64_t)g.ow > g.h * (int64_t)g.w ? g.oh * (int64_t)g.ow : g.h * (int64_t)g.w);
  if (columns > 0x7fffffffLL) throw std::invalid_argument(std::string(op) + ": batch x image size exceeds 2^31 elements; split the batch");
  return g;
}

template <typename Problem>
void run(const LaunchContext& ctx, const Problem& prob, int M, int N, int K, float* out, size_t outElements, const char* name) {
  // Split-K partial sums accumulate into a zeroed output; with K = 0 the GEMM itself stores zeros.
  auto zero = [&] { CUDA_CHECK(cudaMemsetAsync(out, 0, outElements * sizeof(float), ctx.stream)); };
  if (outElements == 0) return;
  if (ctx.tf32) launchTf32Gemm(ctx, prob, M, N, K, zero, name);
  else launchGemm(ctx, prob, M, N, K, zero, name);
}

}  // namespace

void launchConv2d(const LaunchContext& ctx, Params& p) {
  const float* x = p.ptr<const float>();
  const float* w = p.ptr<const float>();
  float* out = p.ptr<float>();
  const ConvGeometry g = readGeometry(p, "conv2d");
  const ForwardProblem prob{x, w, out, g, g.groups};
  run(ctx, prob, g.cog(), g.n * g.oh * g.ow, g.cg() * g.kh * g.kw, out, (size_t)g.n * g.co * g.oh * g.ow, "conv2d");
}

void launchConv2dBackpropInput(const LaunchContext& ctx, Params& p) {
  const float* dy = p.ptr<const float>();
  const float* w = p.ptr<const float>();
  float* dx = p.ptr<float>();
  const ConvGeometry g = readGeometry(p, "conv2dBackpropInput");
  const InputGradProblem prob{dy, w, dx, g, g.groups};
  run(ctx, prob, g.cg(), g.n * g.h * g.w, g.cog() * g.kh * g.kw, dx, (size_t)g.n * g.c * g.h * g.w, "conv2dBackpropInput");
}

void launchConv2dBackpropFilter(const LaunchContext& ctx, Params& p) {
  const float* x = p.ptr<const float>();
  const float* dy = p.ptr<const float>();
  float* dw = p.ptr<float>();
  const ConvGeometry g = readGeometry(p, "conv2dBackpropFilter");
  const FilterGradProblem prob{x, dy, dw, g, g.groups};
  run(ctx, prob, g.cog(), g.cg() * g.kh * g.kw, g.n * g.oh * g.ow, dw, (size_t)g.co * g.cg() * g.kh * g.kw, "conv2dBackpropFilter");
}

}  // namespace dendrite
