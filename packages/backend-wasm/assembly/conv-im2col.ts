// Explicit im2col for a band of output rows: writes patch-matrix rows
// (c, kh, kw) ∈ [j0, j1) × output positions of rows [oh0, oh1) as a dense
// row-major block. Each (row, output row) segment is a shifted copy of one
// image row, so with stride 1 its interior is a plain vector copy and only
// the padding is filled separately. Used where reading the matrix transposed
// (filter gradient) would otherwise cost a gather per element.
import { ConvGeometry } from './conv-geometry';

/**
 * dst[(j - j0)·cols + (oh - oh0)·OW + ow] = x[c, oh·sh + kh·dh - pt, ow·sw + kw·dw - pl]
 * (0 in the padding) for j = (c·KH + kh)·KW + kw, cols = (oh1 - oh0)·OW.
 */
export function im2colBand(dst: usize, x: usize, g: ConvGeometry, j0: i32, j1: i32, oh0: i32, oh1: i32): void {
  const h = g.h, w = g.w, ow = g.ow, sh = g.sh, sw = g.sw, kh = g.kh, kw = g.kw;
  const kk = kh * kw;
  for (let j = j0; j < j1; j++) {
    const c = j / kk, r = j % kk;
    const rowOff = (r / kw) * g.dh - g.pt;
    const colOff = (r % kw) * g.dw - g.pl;
    // Output columns whose input column lies in [0, W) when sw = 1.
    const lo = min(ow, max(0, -colOff)), hi = max(lo, min(ow, w - colOff));
    for (let oh = oh0; oh < oh1; oh++) {
      const ih = oh * sh + rowOff;
      if (<u32>ih >= <u32>h) {
        memory.fill(dst, 0, <usize>ow << 2);
        dst += <usize>ow << 2;
        continue;
      }
      const src = x + ((<usize>(c * h + ih) * <usize>w) << 2);
      if (sw == 1) {
        // Short rows: an inline vector loop beats memory.copy's call overhead,
        // and a last vector overlapping the previous one replaces a scalar tail.
        for (let o = 0; o < lo; o++) store<f32>(dst + (<usize>o << 2), 0);
        const from = src + (<usize>colOff << 2);
        let o = lo;
        for (; o + 4 <= hi; o += 4) v128.store(dst + (<usize>o << 2), v128.load(from + (<usize>o << 2)));
        if (o < hi && hi - lo >= 4) {
          v128.store(dst + (<usize>(hi - 4) << 2), v128.load(from + (<usize>(hi - 4) << 2)));
          o = hi;
        }
        for (; o < hi; o++) store<f32>(dst + (<usize>o << 2), load<f32>(from + (<usize>o << 2)));
        for (o = hi; o < ow; o++) store<f32>(dst + (<usize>o << 2), 0);
      } else {
        for (let o = 0; o < ow; o++) {
          const iw = o * sw + colOff;
          store<f32>(dst + (<usize>o << 2), <u32>iw < <u32>w ? load<f32>(src + (<usize>iw << 2)) : 0);
        }
      }
      dst += <usize>ow << 2;
    }
  }
}
