// Implicit im2col: packs GEMM B panels straight from an NCHW image, so a
// convolution never materializes its (C·KH·KW)×(OH·OW) patch matrix.
//   im2col      B(k, j) = x[c, oh·sh + kh·dh - pt, ow·sw + kw·dw - pl]
//               with k = (c, kh, kw) and j = (oh, ow)   (conv forward)
//   transposed  the same matrix read as B(k = (oh, ow), j = (c, kh, kw))
//               (filter gradient: dW = dy · im2col(x)ᵀ)
// Four consecutive output positions of one row with stride 1 read four
// consecutive pixels: one vector load when they are inside the image; the
// padding, row wrap-around and strided cases gather lane by lane.
// The geometry is copied into locals and passed by value: fields read from
// memory would be re-read after every store of the packing loop.
import { ConvGeometry } from './conv-geometry';
import { NR } from './gemm-kernel';
import { storeTransposed4x4 } from './gemm-pack';

/** x[c, ih, iw] or 0 in the padding; `chan` is c·H. */
@inline function at(x: usize, h: i32, w: i32, chan: i32, ih: i32, iw: i32): f32 {
  if (<u32>ih >= <u32>h || <u32>iw >= <u32>w) return 0;
  return load<f32>(x + ((<usize>(chan + ih) * <usize>w + <usize>iw) << 2));
}

/**
 * Pixels for output positions (oh, ow), (oh, ow+1), ... (wrapping to the next
 * output row), `valid` of 4 lanes, the rest 0. rowOff/colOff are kh·dh - pt
 * and kw·dw - pl; chan is c·H.
 */
function gather4(x: usize, h: i32, w: i32, outW: i32, sh: i32, sw: i32, chan: i32, rowOff: i32, colOff: i32, oh: i32, ow: i32, valid: i32): v128 {
  const l0 = valid > 0 ? at(x, h, w, chan, oh * sh + rowOff, ow * sw + colOff) : 0;
  if (++ow == outW) { ow = 0; oh++; }
  const l1 = valid > 1 ? at(x, h, w, chan, oh * sh + rowOff, ow * sw + colOff) : 0;
  if (++ow == outW) { ow = 0; oh++; }
  const l2 = valid > 2 ? at(x, h, w, chan, oh * sh + rowOff, ow * sw + colOff) : 0;
  if (++ow == outW) { ow = 0; oh++; }
  const l3 = valid > 3 ? at(x, h, w, chan, oh * sh + rowOff, ow * sw + colOff) : 0;
  return f32x4(l0, l1, l2, l3);
}

/** Like gather4, with one vector load when the four pixels are contiguous (sameRow: stride 1, no wrap) and inside. */
@inline function run4(x: usize, h: i32, w: i32, outW: i32, sh: i32, sw: i32, chan: i32, rowOff: i32, colOff: i32, oh: i32, ow: i32, valid: i32, sameRow: bool): v128 {
  const ih = oh * sh + rowOff;
  const iw = ow + colOff;
  if (sameRow && valid == 4 && <u32>ih < <u32>h && iw >= 0 && iw + 3 < w) {
    return v128.load(x + ((<usize>(chan + ih) * <usize>w + <usize>iw) << 2));
  }
  return gather4(x, h, w, outW, sh, sw, chan, rowOff, colOff, oh, ow, valid);
}

/**
 * Packs rows k ∈ [k0, k0+kc) × columns j ∈ [j0, j0+nc) of im2col(x) into
 * NR-column slabs ([kc][NR] floats each), zero-filling columns past nc.
 */
export function packIm2col(dst: usize, x: usize, g: ConvGeometry, k0: i32, j0: i32, kc: i32, nc: i32): void {
  const kh = g.kh, kw = g.kw, dh = g.dh, dw = g.dw, pt = g.pt, pl = g.pl;
  const h = g.h, w = g.w, ow = g.ow, sh = g.sh, sw = g.sw;
  const kk = kh * kw;
  for (let jr = 0; jr < nc; jr += NR) {
    const lanes = min(NR, nc - jr);
    const j = j0 + jr;
    const ohA = j / ow, owA = j % ow;
    const ohB = (j + 4) / ow, owB = (j + 4) % ow;
    const validA = min(4, lanes), validB = max(0, lanes - 4);
    const rowA = sw == 1 && owA + 3 < ow;
    const rowB = sw == 1 && owB + 3 < ow;
    let c = k0 / kk;
    const r = k0 % kk;
    let u = r / kw, v = r % kw;
    let d = dst;
    // Interior slab: 8 outputs of one row whose windows never touch the
    // padding, so every k row is two plain vector copies.
    const ih0 = ohA * sh - pt, iw0 = owA - pl;
    if (lanes == NR && sw == 1 && owA + NR <= ow && ih0 >= 0 && ih0 + (kh - 1) * dh < h && iw0 >= 0 && iw0 + NR - 1 + (kw - 1) * dw < w) {
      const rowBytes = <usize>w << 2;
      for (let q = 0; q < kc; q++) {
        const s = x + ((<usize>(c * h + ih0 + u * dh) * <usize>w + <usize>(iw0 + v * dw)) << 2);
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
        d += 32;
        if (++v == kw) {
          v = 0;
          if (++u == kh) { u = 0; c++; }
        }
      }
      dst += <usize>(kc * NR) << 2;
      continue;
    }
    for (let q = 0; q < kc; q++) {
      const chan = c * h;
      const rowOff = u * dh - pt;
      const colOff = v * dw - pl;
      v128.store(d, run4(x, h, w, ow, sh, sw, chan, rowOff, colOff, ohA, owA, validA, rowA));
      v128.store(d, run4(x, h, w, ow, sh, sw, chan, rowOff, colOff, ohB, owB, validB, rowB), 16);
      d += 32;
      if (++v == kw) {
        v = 0;
        if (++u == kh) { u = 0; c++; }
      }
    }
    dst += <usize>(kc * NR) << 2;
  }
}

/**
 * Packs rows k ∈ [k0, k0+kc) (output positions) × columns j ∈ [j0, j0+nc)
 * (patch elements) of im2col(x)ᵀ into NR-column slabs. Reads runs of four
 * output positions per patch element and transposes them in registers.
 * `table` is 96 bytes of scratch for the slab's per-column offsets.
 */
export function packIm2colTransposed(dst: usize, x: usize, g: ConvGeometry, k0: i32, j0: i32, kc: i32, nc: i32, table: usize): void {
  const kw = g.kw, dh = g.dh, dw = g.dw, pt = g.pt, pl = g.pl;
  const h = g.h, w = g.w, ow = g.ow, sh = g.sh, sw = g.sw;
  const kk = g.kh * kw;
  for (let jr = 0; jr < nc; jr += NR) {
    // Per column (patch element): c·H, kh·dh - pt, kw·dw - pl; c·H = -1 past the edge.
    for (let l = 0; l < NR; l++) {
      const t = table + (<usize>l * 12);
      const j = j0 + jr + l;
      const r = j % kk;
      store<i32>(t, jr + l < nc ? (j / kk) * h : -1);
      store<i32>(t, (r / kw) * dh - pt, 4);
      store<i32>(t, (r % kw) * dw - pl, 8);
    }
    let oh = k0 / ow, o = k0 % ow;
    let q = 0;
    for (; q + 4 <= kc; q += 4) {
      const sameRow = sw == 1 && o + 3 < ow;
      const d = dst + (<usize>q << 5);
      storeTransposed4x4(d,
        laneRun(x, h, w, ow, sh, sw, table, 0, oh, o, sameRow), laneRun(x, h, w, ow, sh, sw, table, 1, oh, o, sameRow),
        laneRun(x, h, w, ow, sh, sw, table, 2, oh, o, sameRow), laneRun(x, h, w, ow, sh, sw, table, 3, oh, o, sameRow), 32);
      storeTransposed4x4(d + 16,
        laneRun(x, h, w, ow, sh, sw, table, 4, oh, o, sameRow), laneRun(x, h, w, ow, sh, sw, table, 5, oh, o, sameRow),
        laneRun(x, h, w, ow, sh, sw, table, 6, oh, o, sameRow), laneRun(x, h, w, ow, sh, sw, table, 7, oh, o, sameRow), 32);
      o += 4;
      while (o >= ow) { o -= ow; oh++; }
    }
    for (; q < kc; q++) {
      const d = dst + (<usize>q << 5);
      for (let l = 0; l < NR; l++) {
        const t = table + (<usize>l * 12);
        const chan = load<i32>(t);
        const val: f32 = chan < 0 ? 0 : at(x, h, w, chan, oh * sh + load<i32>(t, 4), o * sw + load<i32>(t, 8));
        store<f32>(d + (<usize>l << 2), val);
      }
      if (++o == ow) { o = 0; oh++; }
    }
    dst += <usize>(kc * NR) << 2;
  }
}

/** One column's run of the transposed packer (zeros past the edge). */
@inline function laneRun(x: usize, h: i32, w: i32, outW: i32, sh: i32, sw: i32, table: usize, l: i32, oh: i32, ow: i32, sameRow: bool): v128 {
  const t = table + (<usize>l * 12);
  const chan = load<i32>(t);
  if (chan < 0) return f32x4.splat(0);
  return run4(x, h, w, outW, sh, sw, chan, load<i32>(t, 4), load<i32>(t, 8), oh, ow, 4, sameRow);
}
