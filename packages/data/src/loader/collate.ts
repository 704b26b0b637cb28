import { type DataArray, type DType, fmtShape, ShapeError, stack, Tensor, type TensorContainer, tensor, tidy, ValueError } from '@dendrite/core';
import { type HostArray, isHostArray } from './host-array.js';

function stackHost(items: HostArray[], path: string): Tensor {
  const shape = items[0].shape;
  const per = items[0].data.length;
  const ctor = items[0].data.constructor as new (n: number) => DataArray;
  const out = new ctor(per * items.length);
  items.forEach((it, i) => {
    if (it.shape.length !== shape.length || it.shape.some((d, k) => d !== shape[k]) || it.data.constructor !== ctor) {
      throw new ShapeError(`collate: ${path}item ${i} has shape ${fmtShape(it.shape)} (${it.data.constructor.name}) but item 0 has ${fmtShape(shape)} (${ctor.name}); resize or pad samples to one shape, or pass a custom collate`);
    }
    out.set(it.data, i * per);
  });
  return tensor(out, [items.length, ...shape]);
}

function collateAt(items: unknown[], path: string): unknown {
  const first = items[0];
  if (first instanceof Tensor) return stack(items as Tensor[]);
  if (typeof first === 'number') {
    const dtype: DType = (items as number[]).every(Number.isInteger) ? 'int32' : 'float32';
    return tensor(items as number[], [items.length], dtype);
  }
  if (typeof first === 'boolean') return tensor(items as boolean[], [items.length], 'bool');
  if (typeof first === 'string') return items.slice();
  if (isHostArray(first)) return stackHost(items as HostArray[], path);
  if (first instanceof Float32Array || first instanceof Int32Array || first instanceof Uint8Array) {
    return stackHost((items as DataArray[]).map((d) => ({ data: d, shape: [d.length] })), path);
  }
  if (Array.isArray(first)) {
    return first.map((_, k) => collateAt(items.map((it) => (it as unknown[])[k]), `${path}[${k}] `));
  }
  if (typeof first === 'object' && first !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) out[key] = collateAt(items.map((it) => (it as Record<string, unknown>)[key]), `${path}.${key} `);
    return out;
  }
  throw new ValueError(`collate: ${path}cannot batch items of type ${first === null ? 'null' : typeof first}; pass a custom collate`);
}

/**
 * Batches a list of samples, as PyTorch's `default_collate`: tensors are
 * stacked, numbers become an int32 (all integers) or float32 tensor [B],
 * booleans a bool tensor, `HostArray`s and typed arrays one tensor
 * [B, ...shape] built with a single upload, strings stay a string array, and
 * arrays and objects are collated field by field. Samples of different
 * shapes throw `ShapeError` naming the field and both shapes.
 *
 * @example
 * ```ts
 * const batch = defaultCollate([{ x: { data: new Float32Array(4), shape: [2, 2] }, y: 3 }, ...more]);
 * // { x: Tensor [B, 2, 2], y: Tensor [B] int32 }
 * ```
 */
export function defaultCollate<B = unknown>(items: unknown[]): B {
  if (!Array.isArray(items) || items.length === 0) throw new ValueError('collate: needs a non-empty array of samples');
  // tidy: a sample failing half-way must not leak the fields already batched.
  return tidy(() => collateAt(items, '') as TensorContainer) as B;
}
