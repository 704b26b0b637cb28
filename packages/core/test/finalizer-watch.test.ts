// Tensors made inside tidy are watched by the FinalizationRegistry safety net
// only once they outlive every scope (while in a scope, the scope holds them,
// so the finalizer could not fire anyway); registering every temporary cost
// about half of a small op's dispatch.
import { describe, expect, it } from 'vitest';
import * as d from '../src/index.js';

const watched = (t: d.Tensor) => (t as unknown as { _watched: boolean })._watched;

describe('finalizer safety net', () => {
  it('watches tensors made outside any scope, tidy results and kept tensors, not scoped temporaries', () => {
    const outside = d.ones([2]);
    expect(watched(outside)).toBe(true);
    let temp: d.Tensor | null = null;
    let kept: d.Tensor | null = null;
    let inner: d.Tensor | null = null;
    const result = d.tidy(() => {
      temp = d.add(outside, 1);
      expect(watched(temp)).toBe(false);
      kept = d.keep(d.mul(outside, 2));
      expect(watched(kept)).toBe(true);
      // An inner tidy's result moves to the outer scope, still unwatched until it leaves that one.
      inner = d.tidy(() => d.mul(outside, 3));
      expect(watched(inner)).toBe(false);
      return d.sub(outside, 1);
    });
    expect(watched(result)).toBe(true);
    expect(temp!.isDisposed && inner!.isDisposed).toBe(true);
    expect(watched(temp!)).toBe(false);
    d.dispose([outside, kept!, result]);
  });
});
