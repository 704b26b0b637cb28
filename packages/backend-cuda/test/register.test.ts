// The /register entry: priority 30, and where CUDA cannot run, ready() falls
// back to the next backend, reporting (and printing once) why.
import { listBackends, ready } from '@dendrite/core';
import { describe, expect, it, vi } from 'vitest';
import { checkCuda } from '../src/availability.js';

describe('register', () => {
  it('registers cuda above every other backend and falls back with the reason', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await import('../src/register.js');
    expect(listBackends()[0]).toBe('cuda');
    const status = checkCuda();
    const report = await ready();
    if (status.available) {
      expect(report.backend).toBe('cuda');
    } else {
      expect(report.backend).not.toBe('cuda');
      expect(report.unavailable.cuda).toBe(`cuda: ${status.reason}`);
      const cudaLines = () => warn.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('[dendrite] cuda'));
      expect(cudaLines()).toEqual([`[dendrite] cuda backend unavailable, falling back: cuda: ${status.reason}`]);
      // Only reference is left here: the core's one warning names cuda's failure.
      if (report.backend === 'reference') expect(warn.mock.calls.some((c) => String(c[0]).includes(`cuda: cuda: ${status.reason}`))).toBe(true);
      await ready(); // the registry remembers the failure: no second attempt, no second line
      expect(cudaLines()).toHaveLength(1);
    }
    warn.mockRestore();
  });
});
