// Convolution kernels: forward and both gradients on the blocked GEMM, and
// direct depthwise kernels for groups == C.
export * from './conv-forward';
export * from './conv-epilogue';
export * from './conv-backprop-input';
export * from './conv-backprop-filter';
export * from './conv-depthwise-forward';
export * from './conv-depthwise-backprop-input';
export * from './conv-depthwise-backprop-filter';
