// How a zoo model expects its images: the preprocessing travels with the
// zoo entry (and its pretrained weights), so `predict` applies it.
import { type Tensor, tensor, tidy, ValueError } from '@dendrite/core';
import { CenterCrop, type DecodedImage, Normalize, resizeImage, TenCrop } from '@dendrite/data';

/** An image pipeline: resize, crop, scale to [0, 1], normalize per channel. */
export interface Preprocessing {
  /** 1 (grayscale) or 3 (RGB) channels. */
  channels: 1 | 3;
  /** Resize the shorter side to this (keeping the aspect ratio) before a center crop of `size`; without it the image is resized to `size` x `size`. */
  resize?: number;
  /** Side of the network input. */
  size: number;
  /** Per-channel mean subtracted after scaling to [0, 1] (one value per channel). */
  mean: readonly number[];
  /** Per-channel standard deviation divided by after subtracting `mean`. */
  std: readonly number[];
}

/** torchvision's ImageNet evaluation transform: resize 256, center crop 224, ImageNet mean/std. */
export const IMAGENET_PREPROCESSING: Preprocessing = { channels: 3, resize: 256, size: 224, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** MNIST digits: 28x28 grayscale, normalized with the training set's mean and std (as the PyTorch examples). */
export const MNIST_PREPROCESSING: Preprocessing = { channels: 1, size: 28, mean: [0.1307], std: [0.3081] };

/**
 * Turns a decoded image into network input: [1, C, size, size], or with
 * `tta: 'ten-crop'` the ten crops (four corners, centre, and their mirror
 * images) of the resized image as [10, C, size, size].
 *
 * @example
 * ```ts
 * const x = preprocessImage(decodeImage(bytes, 'cat.jpg', 3), IMAGENET_PREPROCESSING); // [1, 3, 224, 224]
 * ```
 */
export function preprocessImage(img: DecodedImage, p: Preprocessing, tta: 'none' | 'ten-crop' = 'none'): Tensor {
  if (tta === 'ten-crop' && p.resize === undefined) throw new ValueError(`preprocessImage: ten-crop needs a resize larger than the crop (this model's input is resized straight to ${p.size}x${p.size})`);
  let h = p.size;
  let w = p.size;
  if (p.resize !== undefined) {
    // Shorter side to `resize`, as torchvision's Resize(256) (bilinear, without PIL's antialiasing).
    const scale = p.resize / Math.min(img.width, img.height);
    h = Math.max(p.size, Math.round(img.height * scale));
    w = Math.max(p.size, Math.round(img.width * scale));
  }
  const resized = resizeImage(img, h, w);
  const pixels = new Float32Array(p.channels * h * w);
  for (let i = 0; i < h * w; i++) {
    if (p.channels === 3) {
      for (let c = 0; c < 3; c++) pixels[c * h * w + i] = resized.data[i * resized.channels + (resized.channels === 3 ? c : 0)] / 255;
    } else {
      let v = 0;
      for (let c = 0; c < resized.channels; c++) v += resized.data[i * resized.channels + c];
      pixels[i] = v / (255 * resized.channels);
    }
  }
  return tidy(() => {
    const x = tensor(pixels, [1, p.channels, h, w]);
    const norm = new Normalize([...p.mean], [...p.std]);
    if (tta === 'ten-crop') return norm.apply(new TenCrop(p.size).apply(x).reshape([10, p.channels, p.size, p.size]));
    return norm.apply(h === p.size && w === p.size ? x : new CenterCrop(p.size).apply(x));
  });
}
