// The kernel builds import a shared memory (for worker threads). Where shared
// memory is unavailable (a browser page without COOP/COEP headers has no
// SharedArrayBuffer) the same module runs single-threaded on an ordinary
// memory: its import is re-declared non-shared by flipping one flag byte.
// Atomic instructions stay valid on unshared memory; only waits would trap,
// and the kernels wait in JS (the pool), which a single thread never uses.
import { BackendError } from '@dendrite/core';

function readU32(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let p = at; p < bytes.length; p++) {
    const b = bytes[p];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [value, p + 1];
  }
  throw new BackendError('wasm backend: truncated LEB128 in the kernel module');
}

/** Skips a `limits` entry (flags, min, optional max). */
function skipLimits(bytes: Uint8Array, at: number): number {
  const flags = bytes[at];
  let p = readU32(bytes, at + 1)[1];
  if (flags & 1) p = readU32(bytes, p)[1];
  return p;
}

/**
 * A copy of a module's bytes whose imported memory is not shared. Throws a
 * BackendError when the module imports no memory (the build changed).
 *
 * @example
 * ```ts
 * const module = await WebAssembly.compile(unsharedMemoryVariant(wasmBytes('simd128')));
 * ```
 */
export function unsharedMemoryVariant(source: Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(source);
  let p = 8; // magic + version
  while (p < bytes.length) {
    const id = bytes[p];
    const [size, body] = readU32(bytes, p + 1);
    if (id === 2) {
      let [count, q] = readU32(bytes, body);
      while (count-- > 0) {
        for (let s = 0; s < 2; s++) {
          const [len, start] = readU32(bytes, q); // module name, then field name
          q = start + len;
        }
        const kind = bytes[q++];
        if (kind === 0) q = readU32(bytes, q)[1];
        else if (kind === 1) q = skipLimits(bytes, q + 1);
        else if (kind === 3) q += 2;
        else if (kind === 2) {
          bytes[q] &= ~0x02; // the 'shared' bit of the memory's limits
          return bytes;
        } else throw new BackendError(`wasm backend: unknown import kind ${kind} in the kernel module`);
      }
    }
    p = body + size;
  }
  throw new BackendError('wasm backend: the kernel module imports no memory');
}
