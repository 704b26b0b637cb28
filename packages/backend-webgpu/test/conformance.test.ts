// The backend conformance kit of @dendrite/core/testing on this machine's
// adapter (lavapipe where there is no GPU). Skips with a printed reason when
// there is no adapter or the kit is not exported yet.
import type { Backend } from '@dendrite/core';
import * as testing from '@dendrite/core/testing';
import * as vitest from 'vitest';
import { describe, it } from 'vitest';
import { openBackend } from './helpers.js';

type Kit = (factory: () => Promise<Backend>, options?: { name?: string; runner?: unknown }) => void;
const backendConformance = (testing as unknown as { backendConformance?: Kit }).backendConformance;
const { backend, reason } = await openBackend();

if (!backend) {
  describe('webgpu conformance', () => {
    it.skip(`skipped: ${reason}`, () => {});
  });
} else if (!backendConformance) {
  backend.dispose?.();
  console.log('[webgpu tests] SKIPPED conformance: @dendrite/core/testing does not export backendConformance yet');
  describe('webgpu conformance', () => {
    it.skip('skipped: @dendrite/core/testing does not export backendConformance yet (test/primitives.test.ts covers the kernels meanwhile)', () => {});
  });
} else {
  // The kit creates and disposes its own backend; this one only named the adapter.
  backend.dispose?.();
  backendConformance(async () => (await import('../src/index.js')).createWebGPUBackend(), { name: 'webgpu', runner: vitest });
}
