// The strided layouts the kernels index: merging dims must visit exactly the
// same element offsets in the same order, for every operand.
import { BackendError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { broadcastStrides, coalesce, MAX_RANK, type StridedLayout } from '../src/layout.js';

/** Offsets of every operand at each flat position, by the same unravel the kernels do. */
function offsets(l: StridedLayout): number[][] {
  const n = l.shape.reduce((a, b) => a * b, 1);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    let rest = i;
    const off = l.strides.map(() => 0);
    for (let d = l.shape.length - 1; d >= 0; d--) {
      const idx = rest % l.shape[d];
      rest = Math.floor(rest / l.shape[d]);
      l.strides.forEach((s, o) => {
        off[o] += idx * s[d];
      });
    }
    out.push(off);
  }
  return out;
}

/** A small deterministic generator (LCG) so failures replay. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('broadcastStrides', () => {
  it('gives 0 for missing leading dims and size-1 dims, the input stride elsewhere', () => {
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0]);
    expect(broadcastStrides([2, 3, 4], [2, 3, 4])).toEqual([12, 4, 1]);
    expect(broadcastStrides([], [5])).toEqual([0]);
  });
});

describe('coalesce', () => {
  it('merges contiguous dims and drops size-1 dims', () => {
    expect(coalesce({ shape: [2, 3, 4], strides: [[12, 4, 1], [0, 0, 1]] })).toEqual({ shape: [6, 4], strides: [[4, 1], [0, 1]] });
    expect(coalesce({ shape: [1, 5, 1], strides: [[5, 1, 1]] })).toEqual({ shape: [5], strides: [[1]] });
    expect(coalesce({ shape: [], strides: [[]] })).toEqual({ shape: [], strides: [[]] });
  });

  it('keeps the visiting order of transposed, broadcast and reversed layouts (200 random cases)', () => {
    const rand = lcg(12345);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    for (let c = 0; c < 200; c++) {
      const rank = int(0, 5);
      const shape = Array.from({ length: rank }, () => int(1, 4));
      const contiguous = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
      const operands = int(1, 3);
      const strides = Array.from({ length: operands }, () => {
        const kind = int(0, 3);
        if (kind === 0) return contiguous.slice();
        if (kind === 1) return contiguous.map((s) => (rand() < 0.4 ? 0 : s)); // broadcast
        if (kind === 2) return contiguous.map((s) => (rand() < 0.4 ? -s : s)); // reversed slice
        const perm = shape.map((_, d) => d).sort(() => rand() - 0.5); // transpose
        return perm.map((p) => contiguous[p]);
      });
      const layout = { shape, strides };
      const merged = coalesce(layout);
      expect(offsets(merged), JSON.stringify(layout)).toEqual(offsets(layout));
      expect(merged.shape.every((n) => n > 1)).toBe(true);
    }
  });

  it(`refuses more than ${MAX_RANK} unmergeable dims with a BackendError naming the op and shape`, () => {
    const shape = Array.from({ length: 9 }, () => 2);
    const strides = [shape.map((_, d) => 2 ** (2 * (8 - d)))]; // every dim skips: nothing merges
    expect(() => coalesce({ shape, strides }, 'transpose')).toThrow(/cuda transpose: the iteration space \[2, 2, 2, 2, 2, 2, 2, 2, 2\] needs 9 strided dims/);
    expect(() => coalesce({ shape, strides }, 'transpose')).toThrow(BackendError);
  });
});
