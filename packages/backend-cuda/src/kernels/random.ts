// The counter-based random kernel (native/kernels/random.cu).
import { type RandomAttrs, sizeOf, type TensorInfo } from '@dendrite/core';
import { ptrOf } from '../handle.js';
import { LAUNCH, type NativeContext } from '../native.js';
import { LaunchParams } from '../params.js';
import { launch } from './launch.js';

const KIND_CODES: Readonly<Record<RandomAttrs['kind'], number>> = { uniform: 0, normal: 1, bernoulli: 2 };

/** out[i] = the Philox value of element i (see RandomAttrs). */
export function random(ctx: NativeContext, out: TensorInfo, attrs: RandomAttrs): void {
  const p = new LaunchParams().push(ptrOf(out, 'random'), KIND_CODES[attrs.kind], attrs.key0 >>> 0, attrs.key1 >>> 0, attrs.offset, attrs.a, attrs.b, sizeOf(out.shape));
  launch(ctx, `random(${attrs.kind})`, LAUNCH.random, p);
}
