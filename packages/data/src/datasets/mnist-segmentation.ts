// A segmentation task made from real MNIST digits: several digits pasted at
// random positions and scales on a 64x64 canvas, with a per-pixel class mask
// (0 background, 1 + digit for digit pixels). Seeded, so a run is reproducible.
import { fmtShape, Generator, type Tensor, tensor, ValueError } from '@dendrite/core';
import type { MnistArrays } from '../formats/mnist-files.js';
import { checkIndex, type Dataset } from './dataset.js';

/** Options of `mnistSegmentation`. */
export interface MnistSegmentationOptions {
  /** Number of canvases (default: as many as there are source digits). */
  count?: number;
  /** Canvas side in pixels (default 64). */
  size?: number;
  /** Digits per canvas, inclusive range (default [2, 4]). */
  digits?: readonly [number, number];
  /** Side of a pasted digit in pixels, inclusive range (default [16, 30]). */
  digitSize?: readonly [number, number];
  /** Grey level (0..255) above which a digit pixel belongs to its digit's class (default 96). */
  threshold?: number;
  /** Seed of the layout draws (default 0). */
  seed?: number;
}

/** One canvas: pixels float32 [1, S, S] in [0, 1], and the class of every pixel. */
export interface SegmentationSample {
  /** Pixels in [0, 1], shape [1, S, S]. */
  x: { data: Float32Array; shape: number[] };
  /** Class of every pixel (0 background, 1..10 digits 0..9), shape [S, S]. */
  y: { data: Int32Array; shape: number[] };
}

/** A batch: x float32 [B, 1, S, S], y int32 [B, S, S] (0 background, 1..10 digits 0..9). */
export interface SegmentationBatch {
  /** Pixels float32 [B, 1, S, S] in [0, 1]. */
  x: Tensor;
  /** Pixel classes int32 [B, S, S] (0 background, 1..10 digits 0..9). */
  y: Tensor;
}

/** Bilinear resize of a 28x28 (or any square) byte image to `size` x `size`, half-pixel centres. */
function resizeDigit(src: Uint8Array, side: number, size: number): Float32Array {
  const out = new Float32Array(size * size);
  const scale = side / size;
  for (let y = 0; y < size; y++) {
    const sy = Math.min(Math.max((y + 0.5) * scale - 0.5, 0), side - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, side - 1);
    const fy = sy - y0;
    for (let x = 0; x < size; x++) {
      const sx = Math.min(Math.max((x + 0.5) * scale - 0.5, 0), side - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, side - 1);
      const fx = sx - x0;
      const top = src[y0 * side + x0] * (1 - fx) + src[y0 * side + x1] * fx;
      const bottom = src[y1 * side + x0] * (1 - fx) + src[y1 * side + x1] * fx;
      out[y * size + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** Length of the intersection of [a, a + as) and [b, b + bs). */
function overlap(a: number, as: number, b: number, bs: number): number {
  return Math.max(0, Math.min(a + as, b + bs) - Math.max(a, b));
}

/**
 * Canvases of real MNIST digits with per-pixel masks, generated once (bytes
 * in memory: 2 x S² per canvas). Digits are drawn from `source` in order
 * of a seeded shuffle, each placed where it covers at most a quarter of
 * its box with earlier digits when 10 tries find such a spot; where digits overlap, the later one wins both the
 * pixel (brighter value) and the mask. 11 classes: 0 background, 1 + d for
 * digit d.
 *
 * @example
 * ```ts
 * const { train } = await loadMnistArrays();
 * const seg = mnistSegmentation(train, { count: 2000, seed: 1 });
 * const { x, y } = seg.getBatch(Int32Array.of(0, 1)); // x [2, 1, 64, 64], y [2, 64, 64]
 * ```
 */
export function mnistSegmentation(source: MnistArrays, options: MnistSegmentationOptions = {}): MnistSegmentationDataset {
  return new MnistSegmentationDataset(source, options);
}

/** The dataset `mnistSegmentation` returns. */
export class MnistSegmentationDataset implements Dataset<SegmentationSample, SegmentationBatch> {
  readonly length: number;
  /** Canvas side S in pixels (default 64). */
  readonly size: number;
  /** Canvas pixels, [N, S, S] bytes. */
  readonly images: Uint8Array;
  /** Per-pixel classes, [N, S, S] bytes. */
  readonly masks: Uint8Array;
  /** Classes per pixel: background plus the ten digits. */
  static readonly NUM_CLASSES = 11;

  /**
   * Composes the canvases up front, deterministically from the seed.
   *
   * @param source - the MNIST digits to paste (square images with labels)
   * @param options - canvas count and size, digits per canvas, digit sizes, mask threshold and seed
   */
  constructor(source: MnistArrays, options: MnistSegmentationOptions = {}) {
    const size = options.size ?? 64;
    const [dMin, dMax] = options.digits ?? [2, 4];
    const [sMin, sMax] = options.digitSize ?? [16, 30];
    const threshold = options.threshold ?? 96;
    const count = options.count ?? source.labels.length;
    const side = source.rows;
    if (source.rows !== source.cols) throw new ValueError(`mnistSegmentation: source digits must be square, got ${source.rows}x${source.cols}`);
    if (!Number.isInteger(count) || count < 1) throw new ValueError(`mnistSegmentation: 'count' must be a positive integer, got ${count}`);
    if (!(Number.isInteger(dMin) && Number.isInteger(dMax) && dMin >= 1 && dMax >= dMin)) throw new ValueError(`mnistSegmentation: 'digits' must be [min, max] with 1 <= min <= max, got ${JSON.stringify(options.digits)}`);
    if (!(Number.isInteger(sMin) && Number.isInteger(sMax) && sMin >= 4 && sMax >= sMin && sMax <= size)) {
      throw new ValueError(`mnistSegmentation: 'digitSize' must be [min, max] with 4 <= min <= max <= size ${size}, got ${JSON.stringify(options.digitSize)}`);
    }
    this.length = count;
    this.size = size;
    this.images = new Uint8Array(count * size * size);
    this.masks = new Uint8Array(count * size * size);
    const g = new Generator(options.seed ?? 0);
    const order = g.randomPermutation(source.labels.length);
    let next = 0;
    for (let i = 0; i < count; i++) {
      const base = i * size * size;
      const n = g.int(dMin, dMax + 1);
      const boxes: [number, number, number][] = [];
      for (let k = 0; k < n; k++) {
        const d = order[next++ % order.length];
        const s = g.int(sMin, sMax + 1);
        // Up to 10 tries for a spot covering at most a quarter of the digit with earlier boxes, so most digits stay readable.
        let ox = 0;
        let oy = 0;
        for (let attempt = 0; attempt < 10; attempt++) {
          ox = g.int(0, size - s + 1);
          oy = g.int(0, size - s + 1);
          if (boxes.every(([bx, by, bs]) => overlap(ox, s, bx, bs) * overlap(oy, s, by, bs) <= (s * s) / 4)) break;
        }
        boxes.push([ox, oy, s]);
        const digit = resizeDigit(source.images.subarray(d * side * side, (d + 1) * side * side), side, s);
        const cls = 1 + source.labels[d];
        for (let y = 0; y < s; y++) {
          for (let x = 0; x < s; x++) {
            const v = digit[y * s + x];
            const at = base + (oy + y) * size + ox + x;
            if (v > threshold) this.masks[at] = cls;
            if (v > this.images[at]) this.images[at] = Math.round(v);
          }
        }
      }
    }
  }

  get(index: number): SegmentationSample {
    checkIndex(index, this.length, 'MnistSegmentationDataset.get');
    const p = this.size * this.size;
    const x = Float32Array.from(this.images.subarray(index * p, (index + 1) * p), (v) => v / 255);
    const y = Int32Array.from(this.masks.subarray(index * p, (index + 1) * p));
    return { x: { data: x, shape: [1, this.size, this.size] }, y: { data: y, shape: [this.size, this.size] } };
  }

  getBatch(indices: Int32Array): SegmentationBatch {
    const p = this.size * this.size;
    const x = new Float32Array(indices.length * p);
    const y = new Int32Array(indices.length * p);
    indices.forEach((index, b) => {
      checkIndex(index, this.length, 'MnistSegmentationDataset.getBatch');
      for (let j = 0; j < p; j++) {
        x[b * p + j] = this.images[index * p + j] / 255;
        y[b * p + j] = this.masks[index * p + j];
      }
    });
    return { x: tensor(x, [indices.length, 1, this.size, this.size]), y: tensor(y, [indices.length, this.size, this.size], 'int32') };
  }

  /** Shape of one input sample. */
  get sampleShape(): number[] {
    return [1, this.size, this.size];
  }

  toString(): string {
    return `MnistSegmentationDataset(${this.length} x ${fmtShape(this.sampleShape)}, 11 classes)`;
  }
}
