#include "allocator.h"

#include "common.h"

namespace dendrite {

size_t CachingAllocator::roundSize(size_t bytes) {
  constexpr size_t kMinBlock = 512;
  if (bytes <= kMinBlock) return kMinBlock;
  size_t top = 1;
  while (top <= bytes / 2) top <<= 1;  // highest power of two ≤ bytes
  size_t step = top / 4;
  if (step < kMinBlock) step = kMinBlock;
  return (bytes + step - 1) / step * step;
}

CachingAllocator::~CachingAllocator() {
  // Errors cannot propagate from a destructor; a failing free here means the context is already gone.
  for (auto& [size, blocks] : bins_)
    for (void* b : blocks) kind_ == Kind::kDevice ? (void)cudaFree(b) : (void)cudaFreeHost(b);
}

void* CachingAllocator::rawAllocate(size_t bytes) {
  void* p = nullptr;
  cudaError_t status = kind_ == Kind::kDevice ? cudaMalloc(&p, bytes) : cudaMallocHost(&p, bytes);
  if (status == cudaErrorMemoryAllocation) {
    (void)cudaGetLastError();  // clear the sticky-free error before retrying
    emptyCache();
    status = kind_ == Kind::kDevice ? cudaMalloc(&p, bytes) : cudaMallocHost(&p, bytes);
  }
  check(status, kind_ == Kind::kDevice ? "cudaMalloc" : "cudaMallocHost");
  stats_.rawAllocations++;
  return p;
}

void CachingAllocator::rawFree(void* block) {
  if (kind_ == Kind::kDevice) CUDA_CHECK(cudaFree(block));
  else CUDA_CHECK(cudaFreeHost(block));
}

void* CachingAllocator::allocate(size_t bytes) {
  if (bytes == 0) return nullptr;
  const size_t size = roundSize(bytes);
  void* block = nullptr;
  auto bin = bins_.find(size);
  if (bin != bins_.end() && !bin->second.empty()) {
    block = bin->second.back();
    bin->second.pop_back();
    stats_.cachedBytes -= size;
    stats_.cachedBlocks--;
  } else {
    block = rawAllocate(size);
  }
  live_[block] = size;
  stats_.liveBytes += size;
  stats_.liveBlocks++;
  return block;
}

void CachingAllocator::release(void* block) {
  if (block == nullptr) return;
  auto it = live_.find(block);
  if (it == live_.end()) throw std::invalid_argument("release: the block was not allocated here or was already released");
  const size_t size = it->second;
  live_.erase(it);
  stats_.liveBytes -= size;
  stats_.liveBlocks--;
  if (closed_) {
    rawFree(block);
    return;
  }
  bins_[size].push_back(block);
  stats_.cachedBytes += size;
  stats_.cachedBlocks++;
}

void CachingAllocator::emptyCache(bool closing) {
  if (closing) closed_ = true;
  for (auto& [size, blocks] : bins_) {
    for (void* b : blocks) rawFree(b);
    stats_.cachedBytes -= size * blocks.size();
    stats_.cachedBlocks -= blocks.size();
    blocks.clear();
  }
  bins_.clear();
}

void CachingAllocator::releaseAll() {
  emptyCache(true);
  for (auto& [block, size] : live_) rawFree(block);
  live_.clear();
  stats_.liveBytes = 0;
  stats_.liveBlocks = 0;
}

}  // namespace dendrite
