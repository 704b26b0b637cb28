#include "probe.h"

#include <dlfcn.h>

#include "common.h"

namespace dendrite {
namespace {

std::string versionText(int v) { return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10); }

ProbeResult runProbe() {
  ProbeResult r;
  cudaRuntimeGetVersion(&r.runtimeVersion);
  void* driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (driver == nullptr) {
    const char* why = dlerror();
    r.reason = std::string("no NVIDIA driver: dlopen(\"libcuda.so.1\") failed (") + (why ? why : "unknown error") + ")";
    return r;
  }
  // The handle stays open: the runtime loads the same library next.
  cudaDriverGetVersion(&r.driverVersion);
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    r.reason = std::string("cudaGetDeviceCount failed: ") + cudaGetErrorName(status) + ": " + cudaGetErrorString(status) + " (driver supports CUDA " +
               versionText(r.driverVersion) + ", the addon was built with CUDA " + versionText(r.runtimeVersion) + ")";
    return r;
  }
  if (count == 0) {
    r.reason = "the NVIDIA driver is installed but reports no CUDA device";
    return r;
  }
  for (int d = 0; d < count; d++) {
    cudaDeviceProp prop{};
    const cudaError_t s = cudaGetDeviceProperties(&prop, d);
    if (s != cudaSuccess) {
      r.reason = std::string("cudaGetDeviceProperties(") + std::to_string(d) + ") failed: " + cudaGetErrorName(s) + ": " + cudaGetErrorString(s);
      return r;
    }
    r.devices.push_back(DeviceInfo{prop.name, prop.major, prop.minor, prop.totalGlobalMem, prop.multiProcessorCount});
  }
  const DeviceInfo& first = r.devices.front();
  if (first.major < kMinMajor) {
    r.reason = "device 0 (" + first.name + ") has compute capability " + std::to_string(first.major) + "." + std::to_string(first.minor) +
               "; the addon carries code for 8.0 and newer";
    return r;
  }
  r.available = true;
  return r;
}

}  // namespace

const ProbeResult& probeCuda() {
  static const ProbeResult result = runProbe();
  return result;
}

}  // namespace dendrite
