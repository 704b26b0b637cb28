// Spatial transformer network (Jaderberg et al. 2015) for distorted digits:
// a localization net predicts an affine map, affineGrid + gridSample
// rectify the input, and a small CNN classifies the result.
import { flatten, type Tensor, tensor, tidy } from '@dendrite/core';
import { Conv2d, Flatten, Linear, MaxPool2d, Module, ReLU, Sequential, SpatialTransformer } from '@dendrite/layers';
import { positive } from '../generative/autoencoder.js';

/** Configuration of `STN`. */
export interface STNConfig {
  /** Input side (default 42, the distorted-MNIST canvas). */
  inputSize?: number;
  /** Number of output classes (default 10). */
  numClasses?: number;
  /** false: the same classifier with no transformer in front (the baseline). */
  transformer?: boolean;
}

/** Side after a valid k x k convolution and a 2x2 max pool. */
function convPool(size: number, k: number): number {
  return Math.floor((size - k + 1) / 2);
}

/**
 * Localization (conv 7x7 → pool → conv 5x5 → pool → dense → 6 numbers,
 * initialised to the identity map) → `SpatialTransformer` → classifier
 * (conv 5x5 → pool → conv 5x5 → pool → dense 50 → classes).
 *
 * @example
 * ```ts
 * const net = new STN();
 * net.forward(x).shape;   // x [N, 1, 42, 42] → [N, 10]
 * net.rectify(x).shape;   // [N, 1, 42, 42]: what the classifier sees
 * ```
 */
export class STN extends Module {
  /** Side of the square single-channel input (default 42). */
  readonly inputSize: number;
  /** Number of output classes (default 10). */
  readonly numClasses: number;
  /** Whether the spatial transformer is in front of the classifier (default true). */
  readonly useTransformer: boolean;
  /** The spatial transformer (a conv localization net regressing a 2x3 affine matrix, initialized to the identity), or null for the baseline. */
  stn: SpatialTransformer | null;
  /** Classifier convolutions: 5x5 conv to 10, pool, ReLU, 5x5 conv to 20, pool, ReLU. */
  features: Sequential;
  /** Linear to 50 units, ReLU, Linear to `numClasses` logits. */
  classifier: Sequential;

  /**
   * Builds the classifier, with the spatial transformer in front unless `transformer` is false.
   *
   * @param config - input side, classes and whether to use the transformer
   */
  constructor(config: STNConfig = {}) {
    super();
    const s = (this.inputSize = positive('STN', 'inputSize', config.inputSize ?? 42));
    this.numClasses = positive('STN', 'numClasses', config.numClasses ?? 10);
    this.useTransformer = config.transformer ?? true;
    if (this.useTransformer) {
      const ls = convPool(convPool(s, 7), 5);
      const theta = new Linear(32, 6);
      // Start from the identity transform, so early training sees the plain image.
      theta.weight.assign(tensor(new Float32Array(6 * 32), [6, 32]));
      theta.bias?.assign(tensor([1, 0, 0, 0, 1, 0]));
      const loc = new Sequential(new Conv2d(1, 8, 7), new MaxPool2d(2), new ReLU(), new Conv2d(8, 10, 5), new MaxPool2d(2), new ReLU(), new Flatten(), new Linear(10 * ls * ls, 32), new ReLU(), theta);
      this.stn = new SpatialTransformer(loc);
    } else {
      this.stn = null;
    }
    const cs = convPool(convPool(s, 5), 5);
    this.features = new Sequential(new Conv2d(1, 10, 5), new MaxPool2d(2), new ReLU(), new Conv2d(10, 20, 5), new MaxPool2d(2), new ReLU());
    this.classifier = new Sequential(new Linear(20 * cs * cs, 50), new ReLU(), new Linear(50, this.numClasses));
  }

  override config(): Record<string, unknown> {
    return { inputSize: this.inputSize, numClasses: this.numClasses, transformer: this.useTransformer };
  }

  /** The rectified images (the input itself without a transformer). */
  rectify(x: Tensor): Tensor {
    return this.stn ? this.stn.forward(x) : x;
  }

  forward(x: Tensor): Tensor {
    return tidy(() => this.classifier.forward(flatten(this.features.forward(this.rectify(x)), 1)));
  }
}
