// Node built-in modules reached through process.getBuiltinModule (Node ≥ 20.16)
// instead of import statements, so browser bundles of Dendrite packages never
// try to resolve `node:*` specifiers.
import { ValueError } from '../errors.js';

/**
 * A Node built-in module such as `node:fs/promises`, or a `ValueError`
 * naming `op` where there is none (browsers, Node < 20.16).
 *
 * @example
 * ```ts
 * const fs = nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises', 'readBytes');
 * ```
 */
export function nodeBuiltin<T>(id: string, op: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const mod = proc?.getBuiltinModule?.(id) as T | undefined;
  if (!mod) throw new ValueError(`${op}: needs Node.js ≥ 20.16 (for ${id}); in browsers, pass bytes or use the in-memory APIs instead`);
  return mod;
}
