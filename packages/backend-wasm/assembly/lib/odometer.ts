// Walks an N-d index space row by row (the last dimension is the row). The
// kernel metadata block, written by src/kernels/meta.ts, holds i32 arrays:
//   shape[rank], strides0[rank] .. strides3[rank], then per-thread counters
//   (rank entries for each thread id).
// Offsets (in elements) of up to four operands follow the counters. They are
// module globals, which every thread's instance has on its own.

export let off0: isize = 0;
export let off1: isize = 0;
export let off2: isize = 0;
export let off3: isize = 0;

@inline export function dimAt(meta: usize, d: i32): i32 {
  return load<i32>(meta + (<usize>d << 2));
}

/** Stride of operand `k` along dimension `d`. */
@inline export function strideAt(meta: usize, rank: i32, k: i32, d: i32): isize {
  return <isize>load<i32>(meta + (<usize>((k + 1) * rank + d) << 2));
}

@inline function counters(meta: usize, rank: i32, tid: i32): usize {
  return meta + (<usize>((5 + tid) * rank) << 2);
}

/** Points the odometer of thread `tid` at row `row` (a flat index over all dimensions but the last). */
export function odoSeek(meta: usize, rank: i32, tid: i32, row: i64): void {
  const cnt = counters(meta, rank, tid);
  off0 = 0;
  off1 = 0;
  off2 = 0;
  off3 = 0;
  let r = row;
  for (let d = rank - 2; d >= 0; d--) {
    const size = <i64>dimAt(meta, d);
    const c = <isize>(r % size);
    r /= size;
    store<i32>(cnt + (<usize>d << 2), <i32>c);
    off0 += c * strideAt(meta, rank, 0, d);
    off1 += c * strideAt(meta, rank, 1, d);
    off2 += c * strideAt(meta, rank, 2, d);
    off3 += c * strideAt(meta, rank, 3, d);
  }
}

/** Advances the odometer of thread `tid` by one row. */
export function odoNext(meta: usize, rank: i32, tid: i32): void {
  const cnt = counters(meta, rank, tid);
  for (let d = rank - 2; d >= 0; d--) {
    const p = cnt + (<usize>d << 2);
    const c = load<i32>(p) + 1;
    const s0 = strideAt(meta, rank, 0, d);
    const s1 = strideAt(meta, rank, 1, d);
    const s2 = strideAt(meta, rank, 2, d);
    const s3 = strideAt(meta, rank, 3, d);
    if (c < dimAt(meta, d)) {
      store<i32>(p, c);
      off0 += s0;
      off1 += s1;
      off2 += s2;
      off3 += s3;
      return;
    }
    store<i32>(p, 0);
    const back = <isize>(c - 1);
    off0 -= back * s0;
    off1 -= back * s1;
    off2 -= back * s2;
    off3 -= back * s3;
  }
}
