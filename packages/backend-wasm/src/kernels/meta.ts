import { BackendError } from '@dendrite/core';
import type { WasmRuntime } from '../runtime.js';
import type { StridedSpace } from './layout.js';

// The metadata block read by assembly/lib/odometer.ts: i32 shape[rank],
// strides0..strides3[rank], then rank counters per thread. One block per
// runtime, reused by every call (kernels run one at a time).

const OPERANDS = 4;
/** Counter space is reserved for this many threads. */
const MAX_THREADS = 256;

const blocks = new WeakMap<WasmRuntime, { ptr: number; bytes: number }>();

/** Writes `space` into the runtime's metadata block and returns [rank, pointer]. */
export function writeMeta(rt: WasmRuntime, space: StridedSpace, op: string): [number, number] {
  const rank = space.shape.length;
  if (space.strides.length > OPERANDS) throw new BackendError(`${op}: at most ${OPERANDS} strided operands, got ${space.strides.length}`);
  if (rt.threads > MAX_THREADS) throw new BackendError(`${op}: at most ${MAX_THREADS} threads, got ${rt.threads}`);
  const bytes = 4 * rank * (1 + OPERANDS + MAX_THREADS);
  let block = blocks.get(rt);
  if (!block || block.bytes < bytes) {
    if (block) rt.release(block.ptr);
    block = { ptr: rt.malloc(bytes), bytes };
    blocks.set(rt, block);
  }
  const view = rt.i32(block.ptr, rank * (1 + OPERANDS));
  view.set(space.shape, 0);
  for (let k = 0; k < OPERANDS; k++) {
    const s = space.strides[k];
    for (let d = 0; d < rank; d++) view[(k + 1) * rank + d] = s ? s[d] : 0;
  }
  return [rank, block.ptr];
}
