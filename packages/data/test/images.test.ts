import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as d from '@dendrite/core';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { blankImage, drawText, encodePng, makeGrid, PALETTE, plotLines, plotScatter, saveImage } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dendrite-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pixel(img: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const at = (y * img.width + x) * 3;
  return Array.from(img.data.subarray(at, at + 3));
}

describe('makeGrid / saveImage', () => {
  it('tiles a batch row by row with padding, mapping the range to 0..255', async () => {
    // Three 2x3 grey images with constant values 0, 0.5 and 1; 2 per row, padding 1.
    const x = d.tensor(Float32Array.from({ length: 18 }, (_, i) => [0, 0.5, 1][Math.floor(i / 6)]), [3, 1, 2, 3]);
    const img = await makeGrid(x, { nrow: 2, padding: 1, padValue: 1 });
    expect([img.width, img.height]).toEqual([2 * 4 + 1, 2 * 3 + 1]);
    expect(pixel(img, 0, 0)).toEqual([255, 255, 255]); // padding
    expect(pixel(img, 1, 1)).toEqual([0, 0, 0]); // image 0
    expect(pixel(img, 5, 2)).toEqual([128, 128, 128]); // image 1
    expect(pixel(img, 3, 5)).toEqual([255, 255, 255]); // image 2, second row
    expect(pixel(img, 5, 5)).toEqual([255, 255, 255]); // empty cell stays padding
    const auto = await makeGrid(d.tensor([-2, 2], [1, 1, 1, 2]), { range: 'auto', padding: 0 });
    expect(Array.from(auto.data)).toEqual([0, 0, 0, 255, 255, 255]);
    x.dispose();
  });

  it('keeps RGB channels and writes a PNG that decodes to the same pixels', async () => {
    const x = d.tensor([1, 0, 0, 1, 0.5, 0.5, 0, 0, 0, 1, 1, 0], [1, 3, 2, 2]); // channel planes
    const path = join(dir, 'rgb.png');
    await saveImage(x, path, { padding: 0 });
    const png = PNG.sync.read(readFileSync(path));
    expect([png.width, png.height]).toEqual([2, 2]);
    // Pixel (0,0): r=1, g=0.5, b=0; pixel (1,1): r=1, g=0, b=0.
    expect(Array.from(png.data.subarray(0, 3))).toEqual([255, 128, 0]);
    expect(Array.from(png.data.subarray(12, 15))).toEqual([255, 0, 0]);
    x.dispose();
  });

  it('rejects shapes and options it cannot draw', async () => {
    const x = d.zeros([2, 2, 4, 4]);
    await expect(makeGrid(x)).rejects.toThrow(/makeGrid: 'batch' must be \[N, 1\|3, H, W\]/);
    await expect(makeGrid(d.zeros([1, 1, 2, 2]), { nrow: 0 })).rejects.toThrow(/nrow/);
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(5) })).toThrow(/5 bytes/);
    x.dispose();
  });
});

describe('plots', () => {
  it('plotLines draws each series in its palette colour, and text in black', () => {
    const img = plotLines([{ name: 'loss', values: [3, 2, 1.5, 1.2] }, { name: 'valloss', values: [3.2, 2.4, 2, 1.9] }], { title: 'vae', width: 200, height: 120 });
    const colours = new Set<string>();
    for (let i = 0; i < img.width * img.height; i++) colours.add(Array.from(img.data.subarray(i * 3, i * 3 + 3)).join(','));
    expect(colours.has(PALETTE[0].join(','))).toBe(true);
    expect(colours.has(PALETTE[1].join(','))).toBe(true);
    expect(colours.has('0,0,0')).toBe(true);
    expect(() => plotLines([])).toThrow(/at least one series/);
  });

  it('plotScatter colours points by class', () => {
    const img = plotScatter(Float32Array.from([0, 0, 1, 1, 0.5, 0.2]), Int32Array.from([0, 3, 3]), { width: 100, height: 80 });
    let red = 0;
    for (let i = 0; i < img.width * img.height; i++) if (img.data[i * 3] === PALETTE[3][0] && img.data[i * 3 + 1] === PALETTE[3][1]) red++;
    expect(red).toBeGreaterThan(8); // two 2x2 dots plus the legend swatch and text
    expect(() => plotScatter([0, 1, 2], [0, 1])).toThrow(/need 2 per point/);
  });

  it('drawText sets pixels for known glyphs only inside the image', () => {
    const img = blankImage(20, 8, [255, 255, 255]);
    drawText(img, '10', 0, 0, [0, 0, 0]);
    expect(pixel(img, 1, 0)).toEqual([0, 0, 0]); // the top of '1'
    drawText(img, 'x', 100, 100, [0, 0, 0]); // off-canvas: ignored, no throw
  });
});
