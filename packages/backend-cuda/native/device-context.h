// One backend's CUDA state: its device, its one stream, a caching allocator
// for device buffers and one for pinned staging buffers of async reads.
// Launches and copies are enqueued on the stream without waiting; only
// readSync and the completion of async reads wait for the stream.
#pragma once

#include <cstddef>

#include "allocator.h"
#include "params.h"

namespace dendrite {

/** A device-to-host copy in flight: wait on `done`, then take the bytes from `staging`. */
struct PendingRead {
  void* staging = nullptr;
  size_t bytes = 0;
  cudaEvent_t done = nullptr;
};

class DeviceContext {
 public:
  DeviceContext(int device, bool tf32);
  ~DeviceContext();
  DeviceContext(const DeviceContext&) = delete;
  DeviceContext& operator=(const DeviceContext&) = delete;

  void* alloc(size_t bytes);
  void release(void* block);
  /** Host → device; returns once `src` may be reused (pageable copies are staged by the driver). */
  void write(void* dst, const void* src, size_t bytes);
  /** Device → host after all queued work. */
  void readSync(void* dst, const void* src, size_t bytes);
  /** Enqueues a device → pinned-host copy and an event after it. */
  PendingRead startRead(const void* src, size_t bytes);
  /** Blocks until `read` completed (callable from a worker thread). */
  void waitRead(const PendingRead& read) const;
  /** Frees a finished read's staging buffer and event (main thread). */
  void finishRead(PendingRead& read);
  /** An event recorded after everything queued so far (for sync()). */
  cudaEvent_t recordMarker();
  void waitEvent(cudaEvent_t event) const;
  void destroyEvent(cudaEvent_t event);

  void launch(int code, const double* params, size_t count);
  void setTf32(bool on) { launch_.tf32 = on; }
  bool tf32() const { return launch_.tf32; }
  int device() const { return device_; }

  CachingAllocator::Stats deviceStats() const { return deviceMemory_.stats(); }
  CachingAllocator::Stats pinnedStats() const { return pinnedMemory_.stats(); }
  /** Returns cached device blocks to the driver. */
  void emptyCache();
  /** Waits for the stream, frees every cached block and the stream; later calls throw. */
  void dispose();
  bool disposed() const { return disposed_; }

 private:
  void use() const;

  int device_;
  cudaStream_t stream_ = nullptr;
  LaunchContext launch_{};
  CachingAllocator deviceMemory_{CachingAllocator::Kind::kDevice};
  CachingAllocator pinnedMemory_{CachingAllocator::Kind::kPinnedHost};
  bool disposed_ = false;
};

}  // namespace dendrite
