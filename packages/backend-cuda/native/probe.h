// Whether CUDA can run here, and why not. The driver library is looked for
// with dlopen first: without it the runtime's own error ("CUDA driver version
// is insufficient for CUDA runtime version") would send users the wrong way.
#pragma once

#include <string>
#include <vector>

namespace dendrite {

struct DeviceInfo {
  std::string name;
  int major = 0, minor = 0;
  size_t totalMemory = 0;
  int multiprocessors = 0;
};

struct ProbeResult {
  bool available = false;
  std::string reason;  // empty when available
  int driverVersion = 0, runtimeVersion = 0;
  std::vector<DeviceInfo> devices;
};

/** Probes once per process (the driver cannot appear later) and returns the cached answer. */
const ProbeResult& probeCuda();

/** The oldest compute capability the addon carries code for (sm_80; newer ones run sm_80/sm_90 code or JIT the PTX). */
constexpr int kMinMajor = 8;

}  // namespace dendrite
