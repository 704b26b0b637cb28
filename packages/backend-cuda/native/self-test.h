// Host entry points into the __host__ __device__ code the kernels run
// (elementwise math, Philox, allocator size classes), so tests on machines
// without a GPU can check that code against the core's reference.
#pragma once

#include <array>
#include <cstdint>

namespace dendrite {

std::array<uint32_t, 4> selfTestPhilox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1);
/** The float32 value the random kernel stores for element `index`. */
float selfTestRandom(int kind, uint32_t key0, uint32_t key1, uint64_t offset, uint64_t index, double a, double b);
/** unary op `op` on one value of dtype code `dtype`, as the kernel stores it (logicalNot stores bool). */
double selfTestUnary(int op, int dtype, double x, double alpha);
/** binary op `op` on two values of dtype code `dtype`, as the kernel stores it. */
double selfTestBinary(int op, int dtype, double a, double b);
/** cast of one value from dtype code `from` to `to`, as the kernel stores it. */
double selfTestCast(int from, int to, double x);

}  // namespace dendrite
