import { describeValue, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { engine } from './state.js';

/** Values `tidy` can return: tensors, arrays and plain objects of them, or anything else (kept as is). */
export type TensorContainer = Tensor | TensorContainer[] | { [key: string]: TensorContainer } | number | string | boolean | null | undefined | void;

function collect(value: unknown, into: Set<Tensor>, depth = 0): void {
  if (depth > 10 || value === null || typeof value !== 'object') return;
  if (value instanceof Tensor) {
    into.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collect(v, into, depth + 1);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collect(v, into, depth + 1);
  }
}

/**
 * Runs `fn` and disposes every tensor created inside it, except the tensors it
 * returns (also inside arrays/objects) and those passed to `keep()`. Returned
 * tensors move to the enclosing scope. Async functions are not allowed: the
 * scope must close before other code creates tensors.
 *
 * @example
 * ```ts
 * const y = tidy(() => relu(matmul(x, w)).sum()); // the matmul result is freed
 * ```
 */
export function tidy<T>(fn: () => T): T;
export function tidy<T>(name: string, fn: () => T): T;
export function tidy<T>(a: string | (() => T), b?: () => T): T {
  const fn = typeof a === 'function' ? a : b;
  if (typeof fn !== 'function') throw new ValueError(`tidy: expected a function (or a name and a function), got ${describeValue(fn)}`);
  if (Object.prototype.toString.call(fn) === '[object AsyncFunction]') {
    throw new ValueError('tidy: the function is async; tidy only works with synchronous functions (dispose tensors yourself across awaits)');
  }
  const scope = new Set<Tensor>();
  engine.scopes.push(scope);
  let result: T;
  try {
    result = fn();
    if (result && typeof (result as { then?: unknown }).then === 'function') {
      throw new ValueError('tidy: the function returned a Promise; tidy only works with synchronous functions');
    }
  } catch (err) {
    engine.scopes.pop();
    for (const t of scope) t.dispose();
    throw err;
  }
  engine.scopes.pop();
  const keepSet = new Set<Tensor>();
  collect(result, keepSet);
  for (const t of scope) if (!keepSet.has(t)) t.dispose();
  const parent = engine.scopes[engine.scopes.length - 1];
  for (const t of keepSet) {
    if (t.isDisposed || !scope.has(t)) continue;
    // The result moves to the enclosing scope, or outlives every scope and is watched by the finalizer.
    if (parent) parent.add(t);
    else t._watch();
  }
  return result;
}

/**
 * Exempts a tensor from disposal by the enclosing `tidy` scopes.
 *
 * @example
 * ```ts
 * let w!: Tensor;
 * tidy(() => { w = keep(randn([3, 3])); });
 * ```
 */
export function keep<T extends Tensor>(t: T): T {
  for (const scope of engine.scopes) scope.delete(t);
  if (t instanceof Tensor) t._watch();
  return t;
}

/**
 * Disposes tensors found in any container (tensor, array, object).
 *
 * @example
 * ```ts
 * dispose([a, { b }]);
 * ```
 */
export function dispose(container: unknown): void {
  const set = new Set<Tensor>();
  collect(container, set);
  for (const t of set) t.dispose();
}

/**
 * Runs `fn` with autograd recording off (inference, optimizer updates).
 *
 * @example
 * ```ts
 * const y = noGrad(() => model.forward(x));
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  const prev = engine.gradEnabled;
  engine.gradEnabled = false;
  try {
    return fn();
  } finally {
    engine.gradEnabled = prev;
  }
}

/**
 * Runs `fn` with autograd recording on (inside a `noGrad`).
 *
 * @example
 * ```ts
 * noGrad(() => enableGrad(() => f(x)));
 * ```
 */
export function enableGrad<T>(fn: () => T): T {
  const prev = engine.gradEnabled;
  engine.gradEnabled = true;
  try {
    return fn();
  } finally {
    engine.gradEnabled = prev;
  }
}

/**
 * Whether ops currently record gradients.
 *
 * @example
 * ```ts
 * isGradEnabled(); // true outside noGrad()
 * ```
 */
export function isGradEnabled(): boolean {
  return engine.gradEnabled;
}
