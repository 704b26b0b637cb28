import { add, div, eq, floor, gt, maximum, minimum, mod, mul, sub, type Tensor, tidy, where } from '@dendrite/core';
import { joinChannels, splitRgb } from './channels.js';

/**
 * RGB [..., 3, H, W] in [0, 1] → HSV with hue, saturation and value in
 * [0, 1] (hue in turns, as torchvision and `colorsys`). Grays get hue 0.
 *
 * @example
 * ```ts
 * const hsv = rgbToHsv(images);
 * ```
 */
export function rgbToHsv(x: Tensor): Tensor {
  return tidy(() => {
    const [r, g, b] = splitRgb(x, 'rgbToHsv');
    const maxc = maximum(maximum(r, g), b);
    const minc = minimum(minimum(r, g), b);
    const delta = sub(maxc, minc);
    const chromatic = gt(delta, 0);
    // Safe denominators: the unselected branch of `where` must not produce NaN from 0/0.
    const d = where(chromatic, delta, 1);
    const s = where(gt(maxc, 0), div(delta, where(gt(maxc, 0), maxc, 1)), 0);
    const rc = div(sub(maxc, r), d);
    const gc = div(sub(maxc, g), d);
    const bc = div(sub(maxc, b), d);
    const hr = sub(bc, gc);
    const hg = add(sub(rc, bc), 2);
    const hb = add(sub(gc, rc), 4);
    const h6 = where(eq(maxc, r), hr, where(eq(maxc, g), hg, hb));
    const h = where(chromatic, mod(div(h6, 6), 1), 0);
    return joinChannels([h, s, maxc]);
  });
}

/**
 * HSV [..., 3, H, W] (all in [0, 1], hue in turns) → RGB in [0, 1]; the
 * inverse of `rgbToHsv`.
 *
 * @example
 * ```ts
 * const rgb = hsvToRgb(rgbToHsv(images)); // ≈ images
 * ```
 */
export function hsvToRgb(x: Tensor): Tensor {
  return tidy(() => {
    const [h, s, v] = splitRgb(x, 'hsvToRgb');
    const h6 = mul(mod(h, 1), 6);
    const sector = floor(h6);
    const f = sub(h6, sector);
    const i = mod(sector, 6);
    const p = mul(v, sub(1, s));
    const q = mul(v, sub(1, mul(s, f)));
    const t = mul(v, sub(1, mul(s, sub(1, f))));
    const pick = (choices: Tensor[]) => choices.slice(0, 5).reduceRight((acc, c, k) => where(eq(i, k), c, acc), choices[5]);
    return joinChannels([pick([v, q, p, p, t, v]), pick([t, v, v, q, p, p]), pick([p, p, t, v, v, q])]);
  });
}
