// Convolution kernels: forward and both gradients, all on the blocked GEMM.
export * from './conv-forward';
export * from './conv-backprop-input';
export * from './conv-backprop-filter';
