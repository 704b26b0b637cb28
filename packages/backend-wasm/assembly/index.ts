// The wasm module's exports: every kernel file is re-exported here.
// Kernels take raw pointers into the shared memory, and the parallel ones end
// with (tid, nthreads) and compute only their share (see lib/partition.ts).
export * from './fill';
export * from './unary';
export * from './binary';
export * from './where';
export * from './cast';
export * from './reduce';
export * from './arg-reduce';
export * from './copy';
export * from './gather';
export * from './random';
export * from './gemm';
export * from './conv';
export * from './pool';
export * from './softmax';
export * from './norm';
export * from './grid';
export * from './optimizer-step';
