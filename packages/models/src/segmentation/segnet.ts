// SegNet (Badrinarayanan, Kendall, Cipolla 2017): the decoder upsamples with
// the encoder's max-pooling indices instead of learned deconvolutions.
import { maxPool2dWithIndices, maxUnpool2d, type Tensor, tidy } from '@dendrite/core';
import { Conv2d, Module, ModuleList, type Sequential } from '@dendrite/layers';
import { doubleConv } from './conv-block.js';
import { checkDivisible, type SegmentationConfig, segmentationConfig } from './unet.js';

/**
 * SegNet: encoder stages of double convolutions each followed by a 2x2 max
 * pool that remembers where its maxima were; decoder stages that put values
 * back at those positions (`maxUnpool2d`) and convolve the sparse map dense;
 * a 1x1 convolution to class logits [N, numClasses, H, W].
 *
 * @example
 * ```ts
 * const net = new SegNet({ depth: 2, baseChannels: 16 });
 * net.forward(x).shape; // x [N, 1, 64, 64] → [N, 11, 64, 64]
 * ```
 */
export class SegNet extends Module {
  /** The resolved configuration, defaults filled in. */
  readonly cfg: Required<SegmentationConfig>;
  /** Encoder stages: a double convolution per level, each followed by a 2x2 max pool that records its indices. */
  encoder: ModuleList<Sequential>;
  /** Decoder stages: max-unpooling with the recorded indices, then a double convolution, from the bottom level up. */
  decoder: ModuleList<Sequential>;
  /** 1x1 convolution to per-pixel class logits [N, numClasses, H, W]. */
  head: Conv2d;

  /**
   * Builds the SegNet.
   *
   * @param config - input channels, classes, depth and base channel width
   */
  constructor(config: SegmentationConfig = {}) {
    super();
    const c = (this.cfg = segmentationConfig('SegNet', config));
    const widths = Array.from({ length: c.depth }, (_, i) => c.baseChannels * 2 ** i);
    this.encoder = new ModuleList(widths.map((w, i) => doubleConv(i === 0 ? c.inChannels : widths[i - 1], w)));
    // Decoder stage k undoes encoder stage depth-1-k: back to the channels that stage received (the first ends at baseChannels).
    this.decoder = new ModuleList(widths.map((_, k) => {
      const i = c.depth - 1 - k;
      return doubleConv(widths[i], i === 0 ? c.baseChannels : widths[i - 1]);
    }));
    this.head = new Conv2d(c.baseChannels, c.numClasses, 1);
  }

  override config(): Record<string, unknown> {
    return { ...this.cfg };
  }

  forward(x: Tensor): Tensor {
    checkDivisible('SegNet', x, this.cfg.depth);
    return tidy(() => {
      const pools: { indices: Tensor; size: [number, number] }[] = [];
      let h = x;
      for (const block of this.encoder) {
        h = block.forward(h);
        const size: [number, number] = [h.shape[2], h.shape[3]];
        const [pooled, indices] = maxPool2dWithIndices(h, { kernelSize: 2 });
        pools.push({ indices, size });
        h = pooled;
      }
      for (let k = 0; k < this.cfg.depth; k++) {
        const { indices, size } = pools[pools.length - 1 - k];
        h = this.decoder.at(k).forward(maxUnpool2d(h, indices, size));
      }
      return this.head.forward(h);
    });
  }
}
