// The word2vec negative-sampling update as a WASM SIMD128 kernel: the same
// math as src/word2vec/step-host.ts (see there), on float32 tables in a
// shared memory, so several workers can run it at once (Hogwild, as
// word2vec.c and gensim). No std Math (its tables would be data segments that
// every worker's instantiation re-copies): exp is computed here.

// e^x for |x| <= 40 in f64: 2^n · e^r with r = x − n·ln2, |r| <= ln2/2, and a
// degree-11 Taylor polynomial (truncation < 1e-14 relative).
@inline function expf64(x: f64): f64 {
  if (x > 40) x = 40;
  if (x < -40) x = -40;
  const n = nearest(x * 1.4426950408889634);
  const r = x - n * 0.6931471805599453;
  let p: f64 = 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const scale = reinterpret<f64>((<i64>(<i32>n + 1023)) << 52);
  return p * scale;
}

@inline function dot(a: usize, b: usize, dim: i32): f32 {
  let acc = f32x4.splat(0);
  let d = 0;
  for (; d + 4 <= dim; d += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(a + (<usize>d << 2)), v128.load(b + (<usize>d << 2))));
  let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; d < dim; d++) s += load<f32>(a + (<usize>d << 2)) * load<f32>(b + (<usize>d << 2));
  return s;
}

// y += g · x
@inline function axpy(y: usize, g: f32, x: usize, dim: i32): void {
  const gv = f32x4.splat(g);
  let d = 0;
  for (; d + 4 <= dim; d += 4) {
    const o = <usize>d << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(gv, v128.load(x + o))));
  }
  for (; d < dim; d++) {
    const o = <usize>d << 2;
    store<f32>(y + o, load<f32>(y + o) + g * load<f32>(x + o));
  }
}

/**
 * Trains examples [from, to): inputs (i32, `width` per example, −1 unused),
 * targets (i32, `nt` per example, positive first), lrs (f32). Scratch holds
 * h [dim], err [dim], g [nt] (f32), 16-byte aligned.
 */
export function sgnsStep(wIn: usize, wOut: usize, dim: i32, inputs: usize, width: i32, targets: usize, nt: i32, lrs: usize, from: i32, to: i32, scratch: usize): void {
  const h = scratch;
  const err = scratch + (<usize>dim << 2);
  const gs = err + (<usize>dim << 2);
  const rowBytes = <usize>dim << 2;
  for (let e = from; e < to; e++) {
    const lr = load<f32>(lrs + (<usize>e << 2));
    const ib = inputs + (<usize>(e * width) << 2);
    let count = 0;
    memory.fill(h, 0, rowBytes);
    for (let c = 0; c < width; c++) {
      const w = load<i32>(ib + (<usize>c << 2));
      if (w < 0) continue;
      count++;
      axpy(h, 1, wIn + <usize>w * rowBytes, dim);
    }
    if (count == 0) continue;
    if (count > 1) {
      const inv = f32x4.splat(<f32>1 / <f32>count);
      let d = 0;
      for (; d + 4 <= dim; d += 4) v128.store(h + (<usize>d << 2), f32x4.mul(v128.load(h + (<usize>d << 2)), inv));
      for (; d < dim; d++) store<f32>(h + (<usize>d << 2), load<f32>(h + (<usize>d << 2)) / <f32>count);
    }
    memory.fill(err, 0, rowBytes);
    const tb = targets + (<usize>(e * nt) << 2);
    for (let k = 0; k < nt; k++) {
      const row = wOut + <usize>load<i32>(tb + (<usize>k << 2)) * rowBytes;
      const f = <f64>dot(h, row, dim);
      const sig = 1.0 / (1.0 + expf64(-f));
      const g = <f32>(<f64>lr * ((k == 0 ? 1.0 : 0.0) - sig));
      store<f32>(gs + (<usize>k << 2), g);
      axpy(err, g, row, dim);
    }
    for (let k = 0; k < nt; k++) {
      const row = wOut + <usize>load<i32>(tb + (<usize>k << 2)) * rowBytes;
      axpy(row, load<f32>(gs + (<usize>k << 2)), h, dim);
    }
    for (let c = 0; c < width; c++) {
      const w = load<i32>(ib + (<usize>c << 2));
      if (w < 0) continue;
      axpy(wIn + <usize>w * rowBytes, 1, err, dim);
    }
  }
}
