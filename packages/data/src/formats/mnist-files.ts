import { FormatError } from '@dendrite/core';
import { parseIdx } from './idx.js';

/** Checks the 4-byte magic first, so a labels file passed as images gets the clearest message. */
function checkMagic(bytes: Uint8Array, fileName: string, expected: number, what: string): void {
  const found = bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false) : -1;
  if (found !== expected) {
    const hex = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;
    throw new FormatError(`${fileName}: expected ${what} (IDX magic ${hex(expected)}), found ${found < 0 ? `only ${bytes.length} bytes` : `magic ${hex(found)}`}`);
  }
}

/** One MNIST-style split kept as bytes: `count` images of rows x cols, and their labels. */
export interface MnistArrays {
  /** Pixels, count × rows × cols bytes (0 = background). */
  images: Uint8Array;
  /** Digit labels 0-9. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Image height. */
  rows: number;
  /** Image width. */
  cols: number;
}

/**
 * Parses an MNIST images file (IDX magic 0x00000803, ubyte, 3 dimensions).
 *
 * @example
 * ```ts
 * const { data, count } = parseMnistImages(bytes, 'train-images-idx3-ubyte');
 * ```
 */
export function parseMnistImages(bytes: Uint8Array, fileName = '<buffer>'): { data: Uint8Array; count: number; rows: number; cols: number } {
  checkMagic(bytes, fileName, 0x803, 'an images file');
  const idx = parseIdx(bytes, fileName);
  if (idx.dims.length !== 3) throw new FormatError(`${fileName}: an MNIST images file has 3 dimensions [count, rows, cols], found [${idx.dims.join(', ')}]`);
  const [count, rows, cols] = idx.dims;
  // Decided: an image of 0 rows or columns has no pixels to learn from; refused rather than yielding empty tensors.
  if (rows === 0 || cols === 0) throw new FormatError(`${fileName}: images of ${rows}x${cols} pixels are empty`);
  return { data: idx.data as Uint8Array, count, rows, cols };
}

/**
 * Parses an MNIST labels file (IDX magic 0x00000801, ubyte, 1 dimension),
 * checking every label is below `numClasses`.
 *
 * @example
 * ```ts
 * const labels = parseMnistLabels(bytes, 'train-labels-idx1-ubyte'); // Uint8Array(60000)
 * ```
 */
export function parseMnistLabels(bytes: Uint8Array, fileName = '<buffer>', numClasses = 10): Uint8Array {
  checkMagic(bytes, fileName, 0x801, 'a labels file');
  const idx = parseIdx(bytes, fileName);
  const labels = idx.data as Uint8Array;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses) throw new FormatError(`${fileName}: label ${i} is ${labels[i]}, expected 0..${numClasses - 1}`);
  }
  return labels;
}

/**
 * Parses a matching pair of MNIST image and label files into one split,
 * checking their counts agree.
 *
 * @example
 * ```ts
 * const train = parseMnistPair(imageBytes, labelBytes, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte');
 * ```
 */
export function parseMnistPair(imageBytes: Uint8Array, labelBytes: Uint8Array, imageFile = '<images>', labelFile = '<labels>'): MnistArrays {
  const img = parseMnistImages(imageBytes, imageFile);
  const labels = parseMnistLabels(labelBytes, labelFile);
  if (labels.length !== img.count) {
    throw new FormatError(`${imageFile} has ${img.count} images but ${labelFile} has ${labels.length} labels`);
  }
  return { images: img.data, labels, count: img.count, rows: img.rows, cols: img.cols };
}
