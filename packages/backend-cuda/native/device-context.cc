#include "device-context.h"

#include <cstring>

#include "launchers.h"

namespace dendrite {

DeviceContext::DeviceContext(int device, bool tf32) : device_(device) {
  CUDA_CHECK(cudaSetDevice(device));
  CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
  int sms = 0;
  CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  launch_ = LaunchContext{stream_, tf32, sms};
}

DeviceContext::~DeviceContext() {
  if (disposed_) return;
  // Best effort: a destructor cannot report errors, and the process may be exiting.
  try {
    dispose();
  } catch (...) {
  }
}

void DeviceContext::use() const {
  if (disposed_) throw std::logic_error("the CUDA backend was disposed");
  CUDA_CHECK(cudaSetDevice(device_));
}

void* DeviceContext::alloc(size_t bytes) {
  use();
  return deviceMemory_.allocate(bytes);
}

void DeviceContext::release(void* block) {
  if (disposed_) return;  // dispose() already returned everything
  deviceMemory_.release(block);
}

void DeviceContext::write(void* dst, const void* src, size_t bytes) {
  use();
  if (bytes == 0) return;
  CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, stream_));
}

void DeviceContext::readSync(void* dst, const void* src, size_t bytes) {
  use();
  if (bytes == 0) return;
  CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, stream_));
  CUDA_CHECK(cudaStreamSynchronize(stream_));
}

PendingRead DeviceContext::startRead(const void* src, size_t bytes) {
  use();
  PendingRead read;
  read.bytes = bytes;
  read.staging = pinnedMemory_.allocate(bytes);
  try {
    if (bytes > 0) CUDA_CHECK(cudaMemcpyAsync(read.staging, src, bytes, cudaMemcpyDeviceToHost, stream_));
    CUDA_CHECK(cudaEventCreateWithFlags(&read.done, cudaEventDisableTiming));
    CUDA_CHECK(cudaEventRecord(read.done, stream_));
  } catch (...) {
    finishRead(read);
    throw;
  }
  return read;
}

void DeviceContext::waitRead(const PendingRead& read) const { waitEvent(read.done); }

void DeviceContext::finishRead(PendingRead& read) {
  if (read.staging) pinnedMemory_.release(read.staging);
  read.staging = nullptr;
  if (read.done) destroyEvent(read.done);
  read.done = nullptr;
}

cudaEvent_t DeviceContext::recordMarker() {
  use();
  cudaEvent_t event = nullptr;
  CUDA_CHECK(cudaEventCreateWithFlags(&event, cudaEventDisableTiming));
  CUDA_CHECK(cudaEventRecord(event, stream_));
  return event;
}

void DeviceContext::waitEvent(cudaEvent_t event) const {
  CUDA_CHECK(cudaSetDevice(device_));
  CUDA_CHECK(cudaEventSynchronize(event));
}

void DeviceContext::destroyEvent(cudaEvent_t event) { CUDA_CHECK(cudaEventDestroy(event)); }

void DeviceContext::launch(int code, const double* params, size_t count) {
  use();
  Params p(params, count);
  dispatchLaunch(code, launch_, p);
}

void DeviceContext::emptyCache() {
  use();
  deviceMemory_.emptyCache();
}

void DeviceContext::dispose() {
  if (disposed_) return;
  CUDA_CHECK(cudaSetDevice(device_));
  disposed_ = true;
  const cudaError_t synced = cudaStreamSynchronize(stream_);
  // Live device blocks die with the backend: every buffer handle is invalid from here on.
  deviceMemory_.releaseAll();
  pinnedMemory_.emptyCache(true);
  CUDA_CHECK(cudaStreamDestroy(stream_));
  stream_ = nullptr;
  check(synced, "cudaStreamSynchronize");
}

}  // namespace dendrite
