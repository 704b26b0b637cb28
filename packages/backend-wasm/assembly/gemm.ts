// Exported GEMM entry points: a batched, multi-threaded driver. Many
// products: each thread computes whole products with gemmBlock on its own.
// A few products (fewer than balance the threads): all threads work on one
// product at a time around a shared packed B panel (gemm-shared).
import { MR, NR } from './gemm-kernel';
import { GEMM_SCRATCH_BYTES, gemmBlock } from './gemm-block';
import { chunkStart, chunksPerUnit, claimItem, MAX_TICKETS } from './gemm-partition';
import { PANEL_SHARE_BYTES, SHARED_PRIVATE_BYTES, gemmShared, panelColumns, sharedTickets } from './gemm-shared';

/** Bytes of scratch per thread for `gemmBatched` (the call gets nthreads times this). */
const PER_THREAD_BYTES: i32 = max(GEMM_SCRATCH_BYTES, SHARED_PRIVATE_BYTES + PANEL_SHARE_BYTES);

/** Bytes of scratch each thread needs for `gemmBatched` (a call gets scratch of nthreads times this). */
export function gemmScratchBytes(): i32 {
  return PER_THREAD_BYTES;
}

/**
 * Batched C_t = (accumulate ? C_t : 0) + A_t·B_t for t < batch, each product
 * m×n×k with A(i, p) at A_t + 4·(i·rsA + p·csA) and B(p, j) at
 * B_t + 4·(p·rsB + j·csB); C_t has row stride ldc. `offsets` points to
 * batch × 3 int32 element offsets (A_t = a + 4·o0, B_t = b + 4·o1,
 * C_t = c + 4·o2), or is 0 for a single product at a, b, c. `scratch` holds
 * nthreads·gemmScratchBytes(); threads claim work from the int32 at
 * `counter` (zero on entry).
 *
 * Enough products to balance the threads: items are whole products. Fewer:
 * the threads share each product (gemmShared), or, when its panel would not
 * fit or need too many tickets, cut it along its larger side into
 * `nthreads` chunks.
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
  if (chunks > 1 && m > 0 && n > 0 && k > 0) {
    const capacity = <i64>nthreads * <i64>(PER_THREAD_BYTES - SHARED_PRIVATE_BYTES);
    const panelCols = panelColumns(k, capacity);
    if (panelCols > 0 && <i64>batch * sharedTickets(m, n, panelCols, nthreads) <= MAX_TICKETS) {
      gemmShared(batch, m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, accumulate != 0,
        offsets, scratch, counter, panelCols, tid, nthreads);
      return;
    }
  }
  const splitRows = m >= n;
  const items = batch * chunks;
  const myScratch = scratch + <usize>tid * <usize>PER_THREAD_BYTES;
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
