// Every gradcheck case of the core (every differentiable op, gradients of
// gradients included) with the WebGPU backend active, on this machine's
// adapter (lavapipe where there is no GPU). Skips, printing the reason, where
// there is no adapter.
import { backendGradcheck } from '@dendrite/core/testing';
import { describe, it } from 'vitest';
import { createWebGPUBackend } from '../src/index.js';
import { openBackend } from './helpers.js';

const { backend, reason } = await openBackend();
if (!backend) {
  describe('webgpu gradcheck', () => {
    it.skip(`skipped: ${reason}`, () => {});
  });
} else {
  // The kit creates and disposes its own backend; this one only named the adapter.
  backend.dispose?.();
  await backendGradcheck(() => createWebGPUBackend(), { name: 'webgpu' });
}
