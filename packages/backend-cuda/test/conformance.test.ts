// The core's backend conformance kit on the CUDA backend: every primitive
// and fused kernel against the float64 reference. Skips, printing the reason,
// where no CUDA device is usable (no driver, no GPU, addon not built).
import { backendConformance } from '@dendrite/core/testing';
import * as vitest from 'vitest';
import { describe, it } from 'vitest';
import { createCudaBackend } from '../src/backend.js';
import { gpuStatus } from './helpers.js';

const status = gpuStatus('conformance kit');

if (status.available) {
  backendConformance(() => createCudaBackend(), { name: `cuda (${status.devices[0].name})`, runner: vitest });
} else {
  describe('cuda conformance', () => {
    it.skip(`skipped: ${status.reason}`, () => {});
  });
}
