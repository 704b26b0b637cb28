// The fused optimizer step against core's composition over 5 steps, for every
// rule and option, on this machine's adapter (lavapipe where there is no GPU).
// Kernel-level checks against the float64 reference are in the conformance kit.
// Skips, printing the reason, where there is no adapter or the device binds
// too few storage buffers for the kernel (the core then composes the step).
import { memory, registerBackend, setBackend } from '@dendrite/core';
import { checkOptimizerPaths, OPTIMIZER_PATH_CONFIGS } from '@dendrite/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from './helpers.js';

const { backend, reason: noAdapter } = await openBackend();
const missing = backend && !backend.kernels.optimizerStep ? 'the device binds fewer than 10 storage buffers per shader stage' : undefined;
if (missing) {
  console.log(`[webgpu tests] optimizerStep SKIPPED: ${missing}`);
  backend?.dispose?.();
}
const reason = noAdapter ?? missing;

describe.skipIf(!!reason)(`webgpu optimizerStep: fused vs composed${reason ? ` (skipped: ${reason})` : ''}`, () => {
  beforeAll(async () => {
    registerBackend('webgpu-optim-test', () => backend!);
    await setBackend('webgpu-optim-test');
  });
  afterAll(() => backend?.dispose?.());
  for (const [config] of OPTIMIZER_PATH_CONFIGS) {
    it(config, async () => {
      const before = memory().numTensors;
      await checkOptimizerPaths(config);
      await checkOptimizerPaths(config, { size: 70001 });
      expect(memory().numTensors).toBe(before);
    });
  }
});
