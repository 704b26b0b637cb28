// decodeImageAsync in Node (pngjs / jpeg-js, as decodeImage); the browser
// build's platform decoder is checked in headless Chromium by apps/consumer.
// Here: the same pixels as the synchronous decoder, and the same typed errors.
import { FormatError } from '@dendrite/core';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage, decodeImageAsync } from '../src/index.js';

function png(width: number, height: number): { bytes: Uint8Array; rgb: number[] } {
  const img = new pngjs.PNG({ width, height });
  const rgb: number[] = [];
  for (let i = 0; i < width * height; i++) {
    const px = [(37 * i + 11) % 256, (91 * i + 5) % 256, (173 * i + 29) % 256];
    img.data.set([...px, 255], 4 * i);
    rgb.push(...px);
  }
  return { bytes: new Uint8Array(pngjs.PNG.sync.write(img)), rgb };
}

describe('decodeImageAsync (Node)', () => {
  it('decodes a PNG to the same pixels as decodeImage, RGB and grayscale', async () => {
    const { bytes, rgb } = png(5, 3);
    const img = await decodeImageAsync(bytes, 'a.png');
    expect([img.height, img.width, img.channels]).toEqual([3, 5, 3]);
    expect(Array.from(img.data)).toEqual(rgb);
    const gray = await decodeImageAsync(bytes, 'a.png', 1);
    expect(Array.from(gray.data)).toEqual(Array.from(decodeImage(bytes, 'a.png', 1).data));
  });

  it('rejects bytes that are not an image with a FormatError naming the file', async () => {
    await expect(decodeImageAsync(new Uint8Array([1, 2, 3, 4]), 'notes.txt')).rejects.toThrow(FormatError);
    await expect(decodeImageAsync(new Uint8Array([1, 2, 3, 4]), 'notes.txt')).rejects.toThrow(/notes\.txt: not a PNG or JPEG/);
  });
});
