// col2im: scatter-adds the columns of a patch-matrix block back onto the
// image it came from (the adjoint of im2col), for the input gradient.
import { ConvGeometry } from './conv-geometry';

/**
 * For channels [0, channels) of the image at `dx` (channel planes of H·W) and
 * output rows [oh0, oh1): dx[c, oh·sh + kh·dh - pt, ow·sw + kw·dw - pl] +=
 * dcol[(c·KH + kh)·KW + kw][(oh - oh0)·OW + ow], skipping the padding.
 */
export function col2imAdd(dx: usize, dcol: usize, g: ConvGeometry, channels: i32, oh0: i32, oh1: i32): void {
  const ncols = (oh1 - oh0) * g.ow;
  const planeBytes = <usize>(g.h * g.w) << 2;
  let row = dcol;
  for (let c = 0; c < channels; c++) {
    const plane = dx + <usize>c * planeBytes;
    for (let kh = 0; kh < g.kh; kh++) {
      for (let kw = 0; kw < g.kw; kw++) {
        const colOff = kw * g.dw - g.pl;
        // Output columns whose input column iw = ow·sw + colOff lies in [0, W) when sw = 1.
        const owLo = max(0, -colOff);
        const owHi = min(g.ow, g.w - colOff);
        for (let oh = oh0; oh < oh1; oh++) {
          const ih = oh * g.sh + kh * g.dh - g.pt;
          if (<u32>ih >= <u32>g.h) continue;
          const src = row + (<usize>((oh - oh0) * g.ow) << 2);
          const dst = plane + (<usize>(ih * g.w) << 2);
          if (g.sw == 1) {
            let ow = owLo;
            for (; ow + 4 <= owHi; ow += 4) {
              const d = dst + (<usize>(ow + colOff) << 2);
              v128.store(d, f32x4.add(v128.load(d), v128.load(src + (<usize>ow << 2))));
            }
            for (; ow < owHi; ow++) {
              const d = dst + (<usize>(ow + colOff) << 2);
              store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>ow << 2)));
            }
          } else {
            for (let ow = 0; ow < g.ow; ow++) {
              const iw = ow * g.sw + colOff;
              if (<u32>iw >= <u32>g.w) continue;
              const d = dst + (<usize>iw << 2);
              store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>ow << 2)));
            }
          }
        }
        row += <usize>ncols << 2;
      }
    }
  }
}
