// Exported GEMM entry points: a batched, multi-threaded driver over
// gemmBlock. Each thread computes whole blocks of C on its own (packing its
// own panels in its own scratch), so threads never wait on one another.
import { MR, NR } from './gemm-kernel';
import { GEMM_SCRATCH_BYTES, gemmBlock } from './gemm-block';
import { chunkStart, chunksPerUnit, claimItem } from './gemm-partition';

/** Bytes of scratch each thread needs for `gemmBatched` (thread t uses scratch + t·this). */
export function gemmScratchBytes(): i32 {
  return GEMM_SCRATCH_BYTES;
}

/**
 * Batched C_t = (accumulate ? C_t : 0) + A_t·B_t for t < batch, each product
 * m×n×k with A(i, p) at A_t + 4·(i·rsA + p·csA) and B(p, j) at
 * B_t + 4·(p·rsB + j·csB); C_t has row stride ldc. `offsets` points to
 * batch × 3 int32 element offsets (A_t = a + 4·o0, B_t = b + 4·o1,
 * C_t = c + 4·o2), or is 0 for a single product at a, b, c. Threads claim
 * items from the int32 at `counter` (zero on entry).
 *
 * Work is split into (batch × chunk) items: whole products when there are
 * enough of them, otherwise each product is cut along its larger side into
 * `nthreads` chunks, so every thread gets the same amount of work.
 */
export function gemmBatched(
  batch: i32, m: i32, n: i32, k: i32,
  a: usize, rsA: i32, csA: i32,
  b: usize, rsB: i32, csB: i32,
  c: usize, ldc: i32, accumulate: i32,
  offsets: usize, scratch: usize, counter: usize,
  tid: i32, nthreads: i32,
): void {
  const chunks = chunksPerUnit(batch, nthreads);
  const splitRows = m >= n;
  const items = batch * chunks;
  const myScratch = scratch + <usize>tid * <usize>GEMM_SCRATCH_BYTES;
  for (let item = claimItem(counter); item < items; item = claimItem(counter)) {
    const t = item / chunks;
    const chunk = item % chunks;
    let at = a, bt = b, ct = c;
    if (offsets != 0) {
      const o = offsets + <usize>t * 12;
      at += <usize>load<i32>(o) << 2;
      bt += <usize>load<i32>(o, 4) << 2;
      ct += <usize>load<i32>(o, 8) << 2;
    }
    if (splitRows) {
      const r0 = chunkStart(m, chunk, chunks, MR);
      const r1 = chunkStart(m, chunk + 1, chunks, MR);
      if (r1 <= r0) continue;
      gemmBlock(r1 - r0, n, k, at + (<usize>r0 * rsA << 2), rsA, csA, bt, rsB, csB,
        ct + (<usize>r0 * ldc << 2), ldc, accumulate != 0, myScratch);
    } else {
      const c0 = chunkStart(n, chunk, chunks, NR);
      const c1 = chunkStart(n, chunk + 1, chunks, NR);
      if (c1 <= c0) continue;
      gemmBlock(m, c1 - c0, k, at, rsA, csA, bt + (<usize>c0 * csB << 2), rsB, csB,
        ct + (<usize>c0 << 2), ldc, accumulate != 0, myScratch);
    }
  }
}
