// conv2d and its two gradients (convTranspose2d is the input gradient),
// grouped, strided, dilated and padded, each an implicit GEMM on the tiled
// GEMM of matmul.ts: see conv-forward.ts, conv-backprop-input.ts (strided
// problems go through conv-col2im.ts) and conv-backprop-filter.ts.

export { conv2dBackpropFilter } from './conv-backprop-filter.js';
export { conv2dBackpropInput } from './conv-backprop-input.js';
export { conv2d } from './conv-forward.js';
