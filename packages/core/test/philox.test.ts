import { describe, expect, it } from 'vitest';
import { philox4x32, randomValue } from '../src/random/philox.js';

// Known-answer vectors from Random123's kat_vectors for philox4x32_10.
describe('philox4x32-10', () => {
  it('matches the published known-answer vectors', () => {
    expect(philox4x32([0, 0, 0, 0], [0, 0])).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    expect(philox4x32([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff])).toEqual([
      0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd,
    ]);
    expect(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])).toEqual([
      0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1,
    ]);
  });

  it('gives uniform and normal draws with the right moments', () => {
    const n = 20000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let i = 0; i < n; i++) {
      const u = randomValue('uniform', 7, 9, 100, i, 0, 1);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      su += u;
      const z = randomValue('normal', 7, 9, 100, i, 0, 1);
      sn += z;
      sn2 += z * z;
    }
    // Standard errors: uniform mean 0.0020, normal mean 0.0071, normal var 0.01; allow 5 sigma.
    expect(Math.abs(su / n - 0.5)).toBeLessThan(0.011);
    expect(Math.abs(sn / n)).toBeLessThan(0.036);
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(0.05);
  });
});
