// Every gradcheck case of the core (every differentiable op, gradients of
// gradients included) with the CUDA backend active. Skips, printing the
// reason, where no CUDA device is usable (no driver, no GPU, addon not built).
import { backendGradcheck } from '@dendrite/core/testing';
import { describe, it } from 'vitest';
import { createCudaBackend } from '../src/backend.js';
import { gpuStatus } from './helpers.js';

const status = gpuStatus('gradcheck kit');

if (status.available) {
  await backendGradcheck(() => createCudaBackend(), { name: `cuda (${status.devices[0].name})` });
} else {
  describe('cuda gradcheck', () => {
    it.skip(`skipped: ${status.reason}`, () => {});
  });
}
