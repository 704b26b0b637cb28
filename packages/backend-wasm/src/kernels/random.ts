import { DTypeError, type RandomAttrs, type TensorInfo, fmtShape, sizeOf } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { launch } from './launch.js';

const KINDS = { uniform: 0, normal: 1, bernoulli: 2 } as const;

/** The contract's `random` kernel (Philox4x32-10; see RandomAttrs). */
export function random(rt: WasmRuntime, out: TensorInfo, attrs: RandomAttrs): void {
  if (out.dtype !== 'float32') throw new DTypeError(`wasm random: out must be float32, got ${out.dtype} ${fmtShape(out.shape)}`);
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const lo = attrs.offset % 4294967296;
  const hi = Math.floor(attrs.offset / 4294967296);
  const args = [KINDS[attrs.kind], attrs.key0 >>> 0, attrs.key1 >>> 0, lo, hi, attrs.a, attrs.b, (out.handle as WasmBuffer).ptr, n];
  // About 40 instructions per element for the Philox rounds alone.
  launch(rt, 'random', args, n * 40);
}
