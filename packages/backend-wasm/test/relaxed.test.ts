// Which build the loader picks, and that the relaxed-SIMD build runs where
// the engine validates it (in the 'relaxed-simd' vitest project, whose workers
// start with --experimental-wasm-relaxed-simd on Node 20).
import { BackendError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { pickBuild, wasmBytes } from '../src/loader.js';
import { createRuntime } from '../src/runtime.js';
import { BUILD } from './build.js';

const relaxedOk = WebAssembly.validate(wasmBytes('relaxed-simd'));

describe(`build selection (${BUILD} project)`, () => {
  it('auto picks relaxed-simd exactly when the engine validates it', () => {
    expect(WebAssembly.validate(wasmBytes('simd128'))).toBe(true);
    expect(pickBuild('auto')).toBe(relaxedOk ? 'relaxed-simd' : 'simd128');
    if (!relaxedOk) expect(() => pickBuild('relaxed-simd')).toThrow(BackendError);
  });

  it.runIf(BUILD === 'relaxed-simd')('the relaxed project really runs the relaxed build', async () => {
    if (!relaxedOk) {
      console.warn(`relaxed-simd: skipped: this Node (${process.version}) does not validate relaxed SIMD even with --experimental-wasm-relaxed-simd`);
      return;
    }
    const rt = await createRuntime({ build: 'auto', threads: 2 });
    expect(rt.build).toBe('relaxed-simd');
    rt.dispose();
  });
});
