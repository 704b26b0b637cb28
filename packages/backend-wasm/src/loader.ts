import { BackendError, ValueError } from '@dendrite/core';
import { RELAXED_WASM_BASE64, SIMD_WASM_BASE64 } from './generated/wasm-binaries.js';

/** The two kernel builds: plain SIMD128, and SIMD128 plus relaxed SIMD (fused multiply-add). */
export type WasmBuild = 'simd128' | 'relaxed-simd';

/** Which build to load; 'auto' takes relaxed-simd where the engine validates it. */
export type WasmBuildChoice = 'auto' | WasmBuild;

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

let cache: Partial<Record<WasmBuild, Uint8Array<ArrayBuffer>>> = {};

/** The bytes of a build (decoded once). */
export function wasmBytes(build: WasmBuild): Uint8Array<ArrayBuffer> {
  let bytes = cache[build];
  if (!bytes) {
    bytes = decodeBase64(build === 'simd128' ? SIMD_WASM_BASE64 : RELAXED_WASM_BASE64);
    cache = { ...cache, [build]: bytes };
  }
  return bytes;
}

/**
 * Picks the build: the requested one, or for 'auto' relaxed-simd when
 * `WebAssembly.validate` accepts it (Node 22+, current browsers; Node 20 only
 * with --experimental-wasm-relaxed-simd), else simd128. Throws a
 * `BackendError` naming the missing feature when the engine cannot run it.
 *
 * @example
 * ```ts
 * pickBuild('auto'); // 'simd128' on plain Node 20
 * ```
 */
export function pickBuild(choice: WasmBuildChoice = 'auto'): WasmBuild {
  if (typeof WebAssembly !== 'object') throw new BackendError('wasm backend: WebAssembly is not available here');
  if (choice !== 'auto' && choice !== 'simd128' && choice !== 'relaxed-simd') {
    throw new ValueError(`createWasmBackend: 'build' must be 'auto', 'simd128' or 'relaxed-simd', got ${JSON.stringify(choice)}`);
  }
  const ok = (b: WasmBuild) => WebAssembly.validate(wasmBytes(b));
  if (choice === 'auto') {
    if (ok('relaxed-simd')) return 'relaxed-simd';
    if (ok('simd128')) return 'simd128';
    throw new BackendError('wasm backend: this engine does not validate the SIMD128 + threads build (needs WebAssembly SIMD and shared memory)');
  }
  if (!ok(choice)) {
    const why = choice === 'relaxed-simd' ? 'relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)' : 'SIMD128 with shared memory';
    throw new BackendError(`wasm backend: build '${choice}' does not validate on this engine: it lacks ${why}`);
  }
  return choice;
}

/** Compiles a build (WebAssembly.Module is shareable with workers). */
export function compileBuild(build: WasmBuild): Promise<WebAssembly.Module> {
  return WebAssembly.compile(wasmBytes(build));
}
