// Loading a state dict is all-or-nothing: every entry is validated before
// any holder changes, so a bad checkpoint never leaves a half-loaded model.
import { cast, fmtShape, noGrad, ShapeError, shapesEqual, type Tensor, tidy, ValueError } from '@dendrite/core';
import type { TensorHolder } from './parameter.js';

/** Options of `loadStateDict`. */
export interface LoadStateDictOptions {
  /** Report missing and unexpected names as errors (default true); shape mismatches are always errors. */
  strict?: boolean;
}

function isTensorLike(v: unknown): v is Tensor {
  return !!v && typeof v === 'object' && typeof (v as Tensor).dispose === 'function' && Array.isArray((v as Tensor).shape);
}

/**
 * Validates `state` against `holders` and copies it in. Throws ShapeError
 * (mis-shaped entries) or ValueError (missing/unexpected names, non-tensors)
 * listing every problem by name, before changing anything.
 *
 * @example
 * ```ts
 * loadStateDictInto('Net', model.namedParameters(), state, { strict: true });
 * ```
 */
export function loadStateDictInto(owner: string, holders: [string, TensorHolder][], state: Record<string, Tensor>, options: LoadStateDictOptions = {}): { missing: string[]; unexpected: string[] } {
  const { missing, unexpected } = checkStateDict(`${owner}.loadStateDict`, holders, state, options);
  // Copies are made first (on the model's backend, in its dtypes), then swapped in.
  const copies = noGrad(() =>
    tidy(() =>
      holders
        .filter(([name]) => Object.hasOwn(state, name))
        .map(([name, h]) => {
          let t = state[name];
          if (t.backend !== h.value.backend) t = t.to(h.value.backend);
          return t.dtype === h.dtype ? t.clone() : cast(t, h.dtype);
        }),
    ),
  );
  holders.filter(([name]) => Object.hasOwn(state, name)).forEach(([, h], i) => h.assign(copies[i]));
  return { missing, unexpected };
}

/**
 * Validates `state` against `holders` without changing anything: throws
 * `ShapeError` (mis-shaped entries) or `ValueError` (missing/unexpected
 * names, non-tensors) naming every problem, with `op` as the prefix.
 *
 * @example
 * ```ts
 * checkStateDict('ckpt.safetensors', model.namedParameters(), state);
 * ```
 */
export function checkStateDict(op: string, holders: [string, TensorHolder][], state: Record<string, Tensor>, options: LoadStateDictOptions = {}): { missing: string[]; unexpected: string[] } {
  if (!state || typeof state !== 'object') throw new ValueError(`${op}: expected an object mapping names to tensors, got ${state === null ? 'null' : typeof state}`);
  const strict = options.strict ?? true;
  const known = new Map(holders);
  const missing = holders.map(([n]) => n).filter((n) => !Object.hasOwn(state, n));
  const unexpected = Object.keys(state).filter((n) => !known.has(n));
  const misShaped: string[] = [];
  const invalid: string[] = [];
  for (const [name, h] of holders) {
    if (!Object.hasOwn(state, name)) continue;
    const t = state[name];
    if (!isTensorLike(t) || t.isDisposed) invalid.push(`'${name}' (${isTensorLike(t) ? 'disposed' : typeof t})`);
    else if (!shapesEqual(t.shape, h.shape)) misShaped.push(`'${name}': checkpoint ${fmtShape(t.shape)} vs model ${fmtShape(h.shape)}`);
  }
  const problems: string[] = [];
  if (misShaped.length) problems.push(`mis-shaped: ${misShaped.join('; ')}`);
  if (invalid.length) problems.push(`not tensors: ${invalid.join(', ')}`);
  if (strict && missing.length) problems.push(`missing: ${missing.map((n) => `'${n}'`).join(', ')}`);
  if (strict && unexpected.length) problems.push(`unexpected: ${unexpected.map((n) => `'${n}'`).join(', ')}`);
  if (problems.length) {
    const Err = misShaped.length ? ShapeError : ValueError;
    throw new Err(`${op}: the state dict does not fit the model (nothing was loaded): ${problems.join('; ')}`);
  }
  return { missing, unexpected };
}
