import { BackendError } from '@dendrite/core';
import type { WasmRuntime } from '../runtime.js';
import type { StridedSpace } from './layout.js';

// The metadata block read by assembly/lib/odometer.ts: i32 shape[rank],
// strides0..strides3[rank], then rank counters per thread. One block per
// runtime, reused by every call (kernels run one at a time).

const OPERANDS = 4;
/** Counter space is reserved for this many threads. */
const MAX_THREADS = 256;

const blocks = new WeakMap<WasmRuntime, { ptr: number; bytes: number; view: Int32Array }>();

/** The runtime's metadata block, at least `bytes` long, with a cached view of its first `words` words. */
function metaBlock(rt: WasmRuntime, bytes: number, words: number, op: string): { ptr: number; view: Int32Array } {
  if (rt.threads > MAX_THREADS) throw new BackendError(`${op}: at most ${MAX_THREADS} threads, got ${rt.threads}`);
  let block = blocks.get(rt);
  if (!block || block.bytes < bytes) {
    if (block) rt.release(block.ptr);
    const ptr = rt.malloc(bytes);
    block = { ptr, bytes, view: rt.i32(ptr, bytes >> 2) };
    blocks.set(rt, block);
  }
  // A view of unshared memory detaches when the memory grows (shared memory never moves).
  if (block.view.byteLength === 0) block.view = rt.i32(block.ptr, block.bytes >> 2);
  if (words > block.view.length) throw new BackendError(`${op}: metadata of ${words} words exceeds its block`);
  return block;
}

/** Writes `space` into the runtime's metadata block and returns [rank, pointer]. */
export function writeMeta(rt: WasmRuntime, space: StridedSpace, op: string): [number, number] {
  const rank = space.shape.length;
  if (space.strides.length > OPERANDS) throw new BackendError(`${op}: at most ${OPERANDS} strided operands, got ${space.strides.length}`);
  const { ptr, view } = metaBlock(rt, 4 * rank * (1 + OPERANDS + MAX_THREADS), rank * (1 + OPERANDS), op);
  view.set(space.shape, 0);
  for (let k = 0; k < OPERANDS; k++) {
    const s = space.strides[k];
    for (let d = 0; d < rank; d++) view[(k + 1) * rank + d] = s ? s[d] : 0;
  }
  return [rank, ptr];
}

/**
 * The metadata of `n` contiguous elements (rank 1, every operand of stride 1),
 * written without building a strided space: the common same-shape case of the
 * elementwise kernels. Returns the pointer; the rank is 1.
 */
export function writeFlatMeta(rt: WasmRuntime, n: number, op: string): number {
  const { ptr, view } = metaBlock(rt, 4 * (1 + OPERANDS + MAX_THREADS), 1 + OPERANDS, op);
  view[0] = n;
  for (let k = 1; k <= OPERANDS; k++) view[k] = 1;
  return ptr;
}
