// float16 variants of the conformance cases: every case that reads or writes
// float32 is replayed with those tensors in float16, so a backend declaring
// float16 is checked kernel by kernel with the same shapes and values
// (rounded to half) against the reference's float16 emulation.
import type { DType } from '../dtype.js';
import { encodeHalf } from '../half.js';
import type { HostTensor, KernelCase, KernelName } from './conformance-case.js';

function toHalf(t: HostTensor): HostTensor {
  return t.dtype === 'float32' ? { shape: t.shape, dtype: 'float16', data: encodeHalf(t.data) } : t;
}

const swap = (d: DType): DType => (d === 'float32' ? 'float16' : d);

/**
 * The float16 twin of a case (float32 inputs and output become float16), or
 * undefined when the case touches no float32 tensor or is float32-only. Its tolerance is the
 * original one plus one float16 ulp (see `compareKernel`).
 *
 * @example
 * ```ts
 * const twin = halfVariant(conformanceCases(1).matmul[0]);
 * twin?.output.dtype; // 'float16'
 * ```
 */
export function halfVariant(kase: KernelCase): KernelCase | undefined {
  const touches = kase.output.dtype === 'float32' || kase.inputs.some((t) => t.dtype === 'float32');
  if (!touches || kase.float32Only) return undefined;
  return {
    ...kase,
    label: `float16: ${kase.label}`,
    inputs: kase.inputs.map(toHalf),
    output: { shape: kase.output.shape, dtype: swap(kase.output.dtype) },
  };
}

/**
 * The float16 twins of every case, by kernel name (kernels with no float
 * tensor get an empty list).
 *
 * @example
 * ```ts
 * const half = halfCases(conformanceCases(1));
 * half.matmul.length === conformanceCases(1).matmul.length; // true
 * ```
 */
export function halfCases(cases: Record<KernelName, KernelCase[]>): Record<KernelName, KernelCase[]> {
  const out = {} as Record<KernelName, KernelCase[]>;
  for (const [kernel, list] of Object.entries(cases) as [KernelName, KernelCase[]][]) {
    out[kernel] = list.map(halfVariant).filter((c): c is KernelCase => c !== undefined);
  }
  return out;
}
