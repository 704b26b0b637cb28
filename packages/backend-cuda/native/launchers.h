// Every kernel launcher of the addon. Each reads its arguments from Params
// in the order src/params.ts writes them, validates what it must, and
// enqueues its kernels on the backend's stream without waiting.
#pragma once

#include <string>
#include <type_traits>

#include "common.h"
#include "params.h"

namespace dendrite {

/** Launch codes; must match LAUNCH in src/native.ts. */
enum LaunchCode : int {
  kFill, kUnary, kBinary, kWhere, kCast, kReduce, kArgReduce, kStridedCopy, kGather, kScatterAdd, kMatmul,
  kRandom, kConv2d, kConv2dBackpropInput, kConv2dBackpropFilter, kMaxPool2d, kMaxPool2dBackward, kAvgPool2d,
  kAvgPool2dBackward, kSoftmax, kBatchNorm, kLayerNorm, kGridSample, kLaunchCount
};

void launchFill(const LaunchContext& ctx, Params& p);
void launchUnary(const LaunchContext& ctx, Params& p);
void launchBinary(const LaunchContext& ctx, Params& p);
void launchWhere(const LaunchContext& ctx, Params& p);
void launchCast(const LaunchContext& ctx, Params& p);
void launchReduce(const LaunchContext& ctx, Params& p);
void launchArgReduce(const LaunchContext& ctx, Params& p);
void launchStridedCopy(const LaunchContext& ctx, Params& p);
void launchGather(const LaunchContext& ctx, Params& p);
void launchScatterAdd(const LaunchContext& ctx, Params& p);
void launchMatmul(const LaunchContext& ctx, Params& p);
void launchRandom(const LaunchContext& ctx, Params& p);
void launchConv2d(const LaunchContext& ctx, Params& p);
void launchConv2dBackpropInput(const LaunchContext& ctx, Params& p);
void launchConv2dBackpropFilter(const LaunchContext& ctx, Params& p);
void launchMaxPool2d(const LaunchContext& ctx, Params& p);
void launchMaxPool2dBackward(const LaunchContext& ctx, Params& p);
void launchAvgPool2d(const LaunchContext& ctx, Params& p);
void launchAvgPool2dBackward(const LaunchContext& ctx, Params& p);
void launchSoftmax(const LaunchContext& ctx, Params& p);
void launchBatchNorm(const LaunchContext& ctx, Params& p);
void launchLayerNorm(const LaunchContext& ctx, Params& p);
void launchGridSample(const LaunchContext& ctx, Params& p);

/** Runs launch `code`; throws std::invalid_argument for an unknown code. */
void dispatchLaunch(int code, const LaunchContext& ctx, Params& p);

}  // namespace dendrite
