// The benchmarked problems, shared by both libraries' workloads.

/** Square matmul sizes. */
export const MATMUL_SIZES = [256, 512, 1024];

/** conv2d: input N, C, H, W; filter Cout, C, KH, KW; padding 1, stride 1 (output keeps H, W). */
export const CONV = { n: 32, c: 32, h: 28, w: 28, cout: 64, k: 3 };

/** The MLP 784-128-10 trained one SGD step at a time on batches of 128. */
export const MLP = { batch: 128, inputs: 784, hidden: 128, classes: 10, lr: 0.1 };

/** Floating-point operations of an n×n by n×n matmul. */
export const matmulFlops = (n) => 2 * n ** 3;
