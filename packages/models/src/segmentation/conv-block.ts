// (3x3 convolution → BatchNorm → ReLU) twice: the stage of U-Net and SegNet.
import { BatchNorm2d, Conv2d, ReLU, Sequential } from '@dendrite/layers';

/**
 * Two 3x3 same-size convolutions, each followed by BatchNorm and ReLU.
 *
 * @example
 * ```ts
 * doubleConv(1, 16).forward(x); // [N, 1, H, W] → [N, 16, H, W]
 * ```
 */
export function doubleConv(inChannels: number, outChannels: number): Sequential {
  return new Sequential(
    new Conv2d(inChannels, outChannels, 3, { padding: 1, bias: false }),
    new BatchNorm2d(outChannels),
    new ReLU(),
    new Conv2d(outChannels, outChannels, 3, { padding: 1, bias: false }),
    new BatchNorm2d(outChannels),
    new ReLU(),
  );
}
