import { fmtShape, FormatError, type Tensor, tensor, ValueError } from '@dendrite/core';
import type { HostArray } from '../loader/host-array.js';
import { checkIndex, type Dataset } from './dataset.js';

/** One image sample: pixels as float32 [C, H, W] and the class label. */
export interface ImageSample {
  /** The image as host data with its [C, H, W] shape (a tensor is made only when items are batched). */
  x: HostArray;
  /** The class label. */
  y: number;
}

/** A batch of images: x float32 [B, C, H, W], y int32 [B]. */
export interface ImageBatch {
  /** Images, float32 [B, C, H, W]. */
  x: Tensor;
  /** Labels, int32 [B]. */
  y: Tensor;
}

/** Options of `ImageArrayDataset`. */
export interface ImageArrayOptions {
  /** Per-channel mean subtracted after scaling to [0, 1] (default 0). */
  mean?: number[];
  /** Per-channel std divided by after subtracting the mean (default 1). */
  std?: number[];
  /** Class names, in label order. */
  classes?: string[];
}

/**
 * Images kept as bytes (`Uint8Array`, channel-planar [N, C, H, W]) with byte
 * labels: the form MNIST and CIFAR parse into. Tensors are made per batch
 * (float32, scaled to [0, 1], optionally normalized), never for the whole
 * set, so a 70k-image dataset costs 55 MB of bytes rather than 220 MB of
 * floats.
 *
 * @example
 * ```ts
 * const ds = new ImageArrayDataset(images, labels, [1, 28, 28]);
 * const { x, y } = ds.getBatch(Int32Array.of(0, 1, 2)); // x [3, 1, 28, 28], y [3]
 * ```
 */
export class ImageArrayDataset implements Dataset<ImageSample, ImageBatch> {
  /** Number of images. */
  readonly length: number;
  /** Class names in label order, when known. */
  readonly classes: string[] | undefined;
  private readonly pixels: number;
  private readonly scale: Float32Array;
  private readonly offset: Float32Array;

  /**
   * Wraps images stored as bytes; pixels become float32 (scaled to [0, 1], then normalized with `options.mean`/`std`) only when a batch is made.
   * @param images - every image's bytes, image after image, each `sampleShape` in CHW order
   * @param labels - one class label per image
   * @param sampleShape - [channels, height, width] of one image
   * @param options - normalization and class names
   */
  constructor(
    readonly images: Uint8Array,
    readonly labels: Uint8Array,
    readonly sampleShape: [number, number, number],
    options: ImageArrayOptions = {},
  ) {
    const [c, h, w] = sampleShape;
    this.pixels = c * h * w;
    this.length = labels.length;
    if (images.length !== this.length * this.pixels) {
      throw new FormatError(`ImageArrayDataset: ${images.length} image bytes do not hold ${this.length} images of shape ${fmtShape(sampleShape)}`);
    }
    const mean = options.mean ?? new Array<number>(c).fill(0);
    const std = options.std ?? new Array<number>(c).fill(1);
    if (mean.length !== c || std.length !== c || std.some((s) => !(s > 0))) {
      throw new ValueError(`ImageArrayDataset: mean ${JSON.stringify(mean)} and std ${JSON.stringify(std)} need ${c} values each, std positive`);
    }
    // (byte / 255 - mean) / std folded into one multiply-add per pixel.
    this.scale = Float32Array.from(std, (s) => 1 / (255 * s));
    this.offset = Float32Array.from(mean, (m, k) => -m / std[k]);
    this.classes = options.classes;
  }

  private fill(out: Float32Array, at: number, index: number): void {
    const plane = this.sampleShape[1] * this.sampleShape[2];
    const src = index * this.pixels;
    for (let k = 0; k < this.sampleShape[0]; k++) {
      const s = this.scale[k];
      const o = this.offset[k];
      const base = k * plane;
      for (let p = 0; p < plane; p++) out[at + base + p] = this.images[src + base + p] * s + o;
    }
  }

  /** Image `index` as host data plus its label. */
  get(index: number): ImageSample {
    checkIndex(index, this.length, 'ImageArrayDataset.get');
    const data = new Float32Array(this.pixels);
    this.fill(data, 0, index);
    return { x: { data, shape: this.sampleShape.slice() }, y: this.labels[index] };
  }

  /** The images at `indices` as one float32 batch [B, C, H, W] and their labels. */
  getBatch(indices: Int32Array): ImageBatch {
    const x = new Float32Array(indices.length * this.pixels);
    const y = new Int32Array(indices.length);
    indices.forEach((index, b) => {
      checkIndex(index, this.length, 'ImageArrayDataset.getBatch');
      this.fill(x, b * this.pixels, index);
      y[b] = this.labels[index];
    });
    const xt = tensor(x, [indices.length, ...this.sampleShape]);
    return { x: xt, y: tensor(y, [indices.length], 'int32') };
  }
}
