import { FormatError, nodeBuiltin } from '@dendrite/core';
import { decodeImage } from '../formats/image-decode.js';
import { readBytes } from '../formats/read-file.js';
import { resizeImage } from '../formats/resize.js';
import { checkIndex, type Dataset } from './dataset.js';
import type { ImageSample } from './image-array-dataset.js';

/** Options of `imageFolder`. */
export interface ImageFolderOptions {
  /** Resize every image to [height, width] so batches stack (default: keep each image's size). */
  size?: [number, number];
  /** 3 for RGB (default), 1 for grayscale. */
  channels?: 1 | 3;
  /** File extensions to include (default png, jpg, jpeg; case-insensitive). */
  extensions?: string[];
}

/** An image-folder dataset: its files, labels and class names. */
export interface ImageFolderDataset extends Dataset<ImageSample> {
  /** Class names (the sub-folder names, sorted); label i is `classes[i]`. */
  readonly classes: string[];
  /** Image file paths, in item order. */
  readonly files: string[];
  /** Each file's class label. */
  readonly labels: Int32Array;
}

/**
 * A dataset over a directory with one sub-folder per class, as torchvision's
 * `ImageFolder`: classes are the sub-folder names in sorted order, and each
 * PNG or JPEG inside is decoded on access (pngjs / jpeg-js) into float32
 * [C, H, W] in [0, 1]. Node only.
 *
 * @example
 * ```ts
 * const ds = await imageFolder('./flowers/train', { size: [224, 224] });
 * ds.classes; // ['daisy', 'rose', ...]
 * const { x, y } = await ds.get(0);
 * ```
 */
export async function imageFolder(root: string, options: ImageFolderOptions = {}): Promise<ImageFolderDataset> {
  const fs = nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises', 'imageFolder');
  const path = nodeBuiltin<typeof import('node:path')>('node:path', 'imageFolder');
  const exts = (options.extensions ?? ['png', 'jpg', 'jpeg']).map((e) => `.${e.toLowerCase().replace(/^\./, '')}`);
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch (err) {
    throw new FormatError(`${root}: cannot read the image folder (${(err as Error).message})`);
  }
  const classes = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  if (classes.length === 0) throw new FormatError(`${root}: expected one sub-folder per class, found none`);
  const files: string[] = [];
  const labels: number[] = [];
  for (const [label, cls] of classes.entries()) {
    const names = (await fs.readdir(path.join(root, cls))).filter((n) => exts.includes(path.extname(n).toLowerCase())).sort();
    for (const n of names) {
      files.push(path.join(root, cls, n));
      labels.push(label);
    }
  }
  if (files.length === 0) throw new FormatError(`${root}: no ${exts.join('/')} images in the class folders ${classes.join(', ')}`);
  const channels = options.channels ?? 3;
  const labelArray = Int32Array.from(labels);
  return {
    classes,
    files,
    labels: labelArray,
    length: files.length,
    async get(index: number): Promise<ImageSample> {
      checkIndex(index, files.length, 'imageFolder.get');
      let img = decodeImage(await readBytes(files[index]), files[index], channels);
      if (options.size) img = resizeImage(img, options.size[0], options.size[1]);
      return { x: hwcToChw(img.data, img.height, img.width, channels), y: labelArray[index] };
    },
  };
}

/** Bytes HWC → float32 CHW in [0, 1], the layout tensors use. */
function hwcToChw(data: Uint8Array, h: number, w: number, c: number): ImageSample['x'] {
  const out = new Float32Array(c * h * w);
  const plane = h * w;
  for (let p = 0; p < plane; p++) for (let k = 0; k < c; k++) out[k * plane + p] = data[p * c + k] / 255;
  return { data: out, shape: [c, h, w] };
}
