// Dawn's native warnings during adapter discovery, kept from the user's stderr.
//
// Dawn (the `webgpu` package) prints
//   Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.
//   Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from ...
// when it discovers a Vulkan adapter whose driver reports more dynamic buffers than
// Dawn's internal maximum of 16 (lavapipe says 10^6, RADV 5·10^5): `NormalizeLimits`
// in dawn/native/Limits.cpp clamps the limit and logs through `dawn::WarningLog()`,
// which is a plain `fprintf(stderr)` (dawn/common/Log.cpp). Nothing turns it off at
// run time: it does not depend on requiredLimits (it happens before any device), no
// toggle or `create()` flag affects it, and Dawn has no log level (only a
// DAWN_DISABLE_LOGGING build is quiet). We bind no dynamic buffers, so the clamp is
// irrelevant to us. Discovery runs synchronously inside the first
// `gpu.requestAdapter()` of a Dawn instance, so that one call runs with file
// descriptor 2 pointed at /dev/null.
//
// Node has no dup2, so the swap is close(2) + open('/dev/null') (the lowest free
// descriptor is 2) and back through /proc/self/fd. It is done only where it is
// safe: Linux, stderr a terminal or a pipe (a regular file may share its offset with
// stdout, which a reopened descriptor would not), nothing queued on process.stderr,
// and descriptors 0 and 1 open. Anywhere else the call simply runs. Set
// DENDRITE_WEBGPU_NATIVE_LOGS=1 to see Dawn's output.
import { nodeBuiltin } from '@dendrite/core';

type Fs = typeof import('node:fs');

function swappable(fs: Fs): boolean {
  const proc = globalThis.process as NodeJS.Process | undefined;
  if (proc?.platform !== 'linux' || proc.env.DENDRITE_WEBGPU_NATIVE_LOGS === '1') return false;
  try {
    const err = fs.fstatSync(2);
    if (!err.isFIFO() && !err.isCharacterDevice()) return false;
    fs.fstatSync(0);
    fs.fstatSync(1);
    return proc.stderr.writableLength === 0;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` (synchronous native work) with native writes to stderr discarded,
 * where that can be done safely (see the file comment); otherwise just runs it.
 * JavaScript output is not affected: `fn` runs no JavaScript that writes.
 *
 * @example
 * ```ts
 * const pending = withNativeStderrDiscarded(() => gpu.requestAdapter());
 * ```
 */
export function withNativeStderrDiscarded<T>(fn: () => T): T {
  let fs: Fs;
  try {
    fs = nodeBuiltin<Fs>('node:fs', 'webgpu');
  } catch {
    return fn();
  }
  if (!swappable(fs)) return fn();
  let saved: number;
  try {
    saved = fs.openSync('/proc/self/fd/2', 'a');
  } catch {
    return fn();
  }
  let closed = false;
  let nul = -1;
  try {
    fs.closeSync(2);
    closed = true;
    nul = fs.openSync('/dev/null', 'a');
    return fn();
  } finally {
    if (closed) {
      if (nul === 2) fs.closeSync(2);
      else if (nul !== -1) fs.closeSync(nul);
      // Back on descriptor 2, unless another thread opened a file in the instant it was free
      // (it then holds descriptor 2; nothing short of dup2 could undo that).
      const back = fs.openSync(`/proc/self/fd/${saved}`, 'a');
      if (back !== 2) fs.closeSync(back);
    }
    fs.closeSync(saved);
  }
}
