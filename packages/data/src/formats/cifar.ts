import { FormatError } from '@dendrite/core';

/** Images of a CIFAR binary batch: count x 3 x 32 x 32 bytes (channel-planar RGB) and labels. */
export interface CifarArrays {
  /** Pixels, count × 3 × 32 × 32 bytes. */
  images: Uint8Array;
  /** CIFAR-10 class, or CIFAR-100 fine class. */
  labels: Uint8Array;
  /** CIFAR-100 coarse (super-class) labels; absent for CIFAR-10. */
  coarseLabels?: Uint8Array;
  /** Number of images. */
  count: number;
}

const PIXELS = 3 * 32 * 32;

function parseRecords(bytes: Uint8Array, fileName: string, labelBytes: 1 | 2): CifarArrays {
  const record = labelBytes + PIXELS;
  const kind = labelBytes === 1 ? 'CIFAR-10' : 'CIFAR-100';
  if (bytes.length === 0 || bytes.length % record !== 0) {
    throw new FormatError(`${fileName}: ${kind} binary batch must be a whole number of ${record}-byte records, found ${bytes.length} bytes (${Math.floor(bytes.length / record)} records and ${bytes.length % record} bytes left over)`);
  }
  const count = bytes.length / record;
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  const coarse = labelBytes === 2 ? new Uint8Array(count) : undefined;
  for (let i = 0; i < count; i++) {
    const at = i * record;
    if (coarse) {
      coarse[i] = bytes[at];
      labels[i] = bytes[at + 1];
      if (coarse[i] >= 20) throw new FormatError(`${fileName}: record ${i} has coarse label ${coarse[i]}, expected 0..19`);
      if (labels[i] >= 100) throw new FormatError(`${fileName}: record ${i} has fine label ${labels[i]}, expected 0..99`);
    } else {
      labels[i] = bytes[at];
      if (labels[i] >= 10) throw new FormatError(`${fileName}: record ${i} has label ${labels[i]}, expected 0..9`);
    }
    images.set(bytes.subarray(at + labelBytes, at + record), i * PIXELS);
  }
  return coarse ? { images, labels, coarseLabels: coarse, count } : { images, labels, count };
}

/**
 * Parses a CIFAR-10 binary batch (`data_batch_1.bin` ...): records of one
 * label byte and 3072 pixel bytes (1024 red, 1024 green, 1024 blue).
 *
 * @example
 * ```ts
 * const { images, labels, count } = parseCifar10(bytes, 'data_batch_1.bin'); // count 10000
 * ```
 */
export function parseCifar10(bytes: Uint8Array, fileName = '<buffer>'): CifarArrays {
  return parseRecords(bytes, fileName, 1);
}

/**
 * Parses a CIFAR-100 binary file (`train.bin`, `test.bin`): records of a
 * coarse label byte, a fine label byte and 3072 pixel bytes.
 *
 * @example
 * ```ts
 * const { labels, coarseLabels } = parseCifar100(bytes, 'train.bin');
 * ```
 */
export function parseCifar100(bytes: Uint8Array, fileName = '<buffer>'): CifarArrays {
  return parseRecords(bytes, fileName, 2);
}
