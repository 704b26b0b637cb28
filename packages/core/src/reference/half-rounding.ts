// float16 emulation for the reference backend: its float16 buffers are
// Float32Arrays, so after every kernel the float16 tensors it touched are
// rounded to half precision, as a backend storing binary16 would keep them.
import type { KernelTable, TensorInfo } from '../backend/contract.js';
import { roundToHalf } from '../half.js';
import { bufferOf } from './memory.js';

function isHalfInfo(v: unknown): v is TensorInfo {
  return typeof v === 'object' && v !== null && (v as TensorInfo).dtype === 'float16' && 'handle' in v && 'shape' in v;
}

function roundHalfArgs(args: readonly unknown[]): void {
  for (const a of args) {
    if (!isHalfInfo(a)) continue;
    const buf = bufferOf(a.handle, 'float16', 'out');
    const d = buf.data;
    for (let i = 0; i < d.length; i++) d[i] = roundToHalf(d[i]);
  }
}

/**
 * A kernel table whose every kernel rounds the float16 tensors among its
 * arguments after it runs (inputs are already halves, so only outputs change).
 *
 * @example
 * ```ts
 * const k = withHalfRounding(referenceKernels());
 * ```
 */
export function withHalfRounding<T extends KernelTable>(table: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(table)) {
    out[name] =
      typeof fn === 'function'
        ? (...args: unknown[]) => {
            const r = fn(...args);
            roundHalfArgs(args);
            return r;
          }
        : fn;
  }
  return out as T;
}
