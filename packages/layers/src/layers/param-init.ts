// Shared construction of layer weights with PyTorch's default initialization.
import { type Generator, noGrad, rand, ValueError } from '@dendrite/core';
import { Parameter } from '../module/parameter.js';

/**
 * A parameter drawn from U(-bound, bound): PyTorch's default for Linear,
 * Conv and RNN weights and biases (bound = 1/√fanIn).
 *
 * @example
 * ```ts
 * const w = uniformParameter([8, 4], 1 / Math.sqrt(4));
 * ```
 */
export function uniformParameter(shape: readonly number[], bound: number, generator?: Generator): Parameter {
  return new Parameter(noGrad(() => rand(shape, { low: -bound, high: bound, generator })));
}

/**
 * Throws ValueError unless `v` is a positive integer.
 *
 * @example
 * ```ts
 * positiveInt('Linear', 'inFeatures', 4);
 * ```
 */
export function positiveInt(layer: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ValueError(`${layer}: '${arg}' must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Throws ValueError unless `p` is a probability in [0, 1).
 *
 * @example
 * ```ts
 * probability('Dropout', 'p', 0.5);
 * ```
 */
export function probability(layer: string, arg: string, p: unknown): number {
  if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new ValueError(`${layer}: '${arg}' must be in [0, 1), got ${JSON.stringify(p)}`);
  return p;
}
