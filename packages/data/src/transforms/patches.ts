import { RandomCrop, type Size2 } from './crop.js';
import { Compose } from './compose.js';
import { RandomHorizontalFlip } from './flip.js';

/**
 * AlexNet's training augmentation (Krizhevsky et al., 2012): a random 224 x 224
 * patch of each 256 x 256 image, mirrored left-right half of the time. At
 * test time use `TenCrop(224)` and average the 10 predictions.
 *
 * @example
 * ```ts
 * const y = new AlexNetPatches().apply(images256, g); // [N, 3, 224, 224]
 * ```
 */
export class AlexNetPatches extends Compose {
  /**
   * AlexNet's training patches: a random crop and a random horizontal flip.
   * @param size - patch size (default 224)
   */
  constructor(size: Size2 = 224) {
    super([new RandomCrop(size), new RandomHorizontalFlip(0.5)]);
  }
}
