// Max and average pooling over H, W and their gradients. Padded cells never
// win a max and count in averages only with countIncludePad; a max ties to
// the first cell in row-major window order and NaN beats every number.
#include "../launchers.h"

namespace dendrite {
namespace {

struct PoolGeometry {
  int64_t planes;
  int h, w, oh, ow, kh, kw, sh, sw, top, left;
  bool countIncludePad;
};

PoolGeometry readPool(Params& p, bool withCountIncludePad) {
  PoolGeometry g{};
  g.planes = p.i64();
  g.h = p.i32(); g.w = p.i32(); g.oh = p.i32(); g.ow = p.i32();
  g.kh = p.i32(); g.kw = p.i32(); g.sh = p.i32(); g.sw = p.i32(); g.top = p.i32(); g.left = p.i32();
  g.countIncludePad = withCountIncludePad ? p.flag() : false;
  if (g.sh < 1 || g.sw < 1) throw std::invalid_argument("pool: strides must be positive, got " + std::to_string(g.sh) + "x" + std::to_string(g.sw));
  return g;
}

/** Flat input offset of the first maximal in-image cell of output (plane, y, x)'s window, or -1 for an empty window. */
__device__ inline int64_t argmaxCell(const float* xs, const PoolGeometry& g, int64_t plane, int y, int x) {
  int64_t best = -1;
  float bestValue = 0.0f;
  for (int i = 0; i < g.kh; i++) {
    const int iy = y * g.sh - g.top + i;
    if (iy < 0 || iy >= g.h) continue;
    for (int j = 0; j < g.kw; j++) {
      const int ix = x * g.sw - g.left + j;
      if (ix < 0 || ix >= g.w) continue;
      const int64_t cell = (plane * g.h + iy) * g.w + ix;
      const float v = xs[cell];
      if (best < 0 || v > bestValue || (v != v && bestValue == bestValue)) {
        best = cell;
        bestValue = v;
      }
    }
  }
  return best;
}

__global__ void maxPoolKernel(const float* x, float* out, PoolGeometry g) {
  const int64_t total = g.planes * g.oh * g.ow;
  for (int64_t o = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; o < total; o += (int64_t)gridDim.x * blockDim.x) {
    const int xo = static_cast<int>(o % g.ow), y = static_cast<int>((o / g.ow) % g.oh);
    const int64_t best = argmaxCell(x, g, o / ((int64_t)g.oh * g.ow), y, xo);
    out[o] = best < 0 ? -INFINITY : x[best];
  }
}

__global__ void maxPoolBackwardKernel(const float* dy, const float* x, float* dx, PoolGeometry g) {
  const int64_t total = g.planes * g.oh * g.ow;
  for (int64_t o = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; o < total; o += (int64_t)gridDim.x * blockDim.x) {
    const int xo = static_cast<int>(o % g.ow), y = static_cast<int>((o / g.ow) % g.oh);
    const int64_t best = argmaxCell(x, g, o / ((int64_t)g.oh * g.ow), y, xo);
    if (best >= 0) atomicAdd(dx + best, dy[o]);
  }
}

/** In-image cells of a window along one axis starting at `start`. */
__device__ inline int cellsInside(int start, int k, int size) {
  const int lo = start < 0 ? 0 : start;
  const int hi = start + k > size ? size : start + k;
  return hi > lo ? hi - lo : 0;
}

__global__ void avgPoolKernel(const float* x, float* out, PoolGeometry g) {
  const int64_t total = g.planes * g.oh * g.ow;
  for (int64_t o = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; o < total; o += (int64_t)gridDim.x * blockDim.x) {
    const int xo = static_cast<int>(o % g.ow), y = static_cast<int>((o / g.ow) % g.oh);
    const int64_t plane = o / ((int64_t)g.oh * g.ow);
    float sum = 0.0f;
    for (int i = 0; i < g.kh; i++) {
      const int iy = y * g.sh - g.top + i;
      if (iy < 0 || iy >= g.h) continue;
      for (int j = 0; j < g.kw; j++) {
        const int ix = xo * g.sw - g.left + j;
        if (ix >= 0 && ix < g.w) sum += x[(plane * g.h + iy) * g.w + ix];
      }
    }
    const int cells = cellsInside(y * g.sh - g.top, g.kh, g.h) * cellsInside(xo * g.sw - g.left, g.kw, g.w);
    out[o] = sum / static_cast<float>(g.countIncludePad ? g.kh * g.kw : cells);
  }
}

__device__ inline int floorDiv(int a, int b) { return (a >= 0) ? a / b : -((-a + b - 1) / b); }

/** Gathers, per input cell, dy / divisor of every window holding it (deterministic: no atomics). */
__global__ void avgPoolBackwardKernel(const float* dy, float* dx, PoolGeometry g) {
  const int64_t total = g.planes * g.h * g.w;
  for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total; e += (int64_t)gridDim.x * blockDim.x) {
    const int ix = static_cast<int>(e % g.w), iy = static_cast<int>((e / g.w) % g.h);
    const int64_t plane = e / ((int64_t)g.h * g.w);
    // Windows y with y·sh − top ≤ iy ≤ y·sh − top + kh − 1.
    int y0 = floorDiv(iy + g.top - g.kh, g.sh) + 1, y1 = floorDiv(iy + g.top, g.sh);
    int x0 = floorDiv(ix + g.left - g.kw, g.sw) + 1, x1 = floorDiv(ix + g.left, g.sw);
    y0 = y0 < 0 ? 0 : y0;
    x0 = x0 < 0 ? 0 : x0;
    y1 = y1 >= g.oh ? g.oh - 1 : y1;
    x1 = x1 >= g.ow ? g.ow - 1 : x1;
    float sum = 0.0f;
    for (int y = y0; y <= y1; y++) {
      const int rows = cellsInside(y * g.sh - g.top, g.kh, g.h);
      for (int x = x0; x <= x1; x++) {
        const int divisor = g.countIncludePad ? g.kh * g.kw : rows * cellsInside(x * g.sw - g.left, g.kw, g.w);
        sum += dy[(plane * g.oh + y) * g.ow + x] / static_cast<float>(divisor);
      }
    }
    dx[e] = sum;
  }
}

}  // namespace

void launchMaxPool2d(const LaunchContext& ctx, Params& p) {
  const float* x = p.ptr<const float>();
  float* out = p.ptr<float>();
  const PoolGeometry g = readPool(p, false);
  const int64_t total = g.planes * g.oh * g.ow;
  if (total == 0) return;
  maxPoolKernel<<<gridFor(total), 256, 0, ctx.stream>>>(x, out, g);
  checkLaunch("maxPool2d");
}

void launchMaxPool2dBackward(const LaunchContext& ctx, Params& p) {
  const float* dy = p.ptr<const float>();
  const float* x = p.ptr<const float>();
  float* dx = p.ptr<float>();
  const PoolGeometry g = readPool(p, false);
  const int64_t inputs = g.planes * g.h * g.w, total = g.planes * g.oh * g.ow;
  if (inputs == 0) return;
  CUDA_CHECK(cudaMemsetAsync(dx, 0, static_cast<size_t>(inputs) * sizeof(float), ctx.stream));
  if (total == 0) return;
  maxPoolBackwardKernel<<<gridFor(total), 256, 0, ctx.stream>>>(dy, x, dx, g);
  checkLaunch("maxPool2dBackward");
}

void launchAvgPool2d(const LaunchContext& ctx, Params& p) {
  const float* x = p.ptr<const float>();
  float* out = p.ptr<float>();
  const PoolGeometry g = readPool(p, true);
  const int64_t total = g.planes * g.oh * g.ow;
  if (total == 0) return;
  avgPoolKernel<<<gridFor(total), 256, 0, ctx.stream>>>(x, out, g);
  checkLaunch("avgPool2d");
}

void launchAvgPool2dBackward(const LaunchContext& ctx, Params& p) {
  const float* dy = p.ptr<const float>();
  float* dx = p.ptr<float>();
  const PoolGeometry g = readPool(p, true);
  const int64_t total = g.planes * g.h * g.w;
  if (total == 0) return;
  avgPoolBackwardKernel<<<gridFor(total), 256, 0, ctx.stream>>>(dy, dx, g);
  checkLaunch("avgPool2dBackward");
}

}  // namespace dendrite
