// How GEMM-based kernels share work between threads without ever waiting on
// each other: work comes in independent units (products, images, groups);
// when there are few units, each is cut into `nthreads` chunks instead.

/**
 * Chunks per unit: 1 when the units alone balance the threads (a multiple of
 * them, or at least 4 per thread), else nthreads.
 */
@inline export function chunksPerUnit(units: i32, nthreads: i32): i32 {
  return units % nthreads == 0 || units >= 4 * nthreads ? 1 : nthreads;
}

/**
 * The next work item for the calling thread: items are claimed one by one
 * from a shared counter (zeroed by the caller), so a thread the OS pauses
 * leaves its share to the others instead of holding up the whole call.
 */
@inline export function claimItem(counter: usize): i32 {
  return atomic.add<i32>(counter, 1);
}

/** First item of thread `tid` when `items` are dealt out in contiguous ranges. */
@inline export function firstItem(items: i32, tid: i32, nthreads: i32): i32 {
  return <i32>((<i64>items * tid) / nthreads);
}

/** Start of chunk `c` of `s` chunks of `len`, rounded up to a multiple of `unit`. */
@inline export function chunkStart(len: i32, c: i32, s: i32, unit: i32): i32 {
  if (c >= s) return len;
  const raw = <i32>((<i64>len * c) / s);
  const aligned = (raw + unit - 1) / unit * unit;
  return min(aligned, len);
}

// Tickets: work items that may depend on earlier ones (a packed panel before
// the products that read it). One int32 counts both: claims in its low 16
// bits, completions in its high 16 bits, so the caller still zeroes a single
// word. Tickets are claimed in order, so every ticket below a thread's own
// has an owner, and an owner only ever waits on tickets below its own: the
// waits cannot deadlock.

/** Most tickets one call may use (claims, plus one overshoot per thread, stay below 2¹⁶). */
export const MAX_TICKETS: i32 = 0x7000;

/** Claims the next ticket. */
@inline export function claimTicket(counter: usize): i32 {
  return atomic.add<i32>(counter, 1) & 0xffff;
}

/** Marks one claimed ticket done. */
@inline export function completeTicket(counter: usize): void {
  atomic.add<i32>(counter, 1 << 16);
}

/** Spins until `done` tickets have completed (wasm has no blocking wait on browsers' main thread). */
@inline export function awaitTickets(counter: usize, done: i32): void {
  while (<i32>(atomic.load<u32>(counter) >>> 16) < done) {}
}
