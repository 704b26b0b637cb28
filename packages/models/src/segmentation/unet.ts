// U-Net (Ronneberger, Fischer, Brox 2015) with padded convolutions, so the
// output has the input's size; `depth` and `baseChannels` scale it down.
import { concat, fmtShape, maxPool2d, ShapeError, type Tensor, tidy } from '@dendrite/core';
import { Conv2d, ConvTranspose2d, Module, ModuleList, type Sequential } from '@dendrite/layers';
import { positive } from '../generative/autoencoder.js';
import { doubleConv } from './conv-block.js';

/** Configuration of `UNet` and `SegNet`. */
export interface SegmentationConfig {
  /** Image channels (default 1). */
  inChannels?: number;
  /** Classes per pixel (default 11: background + 10 digits). */
  numClasses?: number;
  /** Number of 2x downsamplings (default 4, as the paper; 2 or 3 trains fast here). */
  depth?: number;
  /** Channels of the first stage, doubled at every level (default 64, as the paper). */
  baseChannels?: number;
}

/** Validated segmentation config with defaults filled in. */
export function segmentationConfig(model: string, c: SegmentationConfig): Required<SegmentationConfig> {
  return {
    inChannels: positive(model, 'inChannels', c.inChannels ?? 1),
    numClasses: positive(model, 'numClasses', c.numClasses ?? 11),
    depth: positive(model, 'depth', c.depth ?? 4),
    baseChannels: positive(model, 'baseChannels', c.baseChannels ?? 64),
  };
}

/** Throws unless H and W are divisible by 2^depth. */
export function checkDivisible(model: string, x: Tensor, depth: number): void {
  const f = 2 ** depth;
  if (x.rank !== 4 || x.shape[2] % f !== 0 || x.shape[3] % f !== 0) {
    throw new ShapeError(`${model}: input must be [N, C, H, W] with H and W divisible by 2^depth = ${f}, got ${fmtShape(x.shape)}`);
  }
}

/**
 * U-Net: a contracting path of double convolutions and 2x2 max pools, an
 * expanding path of 2x2 transposed convolutions whose output is concatenated
 * with the encoder's features at the same scale, and a 1x1 convolution to
 * per-pixel class logits [N, numClasses, H, W].
 *
 * @example
 * ```ts
 * const net = new UNet({ depth: 2, baseChannels: 16 });
 * net.forward(x).shape; // x [N, 1, 64, 64] → [N, 11, 64, 64]
 * ```
 */
export class UNet extends Module {
  /** The resolved configuration, defaults filled in. */
  readonly cfg: Required<SegmentationConfig>;
  /** Encoder stages: a double convolution per level (baseChannels · 2^i channels), each followed by a 2x2 max pool. */
  down: ModuleList<Sequential>;
  /** Double convolution at the lowest resolution (baseChannels · 2^depth channels). */
  bottom: Sequential;
  /** Stride-2 2x2 transposed convolutions, one per level from the bottom up, halving the channels. */
  up: ModuleList<ConvTranspose2d>;
  /** Double convolutions on each upsampled map concatenated with its encoder skip. */
  merge: ModuleList<Sequential>;
  /** 1x1 convolution to per-pixel class logits [N, numClasses, H, W]. */
  head: Conv2d;

  /**
   * Builds the U-Net.
   *
   * @param config - input channels, classes, depth and base channel width
   */
  constructor(config: SegmentationConfig = {}) {
    super();
    const c = (this.cfg = segmentationConfig('UNet', config));
    const widths = Array.from({ length: c.depth + 1 }, (_, i) => c.baseChannels * 2 ** i);
    this.down = new ModuleList(widths.slice(0, c.depth).map((w, i) => doubleConv(i === 0 ? c.inChannels : widths[i - 1], w)));
    this.bottom = doubleConv(widths[c.depth - 1], widths[c.depth]);
    this.up = new ModuleList(Array.from({ length: c.depth }, (_, k) => new ConvTranspose2d(widths[c.depth - k], widths[c.depth - k - 1], 2, { stride: 2 })));
    this.merge = new ModuleList(Array.from({ length: c.depth }, (_, k) => doubleConv(2 * widths[c.depth - k - 1], widths[c.depth - k - 1])));
    this.head = new Conv2d(c.baseChannels, c.numClasses, 1);
  }

  override config(): Record<string, unknown> {
    return { ...this.cfg };
  }

  forward(x: Tensor): Tensor {
    checkDivisible('UNet', x, this.cfg.depth);
    return tidy(() => {
      const skips: Tensor[] = [];
      let h = x;
      for (const block of this.down) {
        h = block.forward(h);
        skips.push(h);
        h = maxPool2d(h, { kernelSize: 2 });
      }
      h = this.bottom.forward(h);
      for (let k = 0; k < this.cfg.depth; k++) {
        h = this.merge.at(k).forward(concat([skips[skips.length - 1 - k], this.up.at(k).forward(h)], 1));
      }
      return this.head.forward(h);
    });
  }
}
