// The launch table: code → launcher (codes are LAUNCH in src/native.ts).
#include "launchers.h"

namespace dendrite {

void dispatchLaunch(int code, const LaunchContext& ctx, Params& p) {
  using Launcher = void (*)(const LaunchContext&, Params&);
  static const Launcher table[kLaunchCount] = {
      launchFill, launchUnary, launchBinary, launchWhere, launchCast, launchReduce, launchArgReduce, launchStridedCopy,
      launchGather, launchScatterAdd, launchMatmul, launchRandom, launchConv2d, launchConv2dBackpropInput,
      launchConv2dBackpropFilter, launchMaxPool2d, launchMaxPool2dBackward, launchAvgPool2d, launchAvgPool2dBackward,
      launchSoftmax, launchBatchNorm, launchLayerNorm, launchGridSample,
  };
  if (code < 0 || code >= kLaunchCount) throw std::invalid_argument("unknown launch code " + std::to_string(code));
  table[code](ctx, p);
}

}  // namespace dendrite
