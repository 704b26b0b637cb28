import { DTypeError, Generator, memory, rand, ShapeError, type Tensor, tensor, tidy, zeros } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { rgbToGrayscale } from '../src/color/grayscale.js';
import { hsvToRgb, rgbToHsv } from '../src/color/hsv.js';
import { labToRgb, rgbToLab } from '../src/color/lab.js';

function maxAbsDiff(a: Tensor, b: Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** Float64 reference of Python's colorsys.rgb_to_hsv. */
function hsvRef(r: number, g: number, b: number): number[] {
  const maxc = Math.max(r, g, b);
  const minc = Math.min(r, g, b);
  if (maxc === minc) return [0, 0, maxc];
  const s = (maxc - minc) / maxc;
  const rc = (maxc - r) / (maxc - minc);
  const gc = (maxc - g) / (maxc - minc);
  const bc = (maxc - b) / (maxc - minc);
  const h = r === maxc ? bc - gc : g === maxc ? 2 + rc - bc : 4 + gc - rc;
  return [(((h / 6) % 1) + 1) % 1, s, maxc];
}

describe('color spaces', () => {
  it('RGB→HSV matches a float64 reference and round-trips within 1e-4', () => {
    const before = memory().numTensors;
    tidy(() => {
      const x = rand([4, 3, 5, 6], { generator: new Generator(1) });
      const hsv = rgbToHsv(x);
      const px = x.dataSync();
      const ph = hsv.dataSync();
      const plane = 30;
      for (let n = 0; n < 4; n++) {
        for (let p = 0; p < plane; p++) {
          const at = (c: number) => n * 3 * plane + c * plane + p;
          const ref = hsvRef(px[at(0)], px[at(1)], px[at(2)]);
          // float32 division and mod: ~1e-6 relative error, 1e-5 is ample.
          for (let c = 0; c < 3; c++) expect(Math.abs(ph[at(c)] - ref[c])).toBeLessThan(1e-5);
        }
      }
      expect(maxAbsDiff(hsvToRgb(hsv), x)).toBeLessThan(1e-4);
      // Grays: hue and saturation 0, and back exactly.
      const gray = tensor([0.5, 0.5, 0.5], [1, 3, 1, 1]);
      expect(Array.from(rgbToHsv(gray).dataSync())).toEqual([0, 0, 0.5]);
    });
    expect(memory().numTensors).toBe(before);
  });

  it('RGB→Lab gives the known Lab of white, black and pure red, and round-trips within 1e-4', () => {
    tidy(() => {
      const x = rand([2, 3, 8, 8], { generator: new Generator(2) });
      expect(maxAbsDiff(labToRgb(rgbToLab(x)), x)).toBeLessThan(1e-4);
      const lab = rgbToLab(tensor([1, 0, 1, 1, 0, 0, 1, 0, 0], [1, 3, 1, 3])).dataSync();
      // Planes: L = [white, black, red], a = [...], b = [...]. Reference values from the CIE formulas (D65).
      const ref = [100, 0, 53.2408, 0, 0, 80.0925, 0, 0, 67.2032];
      ref.forEach((v, k) => expect(Math.abs(lab[k] - v)).toBeLessThan(2e-2));
    });
  });

  it('grayscale uses the 601 weights; bad inputs throw typed errors', () => {
    tidy(() => {
      const g = rgbToGrayscale(tensor([0.2, 0.4, 0.9], [1, 3, 1, 1]));
      expect(g.shape).toEqual([1, 1, 1, 1]);
      expect(g.item()).toBeCloseTo(0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.9, 6);
      expect(() => rgbToHsv(zeros([1, 4, 2, 2]))).toThrow(ShapeError);
      expect(() => rgbToHsv(zeros([1, 4, 2, 2]))).toThrow(/rgbToHsv: 'x' must have 3 channels at axis -3 .* got \[1, 4, 2, 2\]/);
      expect(() => rgbToLab(zeros([3, 2, 2], 'int32'))).toThrow(DTypeError);
    });
  });
});
