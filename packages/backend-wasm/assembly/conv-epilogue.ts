// The inference epilogue of a convolution: per-output-channel bias and an
// optional ReLU, applied to a block of output rows right after the GEMM
// wrote it (still in cache), instead of as two more passes over memory.

/**
 * c[i·ldc + j] = act(c[i·ldc + j] + bias[i]) for i < rows, j < cols;
 * `bias` 0 means none; act is ReLU when `relu`, else the identity.
 */
export function biasActivationRows(c: usize, rows: i32, cols: i32, ldc: i32, bias: usize, relu: bool): void {
  if (bias == 0 && !relu) return;
  const zero = f32x4.splat(0);
  for (let i = 0; i < rows; i++) {
    const row = c + ((<usize>i * <usize>ldc) << 2);
    const b = bias != 0 ? load<f32>(bias + (<usize>i << 2)) : <f32>0;
    const bv = f32x4.splat(b);
    let j = 0;
    if (relu) {
      for (; j + 4 <= cols; j += 4) {
        const p = row + (<usize>j << 2);
        v128.store(p, f32x4.max(f32x4.add(v128.load(p), bv), zero));
      }
      for (; j < cols; j++) {
        const p = row + (<usize>j << 2);
        store<f32>(p, max<f32>(load<f32>(p) + b, 0));
      }
    } else {
      for (; j + 4 <= cols; j += 4) {
        const p = row + (<usize>j << 2);
        v128.store(p, f32x4.add(v128.load(p), bv));
      }
      for (; j < cols; j++) {
        const p = row + (<usize>j << 2);
        store<f32>(p, load<f32>(p) + b);
      }
    }
  }
}

/**
 * The epilogue over a whole [N, C, HW] output (kernels without a fused one,
 * such as the depthwise path): thread `tid` of `nthreads` takes its share of
 * the N·C planes.
 */
export function channelBiasActivation(out: usize, bias: usize, n: i32, c: i32, hw: i32, relu: i32, tid: i32, nthreads: i32): void {
  const planes = n * c;
  const p0 = <i32>((<i64>planes * tid) / nthreads), p1 = <i32>((<i64>planes * (tid + 1)) / nthreads);
  for (let p = p0; p < p1; p++) {
    biasActivationRows(out + ((<usize>p * <usize>hw) << 2), 1, hw, hw, bias != 0 ? bias + (<usize>(p % c) << 2) : 0, relu != 0);
  }
}
