import { ValueError } from '@dendrite/core';

/**
 * Throws ValueError unless `v` is a finite number within [min, max].
 *
 * @example
 * ```ts
 * checkRange('SGD', 'momentum', 0.9, 0, 1);
 * ```
 */
export function checkRange(owner: string, arg: string, v: unknown, min: number, max = Number.POSITIVE_INFINITY): number {
  if (typeof v !== 'number' || !(v >= min && v <= max) || Number.isNaN(v)) {
    throw new ValueError(`${owner}: '${arg}' must be a number in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}
