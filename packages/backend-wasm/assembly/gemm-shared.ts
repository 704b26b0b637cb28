// Multi-threaded GEMM of a few products with one B panel per product shared
// by all threads. Splitting a product's rows between threads that each pack
// B for themselves packs B once per thread (and once per chunk when chunks
// are made small for load balance); here B's columns are packed once, to
// full depth, by the threads together, then the threads claim (row block ×
// column chunk) tickets against it, each packing only its own A rows. Small
// tickets claimed dynamically let a thread that gets more CPU do more of
// the work: on a machine shared with other processes one thread is often
// paused, and with one fixed half per thread the call waited for it.
import { MR, NR } from './gemm-kernel';
import { KC, MC, kSliceDepth } from './gemm-block';
import { packA, packB } from './gemm-pack';
import { awaitTickets, chunkStart, claimTicket, completeTicket } from './gemm-partition';
import { sweepPanels } from './gemm-sweep';

/** Scratch private to one thread: a packed A block and an edge tile. */
export const SHARED_PRIVATE_BYTES: i32 = (MC * KC + MR * NR) * 4;
/** Panel bytes each thread contributes (2 threads: 8 MiB, within a 32 MiB L3). */
export const PANEL_SHARE_BYTES: i32 = 4 << 20;
/** Columns of B one pack ticket packs (8 slabs). */
const PACK_COLS: i32 = 64;
/** Compute tickets per thread to aim for: finer balances better, each extra column chunk repacks its A rows. */
const TICKETS_PER_THREAD: i32 = 8;
/** Narrowest column chunk of a compute ticket: each chunk repacks its A rows. */
const MIN_CHUNK_COLS: i32 = 128;
/** Most row blocks per panel (taller products get taller blocks). */
const MAX_ROW_ITEMS: i32 = 64;
/** Column chunks start on multiples of 16 floats: threads never share a cache line of C. */
const CHUNK_ALIGN: i32 = 16;

/** Columns of B whose full-depth slabs fit in `capacity` bytes (a multiple of PACK_COLS; 0 when none fit). */
@inline export function panelColumns(k: i32, capacity: i64): i32 {
  return <i32>min<i64>(capacity / (<i64>k * 4 * <i64>PACK_COLS), 0x100000) * PACK_COLS;
}

/** Rows of one compute ticket: MC, or more when that would make over MAX_ROW_ITEMS blocks. */
@inline function rowHeight(m: i32): i32 {
  const even = (m + MAX_ROW_ITEMS - 1) / MAX_ROW_ITEMS;
  return max(MC, (even + MR - 1) / MR * MR);
}

/** Column chunks per row block of a panel nc wide: enough for ~TICKETS_PER_THREAD tickets per thread. */
@inline function columnChunks(nc: i32, rowItems: i32, nthreads: i32): i32 {
  const wanted = (TICKETS_PER_THREAD * nthreads + rowItems - 1) / rowItems;
  return max(1, min(wanted, nc / MIN_CHUNK_COLS));
}

/** Tickets of one m×n×k product with panels `panelCols` wide. */
export function sharedTickets(m: i32, n: i32, panelCols: i32, nthreads: i32): i32 {
  const rowItems = (m + rowHeight(m) - 1) / rowHeight(m);
  let tickets = 0;
  for (let jc = 0; jc < n; jc += panelCols) {
    const nc = min(panelCols, n - jc);
    tickets += (nc + PACK_COLS - 1) / PACK_COLS + rowItems * columnChunks(nc, rowItems, nthreads);
  }
  return tickets;
}

/** Element offset `which` (0 A, 1 B, 2 C) of product t in the offsets table (0: a single product). */
@inline function offsetOf(offsets: usize, t: i32, which: i32): usize {
  return offsets == 0 ? 0 : <usize>load<i32>(offsets + <usize>(t * 3 + which) * 4) << 2;
}

/**
 * Thread `tid`'s part of C_t = (accumulate ? C_t : 0) + A_t·B_t for the
 * `batch` products (operands as in gemmBatched), one product after another.
 * `scratch` holds nthreads·SHARED_PRIVATE_BYTES of private areas followed by
 * a shared panel of `panelCols` full-depth B columns; tickets come from the
 * int32 at `counter` (zero on entry). Needs k > 0.
 */
export function gemmShared(
  batch: i32, m: i32, n: i32, k: i32,
  a: usize, rsA: i32, csA: i32,
  b: usize, rsB: i32, csB: i32,
  c: usize, ldc: i32, accumulate: bool,
  offsets: usize, scratch: usize, counter: usize, panelCols: i32,
  tid: i32, nthreads: i32,
): void {
  const ap = scratch + <usize>tid * <usize>SHARED_PRIVATE_BYTES;
  const tile = ap + (<usize>(MC * KC) << 2);
  const panel = scratch + <usize>nthreads * <usize>SHARED_PRIVATE_BYTES;
  const slabBytes = <usize>(k * NR) << 2;
  const ldcBytes = <usize>ldc << 2;
  const kStep = kSliceDepth(k);
  const height = rowHeight(m);
  const rowItems = (m + height - 1) / height;
  let ticket = claimTicket(counter);
  let base = 0; // tickets of the phases before this one
  for (let t = 0; t < batch; t++) {
    const at = a + offsetOf(offsets, t, 0), bt = b + offsetOf(offsets, t, 1), ct = c + offsetOf(offsets, t, 2);
    for (let jc = 0; jc < n; jc += panelCols) {
      const nc = min(panelCols, n - jc);
      const packs = (nc + PACK_COLS - 1) / PACK_COLS;
      const chunks = columnChunks(nc, rowItems, nthreads);
      const end = base + packs + rowItems * chunks;
      for (; ticket < base + packs; ticket = claimTicket(counter)) {
        awaitTickets(counter, base); // the previous phase is done reading the panel
        const j0 = (ticket - base) * PACK_COLS;
        packB(panel + <usize>(j0 / NR) * slabBytes, bt + (<usize>(jc + j0) * <usize>csB << 2), rsB, csB, k, min(PACK_COLS, nc - j0));
        completeTicket(counter);
      }
      for (; ticket < end; ticket = claimTicket(counter)) {
        awaitTickets(counter, base + packs); // this phase's panel is packed
        const item = ticket - base - packs;
        const r0 = item / chunks * height, r1 = min(m, r0 + height);
        const chunk = item % chunks;
        const c0 = chunkStart(nc, chunk, chunks, CHUNK_ALIGN), c1 = chunkStart(nc, chunk + 1, chunks, CHUNK_ALIGN);
        if (c1 > c0) {
          for (let ic = r0; ic < r1; ic += MC) {
            const mc = min(MC, r1 - ic);
            const cBlock = ct + <usize>ic * ldcBytes + (<usize>(jc + c0) << 2);
            for (let pc = 0; pc < k; pc += kStep) {
              const kc = min(kStep, k - pc);
              packA(ap, at + ((<usize>ic * rsA + <usize>pc * csA) << 2), rsA, csA, mc, kc);
              const bSlice = panel + <usize>(c0 / NR) * slabBytes + (<usize>(pc * NR) << 2);
              sweepPanels(mc, c1 - c0, kc, ap, bSlice, slabBytes, cBlock, ldcBytes, accumulate || pc > 0, tile);
            }
          }
        }
        completeTicket(counter);
      }
      base = end;
    }
  }
}
