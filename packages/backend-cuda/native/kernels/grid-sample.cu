// gridSample as PyTorch defines it (2-D, NCHW): grid (x, y) in [-1, 1]
// unnormalized to pixel coordinates, clamped for border padding, then read
// bilinearly or from the nearest pixel (half to even); outside pixels read 0.
#include "../launchers.h"

namespace dendrite {
namespace {

struct GridGeometry {
  int n, c, h, w, oh, ow;
  bool nearest, border, alignCorners;
};

__device__ inline float unnormalize(float g, int size, bool alignCorners) {
  return alignCorners ? (g + 1.0f) / 2.0f * static_cast<float>(size - 1) : ((g + 1.0f) * static_cast<float>(size) - 1.0f) / 2.0f;
}

__device__ inline float clampCoordinate(float v, int size, bool border) {
  return border ? fminf(fmaxf(v, 0.0f), static_cast<float>(size - 1)) : v;
}

__global__ void gridSampleKernel(const float* x, const float* grid, float* out, GridGeometry g) {
  const int64_t total = (int64_t)g.n * g.c * g.oh * g.ow;
  for (int64_t o = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; o < total; o += (int64_t)gridDim.x * blockDim.x) {
    const int xo = static_cast<int>(o % g.ow), y = static_cast<int>((o / g.ow) % g.oh);
    const int64_t plane = o / ((int64_t)g.oh * g.ow);  // b·C + ch
    const int64_t b = plane / g.c;
    const float* gp = grid + ((b * g.oh + y) * g.ow + xo) * 2;
    const float ix = clampCoordinate(unnormalize(gp[0], g.w, g.alignCorners), g.w, g.border);
    const float iy = clampCoordinate(unnormalize(gp[1], g.h, g.alignCorners), g.h, g.border);
    const float* img = x + plane * g.h * g.w;
    auto pixel = [&](int py, int px) { return (py >= 0 && py < g.h && px >= 0 && px < g.w) ? img[(int64_t)py * g.w + px] : 0.0f; };
    float v;
    if (g.nearest) {
      v = pixel(static_cast<int>(rintf(iy)), static_cast<int>(rintf(ix)));
    } else {
      const float fx = floorf(ix), fy = floorf(iy);
      const int x0 = static_cast<int>(fx), y0 = static_cast<int>(fy);
      const float tx = ix - fx, ty = iy - fy;
      v = pixel(y0, x0) * (1.0f - tx) * (1.0f - ty) + pixel(y0, x0 + 1) * tx * (1.0f - ty) + pixel(y0 + 1, x0) * (1.0f - tx) * ty +
          pixel(y0 + 1, x0 + 1) * tx * ty;
    }
    out[o] = v;
  }
}

}  // namespace

void launchGridSample(const LaunchContext& ctx, Params& p) {
  const float* x = p.ptr<const float>();
  const float* grid = p.ptr<const float>();
  float* out = p.ptr<float>();
  GridGeometry g{};
  g.n = p.i32(); g.c = p.i32(); g.h = p.i32(); g.w = p.i32(); g.oh = p.i32(); g.ow = p.i32();
  g.nearest = p.flag();
  g.border = p.flag();
  g.alignCorners = p.flag();
  const int64_t total = (int64_t)g.n * g.c * g.oh * g.ow;
  if (total == 0) return;
  gridSampleKernel<<<gridFor(total), 256, 0, ctx.stream>>>(x, grid, out, g);
  checkLaunch("gridSample");
}

}  // namespace dendrite
