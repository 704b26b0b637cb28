import { add, div, gt, maximum, mul, pow, sub, type Tensor, tidy, where } from '@dendrite/core';
import { joinChannels, splitRgb } from './channels.js';

// sRGB (D65) → XYZ, IEC 61966-2-1.
const RGB_TO_XYZ = [
  [0.4124564, 0.3575761, 0.1804375],
  [0.2126729, 0.7151522, 0.072175],
  [0.0193339, 0.119192, 0.9503041],
];
const WHITE_D65 = [0.95047, 1.0, 1.08883];
const DELTA = 6 / 29;

/** The exact inverse, computed in float64 so RGB → Lab → RGB round-trips. */
const XYZ_TO_RGB = invert3(RGB_TO_XYZ);

function invert3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}

function mix(m: number[][], [x, y, z]: Tensor[]): Tensor[] {
  return m.map((row) => add(add(mul(x, row[0]), mul(y, row[1])), mul(z, row[2])));
}

function srgbToLinear(c: Tensor): Tensor {
  // max(c, 0) keeps pow's unselected branch finite for negative inputs.
  return where(gt(c, 0.04045), pow(div(add(maximum(c, 0), 0.055), 1.055), 2.4), div(c, 12.92));
}

function linearToSrgb(c: Tensor): Tensor {
  return where(gt(c, 0.0031308), sub(mul(pow(maximum(c, 0), 1 / 2.4), 1.055), 0.055), mul(c, 12.92));
}

function labF(t: Tensor): Tensor {
  return where(gt(t, DELTA ** 3), pow(maximum(t, 0), 1 / 3), add(div(t, 3 * DELTA * DELTA), 4 / 29));
}

function labFInverse(f: Tensor): Tensor {
  return where(gt(f, DELTA), pow(f, 3), mul(sub(f, 4 / 29), 3 * DELTA * DELTA));
}

/**
 * sRGB [..., 3, H, W] in [0, 1] → CIE L*a*b* (D65 white): L in [0, 100],
 * a and b roughly in [-128, 127].
 *
 * @example
 * ```ts
 * const lab = rgbToLab(images);
 * ```
 */
export function rgbToLab(x: Tensor): Tensor {
  return tidy(() => {
    const lin = splitRgb(x, 'rgbToLab').map(srgbToLinear);
    const [fx, fy, fz] = mix(RGB_TO_XYZ, lin).map((c, k) => labF(div(c, WHITE_D65[k])));
    return joinChannels([sub(mul(fy, 116), 16), mul(sub(fx, fy), 500), mul(sub(fy, fz), 200)]);
  });
}

/**
 * CIE L*a*b* (D65) [..., 3, H, W] → sRGB; the inverse of `rgbToLab`
 * (colors outside the sRGB gamut come back outside [0, 1]).
 *
 * @example
 * ```ts
 * const rgb = labToRgb(rgbToLab(images)); // ≈ images
 * ```
 */
export function labToRgb(x: Tensor): Tensor {
  return tidy(() => {
    const [l, a, b] = splitRgb(x, 'labToRgb');
    const fy = div(add(l, 16), 116);
    const fx = add(fy, div(a, 500));
    const fz = sub(fy, div(b, 200));
    const xyz = [fx, fy, fz].map((f, k) => mul(labFInverse(f), WHITE_D65[k]));
    return joinChannels(mix(XYZ_TO_RGB, xyz).map(linearToSrgb));
  });
}
