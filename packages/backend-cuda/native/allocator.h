// A caching allocator in the manner of PyTorch's: requests are rounded up to
// size classes (512-byte granularity, then four classes per power of two, so
// at most 25% is wasted) and freed blocks go back to their class's bin for
// reuse, never to cudaFree. All work runs on one stream, so a block reused by
// a later launch is only touched after earlier work on it: no events needed.
// When the device is out of memory the cache is emptied and the request retried.
#pragma once

#include <cstddef>
#include <map>
#include <unordered_map>
#include <vector>

namespace dendrite {

class CachingAllocator {
 public:
  enum class Kind { kDevice, kPinnedHost };

  struct Stats {
    size_t liveBytes = 0;      // rounded sizes of blocks handed out
    size_t cachedBytes = 0;    // blocks waiting in bins
    size_t liveBlocks = 0;
    size_t cachedBlocks = 0;
    size_t rawAllocations = 0; // cudaMalloc / cudaMallocHost calls so far
  };

  explicit CachingAllocator(Kind kind) : kind_(kind) {}
  CachingAllocator(const CachingAllocator&) = delete;
  CachingAllocator& operator=(const CachingAllocator&) = delete;
  ~CachingAllocator();

  /** The size class a request of `bytes` is served from. */
  static size_t roundSize(size_t bytes);

  /** A block of at least `bytes` (nullptr for 0); throws CudaError when memory is exhausted. */
  void* allocate(size_t bytes);
  /** Returns a block to its bin (or to the system once the allocator was emptied for good). */
  void release(void* block);
  /** Frees every cached block; with `closing`, later releases free directly too. */
  void emptyCache(bool closing = false);

  /** Frees every block, handed out or cached (the owner guarantees none is used again), and closes. */
  void releaseAll();

  Stats stats() const { return stats_; }

 private:
  void* rawAllocate(size_t bytes);
  void rawFree(void* block);

  Kind kind_;
  bool closed_ = false;
  std::unordered_map<void*, size_t> live_;
  std::map<size_t, std::vector<void*>> bins_;
  Stats stats_;
};

}  // namespace dendrite
