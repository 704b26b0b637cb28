// PNG encoding, PCA and t-SNE projections, and the labeled scatter plot.
import { inflateSync } from 'node:zlib';
import { ValueError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { encodePng, HostRng, pca2, scatterPlotPng, tsne2 } from '../src/index.js';

// Parses a PNG's chunks, checking each CRC with zlib's crc32 where available.
function parsePng(png: Uint8Array) {
  expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const dv = new DataView(png.buffer, png.byteOffset);
  const chunks: Record<string, Uint8Array> = {};
  for (let p = 8; p < png.length; ) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    chunks[type] = png.subarray(p + 8, p + 8 + len);
    p += 12 + len;
  }
  return chunks;
}

describe('encodePng', () => {
  it('writes IHDR/IDAT/IEND whose zlib data inflates to the filtered scanlines', () => {
    const rng = new HostRng(1);
    const [w, h] = [300, 250]; // > 65535 raw bytes: several stored blocks
    const rgba = Uint8Array.from({ length: w * h * 4 }, () => rng.next() & 255);
    const c = parsePng(encodePng(rgba, w, h));
    const ihdr = new DataView(c.IHDR.buffer, c.IHDR.byteOffset);
    expect([ihdr.getUint32(0), ihdr.getUint32(4), c.IHDR[8], c.IHDR[9]]).toEqual([w, h, 8, 6]);
    const raw = inflateSync(c.IDAT); // zlib checks the Adler-32 itself
    expect(raw.length).toBe(h * (w * 4 + 1));
    for (const y of [0, 1, h - 1]) {
      expect(raw[y * (w * 4 + 1)]).toBe(0);
      expect(Array.from(raw.subarray(y * (w * 4 + 1) + 1, (y + 1) * (w * 4 + 1)))).toEqual(Array.from(rgba.subarray(y * w * 4, (y + 1) * w * 4)));
    }
    expect(c.IEND.length).toBe(0);
    expect(() => encodePng(new Uint8Array(3), 1, 1)).toThrow(RangeError);
  });
});

describe('projections', () => {
  it('pca2 finds the directions of largest variance', () => {
    // Points spread 10× along (1,1,0,0)/√2, 1× along (0,0,1,0), tiny noise elsewhere.
    const rng = new HostRng(2);
    const n = 200;
    const data = new Float64Array(n * 4);
    for (let i = 0; i < n; i++) {
      const a = (rng.uniform() - 0.5) * 20;
      const b = (rng.uniform() - 0.5) * 2;
      data.set([a / Math.SQRT2 + 3, a / Math.SQRT2 - 1, b, (rng.uniform() - 0.5) * 0.01], i * 4);
    }
    const xy = pca2(data, n, 4);
    const pearson = (u: number[], v: number[]) => {
      const mu = u.reduce((a, x) => a + x, 0) / u.length;
      const mv = v.reduce((a, x) => a + x, 0) / v.length;
      let num = 0;
      let du = 0;
      let dv = 0;
      u.forEach((x, i) => {
        num += (x - mu) * (v[i] - mv);
        du += (x - mu) ** 2;
        dv += (v[i] - mv) ** 2;
      });
      return num / Math.sqrt(du * dv);
    };
    const idx = [...Array(n).keys()];
    // Component 1 reproduces a (up to sign), component 2 reproduces b.
    const a = idx.map((i) => (data[i * 4] - 3 + data[i * 4 + 1] + 1) / Math.SQRT2);
    const b = idx.map((i) => data[i * 4 + 2]);
    expect(Math.abs(pearson(idx.map((i) => xy[2 * i]), a))).toBeGreaterThan(0.9999);
    expect(Math.abs(pearson(idx.map((i) => xy[2 * i + 1]), b))).toBeGreaterThan(0.999);
    expect(() => pca2([1, Number.NaN, 0, 0], 2, 2)).toThrow(ValueError);
  });

  it('tsne2 keeps well-separated clusters apart', () => {
    const rng = new HostRng(3);
    const n = 30;
    const d = 10;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = (j === i % 3 ? 5 : 0) + (rng.uniform() - 0.5);
    const y = tsne2(data, n, d, { perplexity: 5 });
    const dist = (i: number, k: number) => Math.hypot(y[2 * i] - y[2 * k], y[2 * i + 1] - y[2 * k + 1]);
    // Every point's nearest 2-D neighbour belongs to its own cluster.
    for (let i = 0; i < n; i++) {
      let best = -1;
      for (let k = 0; k < n; k++) if (k !== i && (best < 0 || dist(i, k) < dist(i, best))) best = k;
      expect(best % 3).toBe(i % 3);
    }
  });
});

describe('scatterPlotPng', () => {
  it('draws colored points and labels on white', () => {
    const png = scatterPlotPng([0, 0, 1, 1], ['a', 'b'], { width: 200, height: 150, groups: [0, 1], title: 'T' });
    const raw = inflateSync(parsePng(png).IDAT);
    let white = 0;
    let blue = 0;
    let red = 0;
    for (let y = 0; y < 150; y++) {
      for (let x = 0; x < 200; x++) {
        const o = y * 801 + 1 + x * 4;
        const px = [raw[o], raw[o + 1], raw[o + 2]].join();
        if (px === '255,255,255') white++;
        else if (px === '31,119,180') blue++;
        else if (px === '214,39,40') red++;
      }
    }
    expect(white).toBeGreaterThan(0.8 * 200 * 150);
    expect(blue).toBeGreaterThan(30);
    expect(red).toBeGreaterThan(30);
    expect(() => scatterPlotPng([0, 0, 1], ['a', 'b'])).toThrow(ValueError);
  });
});
