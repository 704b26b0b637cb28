// Splits `n` work items between `nth` threads: thread `tid` gets
// [partStart(n, tid, nth), partStart(n, tid + 1, nth)). Boundaries are rounded
// to multiples of 16 items so that threads never share a cache line of output.

/** First item of thread `tid`'s share of `n` items. */
@inline export function partStart(n: i64, tid: i32, nth: i32): i64 {
  if (tid >= nth) return n;
  const raw = (n * <i64>tid) / <i64>nth;
  const aligned = (raw + 15) & ~(<i64>15);
  return aligned < n ? aligned : n;
}
