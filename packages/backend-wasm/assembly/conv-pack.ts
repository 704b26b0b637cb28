// Implicit im2col: packs GEMM B panels straight from an NCHW image, so a
// convolution never materializes its (C·KH·KW)×(OH·OW) patch matrix.
//   im2col      B(k, j) = x[c, oh·sh + kh·dh - pt, ow·sw + kw·dw - pl]
//               with k = (c, kh, kw) and j = (oh, ow)   (conv forward)
//   transposed  the same matrix read as B(k = (oh, ow), j = (c, kh, kw))
//               (filter gradient: dW = dy · im2col(x)ᵀ)
// Four consecutive output positions of one row with stride 1 read four
// consecutive pixels: one vector load when they are inside the image; the
// padding, row wrap-around and strided cases gather lane by lane.
import { ConvGeometry, pixel } from './conv-geometry';
import { NR } from './gemm-kernel';
import { storeTransposed4x4 } from './gemm-pack';

/**
 * Pixels of channel plane `c` for output positions (oh, ow), (oh, ow+1), ...
 * (wrapping to the next output row), `valid` of 4 lanes, the rest 0.
 * rowOff/colOff are kh·dh - pt and kw·dw - pl.
 */
function gather4(x: usize, g: ConvGeometry, c: i32, rowOff: i32, colOff: i32, oh: i32, ow: i32, valid: i32): v128 {
  const l0 = valid > 0 ? pixel(x, g, c, oh * g.sh + rowOff, ow * g.sw + colOff) : 0;
  if (++ow == g.ow) { ow = 0; oh++; }
  const l1 = valid > 1 ? pixel(x, g, c, oh * g.sh + rowOff, ow * g.sw + colOff) : 0;
  if (++ow == g.ow) { ow = 0; oh++; }
  const l2 = valid > 2 ? pixel(x, g, c, oh * g.sh + rowOff, ow * g.sw + colOff) : 0;
  if (++ow == g.ow) { ow = 0; oh++; }
  const l3 = valid > 3 ? pixel(x, g, c, oh * g.sh + rowOff, ow * g.sw + colOff) : 0;
  return f32x4(l0, l1, l2, l3);
}

/** Like gather4, with one vector load when the four pixels are contiguous and inside the image. */
@inline function run4(x: usize, g: ConvGeometry, c: i32, rowOff: i32, colOff: i32, oh: i32, ow: i32, valid: i32, sameRow: bool): v128 {
  if (sameRow && valid == 4) {
    const ih = oh * g.sh + rowOff;
    const iw = ow + colOff;
    if (<u32>ih < <u32>g.h && iw >= 0 && iw + 3 < g.w) {
      return v128.load(x + ((<usize>(c * g.h + ih) * <usize>g.w + <usize>iw) << 2));
    }
  }
  return gather4(x, g, c, rowOff, colOff, oh, ow, valid);
}

/**
 * Packs rows k ∈ [k0, k0+kc) × columns j ∈ [j0, j0+nc) of im2col(x) into
 * NR-column slabs ([kc][NR] floats each), zero-filling columns past nc.
 */
export function packIm2col(dst: usize, x: usize, g: ConvGeometry, k0: i32, j0: i32, kc: i32, nc: i32): void {
  const kk = g.kh * g.kw;
  for (let jr = 0; jr < nc; jr += NR) {
    const lanes = min(NR, nc - jr);
    const j = j0 + jr;
    const ohA = j / g.ow, owA = j % g.ow;
    const ohB = (j + 4) / g.ow, owB = (j + 4) % g.ow;
    const validA = min(4, lanes), validB = max(0, lanes - 4);
    const rowA = g.sw == 1 && owA + 3 < g.ow;
    const rowB = g.sw == 1 && owB + 3 < g.ow;
    let c = k0 / kk;
    const r = k0 % kk;
    let kh = r / g.kw, kw = r % g.kw;
    for (let p = 0; p < kc; p++) {
      const rowOff = kh * g.dh - g.pt;
      const colOff = kw * g.dw - g.pl;
      const d = dst + (<usize>p << 5);
      v128.store(d, run4(x, g, c, rowOff, colOff, ohA, owA, validA, rowA));
      v128.store(d, run4(x, g, c, rowOff, colOff, ohB, owB, validB, rowB), 16);
      if (++kw == g.kw) {
        kw = 0;
        if (++kh == g.kh) { kh = 0; c++; }
      }
    }
    dst += <usize>(kc * NR) << 2;
  }
}

/** One lane of the transposed packer: its (channel, rowOff, colOff), or channel -1 past the edge. */
@inline function laneRun(x: usize, g: ConvGeometry, table: usize, l: i32, oh: i32, ow: i32, valid: i32, sameRow: bool): v128 {
  const t = table + (<usize>l * 12);
  const c = load<i32>(t);
  if (c < 0) return f32x4.splat(0);
  return run4(x, g, c, load<i32>(t, 4), load<i32>(t, 8), oh, ow, valid, sameRow);
}

/**
 * Packs rows k ∈ [k0, k0+kc) (output positions) × columns j ∈ [j0, j0+nc)
 * (patch elements) of im2col(x)ᵀ into NR-column slabs. Reads runs of four
 * output positions per patch element and transposes them in registers.
 * `table` is 96 bytes of scratch for the slab's per-column offsets.
 */
export function packIm2colTransposed(dst: usize, x: usize, g: ConvGeometry, k0: i32, j0: i32, kc: i32, nc: i32, table: usize): void {
  const kk = g.kh * g.kw;
  for (let jr = 0; jr < nc; jr += NR) {
    for (let l = 0; l < NR; l++) {
      const t = table + (<usize>l * 12);
      const j = j0 + jr + l;
      if (jr + l < nc) {
        const r = j % kk;
        store<i32>(t, j / kk);
        store<i32>(t, (r / g.kw) * g.dh - g.pt, 4);
        store<i32>(t, (r % g.kw) * g.dw - g.pl, 8);
      } else {
        store<i32>(t, -1);
      }
    }
    let oh = k0 / g.ow, ow = k0 % g.ow;
    let p = 0;
    for (; p + 4 <= kc; p += 4) {
      const sameRow = g.sw == 1 && ow + 3 < g.ow;
      const d = dst + (<usize>p << 5);
      storeTransposed4x4(d,
        laneRun(x, g, table, 0, oh, ow, 4, sameRow), laneRun(x, g, table, 1, oh, ow, 4, sameRow),
        laneRun(x, g, table, 2, oh, ow, 4, sameRow), laneRun(x, g, table, 3, oh, ow, 4, sameRow), 32);
      storeTransposed4x4(d + 16,
        laneRun(x, g, table, 4, oh, ow, 4, sameRow), laneRun(x, g, table, 5, oh, ow, 4, sameRow),
        laneRun(x, g, table, 6, oh, ow, 4, sameRow), laneRun(x, g, table, 7, oh, ow, 4, sameRow), 32);
      ow += 4;
      while (ow >= g.ow) { ow -= g.ow; oh++; }
    }
    for (; p < kc; p++) {
      const d = dst + (<usize>p << 5);
      for (let l = 0; l < NR; l++) {
        const t = table + (<usize>l * 12);
        const c = load<i32>(t);
        const v: f32 = c < 0 ? 0 : pixel(x, g, c, oh * g.sh + load<i32>(t, 4), ow * g.sw + load<i32>(t, 8));
        store<f32>(d + (<usize>l << 2), v);
      }
      if (++ow == g.ow) { ow = 0; oh++; }
    }
    dst += <usize>(kc * NR) << 2;
  }
}
