// --augment: torchvision-style transforms applied per batch while training.
import { dispose, type Tensor } from '@dendrite/core';
import { Compose, RandomAffine, RandomCrop, RandomErasing, RandomHorizontalFlip, type Transform } from '@dendrite/data';
import { UsageError } from './args.js';

const AUGMENTS: Record<string, (size: number) => Transform> = {
  crop: (size) => new RandomCrop(size, { padding: 2 }),
  rotate: () => new RandomAffine({ degrees: 10 }),
  affine: () => new RandomAffine({ degrees: 10, translate: [0.1, 0.1], scale: [0.9, 1.1] }),
  flip: () => new RandomHorizontalFlip(),
  erase: () => new RandomErasing({ p: 0.25 }),
};

/** The names `--augment` accepts (comma-separated). */
export const AUGMENT_NAMES = Object.keys(AUGMENTS);

/** Parses `--augment crop,rotate` into one transform (null when empty). */
export function parseAugment(spec: string | undefined, imageSize: number): Transform | null {
  if (!spec) return null;
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = parts.find((p) => !Object.hasOwn(AUGMENTS, p));
  if (bad) throw new UsageError(`--augment: unknown transform '${bad}' (choose from ${AUGMENT_NAMES.join(', ')})`);
  return parts.length ? new Compose(parts.map((p) => AUGMENTS[p](imageSize))) : null;
}

interface XYBatch {
  x: Tensor;
  y: Tensor;
}

/** Wraps a batch source so every batch's images pass through `fn` (the old images are freed); keeps `length` for progress bars. */
export function mapImages(source: AsyncIterable<XYBatch> & { length: number }, fn: (x: Tensor) => Tensor): AsyncIterable<XYBatch> & { length: number } {
  return {
    get length() {
      return source.length;
    },
    async *[Symbol.asyncIterator]() {
      for await (const b of source) {
        const x = fn(b.x);
        if (x !== b.x) dispose(b.x);
        yield { x, y: b.y };
      }
    },
  };
}

/** Wraps a batch source so every batch's images pass through `transform`. */
export function augmented(source: AsyncIterable<XYBatch> & { length: number }, transform: Transform): AsyncIterable<XYBatch> & { length: number } {
  return mapImages(source, (x) => transform.apply(x));
}
