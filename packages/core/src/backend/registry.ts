import { BackendError, ValueError } from '../errors.js';
import { createReferenceBackend } from '../reference/index.js';
import type { Backend, BackendFactory } from './contract.js';

interface Entry {
  name: string;
  factory: BackendFactory;
  priority: number;
  instance?: Backend;
  failure?: string;
  pending?: Promise<Backend>;
}

const entries = new Map<string, Entry>();
let current: Backend | null = null;

/** Options of `registerBackend`. */
export interface RegisterOptions {
  /** Higher wins in `ready()`; reference is 0, wasm 10, webgpu 20, cuda 30. */
  priority?: number;
}

/**
 * Registers a backend factory under a name. Registering a name again replaces
 * it (and disposes a previous instance).
 *
 * @example
 * ```ts
 * registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
 * ```
 */
export function registerBackend(name: string, factory: BackendFactory, options: RegisterOptions = {}): void {
  if (typeof name !== 'string' || name.length === 0) throw new ValueError(`registerBackend: 'name' must be a non-empty string, got ${JSON.stringify(name)}`);
  if (typeof factory !== 'function') throw new ValueError(`registerBackend('${name}'): 'factory' must be a function`);
  const old = entries.get(name);
  if (old?.instance) {
    if (current === old.instance) current = null;
    old.instance.dispose?.();
  }
  entries.set(name, { name, factory, priority: options.priority ?? 0 });
}

/**
 * Removes a registered backend (disposing its instance).
 *
 * @example
 * ```ts
 * removeBackend('mine');
 * ```
 */
export function removeBackend(name: string): void {
  const e = entries.get(name);
  if (!e) return;
  if (e.instance && current === e.instance) current = null;
  e.instance?.dispose?.();
  entries.delete(name);
}

/** Names of the registered backends, highest priority first. */
export function listBackends(): string[] {
  return [...entries.values()].sort((a, b) => b.priority - a.priority).map((e) => e.name);
}

/**
 * The backend as seen under its registered name. A factory may return a
 * backend whose own `name` differs (one factory registered twice, e.g. with
 * 1 and 4 threads): tensors then report, and `to()` finds, the registered
 * name. Methods stay bound to the original object.
 */
function underName(b: Backend, name: string): Backend {
  if (b.name === name) return b;
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(b, {
    get(target, prop) {
      if (prop === 'name') return name;
      const v = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      let f = bound.get(prop);
      if (!f) bound.set(prop, (f = v.bind(target)));
      return f;
    },
  });
}

async function initialize(e: Entry): Promise<Backend> {
  if (e.instance) return e.instance;
  if (e.failure !== undefined) throw new BackendError(`backend '${e.name}' is unavailable: ${e.failure}`);
  if (!e.pending) {
    e.pending = (async () => {
      try {
        const b = underName(await e.factory(), e.name);
        e.instance = b;
        return b;
      } catch (err) {
        e.failure = err instanceof Error ? err.message : String(err);
        throw new BackendError(`backend '${e.name}' is unavailable: ${e.failure}`);
      } finally {
        e.pending = undefined;
      }
    })();
  }
  return e.pending;
}

/**
 * Initializes (if needed) and selects a backend by name. New tensors are
 * created on it.
 *
 * @example
 * ```ts
 * await setBackend('wasm');
 * ```
 */
export async function setBackend(name: string): Promise<Backend> {
  const e = entries.get(name);
  if (!e) throw new BackendError(`setBackend: no backend named '${name}' is registered (registered: ${listBackends().join(', ') || 'none'})`);
  current = await initialize(e);
  return current;
}

/** What `ready()` chose and why the others were not chosen. */
export interface ReadyReport {
  /** The name of the backend selected. */
  backend: string;
  /** Backends that failed to initialize, with their reasons. */
  unavailable: Record<string, string>;
}

/**
 * Picks the highest-priority backend that initializes on this platform and
 * selects it. The report says why each higher-priority one was skipped.
 * A backend that declares `capabilities.software` (a GPU emulated on the
 * CPU) ranks below every other one but `reference`. Ending on `reference`
 * (plain JavaScript, the slowest) prints one warning that names the faster
 * backend and how to enable it.
 *
 * @example
 * ```ts
 * const { backend, unavailable } = await ready();
 * console.log(`running on ${backend}`, unavailable);
 * ```
 */
export async function ready(): Promise<ReadyReport> {
  const unavailable: Record<string, string> = {};
  const software: Entry[] = [];
  let chosen: Entry | undefined;
  for (const name of listBackends()) {
    const e = entries.get(name)!;
    if (name === 'reference' && software.length > 0) break;
    try {
      const b = await initialize(e);
      if (b.capabilities.software && name !== 'reference') {
        software.push(e);
        continue;
      }
      chosen = e;
      break;
    } catch {
      unavailable[name] = e.failure ?? 'unknown error';
    }
  }
  if (!chosen && software.length > 0) chosen = software.shift();
  for (const e of software) {
    // Frees the emulated device; setBackend(name) creates it again on demand.
    unavailable[e.name] = `only a CPU-emulated device (${e.instance?.capabilities.description ?? 'software'}); '${chosen?.name}' is faster: call setBackend('${e.name}') to use it anyway`;
    e.instance?.dispose?.();
    e.instance = undefined;
  }
  if (!chosen) throw new BackendError(`ready: no backend could be initialized (${JSON.stringify(unavailable)})`);
  current = chosen.instance!;
  if (chosen.name === 'reference') warnReferenceFallback(unavailable);
  return { backend: chosen.name, unavailable };
}

/**
 * One warning per process when `ready()` ends on the reference backend: it
 * is plain JavaScript, tens of times slower than wasm.
 */
function warnReferenceFallback(unavailable: Record<string, string>): void {
  if (referenceWarned) return;
  referenceWarned = true;
  const why = Object.entries(unavailable).map(([n, r]) => `${n}: ${r}`).join('; ');
  const how = why
    ? `the faster backends failed (${why})`
    : "no faster backend is registered: install @dendrite/backend-wasm ('npm install @dendrite/backend-wasm') and import it once (import '@dendrite/backend-wasm'), which registers it";
  console.warn(`dendrite: ready() selected the 'reference' backend (plain JavaScript, tens of times slower than 'wasm'): ${how}. Call setBackend('reference') to choose it without this warning.`);
}

let referenceWarned = false;

/**
 * The active backend (the reference backend when none was selected; if a
 * faster one is registered that prints one warning to call `ready()` first).
 *
 * @example
 * ```ts
 * getBackend().name; // 'reference'
 * ```
 */
export function getBackend(): Backend {
  if (current) return current;
  const faster = listBackends().filter((n) => n !== 'reference');
  if (faster.length > 0 && !referenceWarned) {
    referenceWarned = true;
    console.warn(
      `dendrite: a tensor was created before any backend was selected, so it runs on 'reference' (plain JavaScript) although '${faster[0]}' is registered: call 'await ready()' (or setBackend('${faster[0]}')) before creating tensors.`,
    );
  }
  const ref = entries.get('reference')!;
  const instance = ref.instance ?? createReferenceBackend();
  ref.instance = instance;
  current = instance;
  return instance;
}

/**
 * An initialized backend by name, initializing it if needed.
 *
 * @example
 * ```ts
 * const wasm = await findBackend('wasm');
 * ```
 */
export async function findBackend(name: string): Promise<Backend> {
  const e = entries.get(name);
  if (!e) throw new BackendError(`no backend named '${name}' is registered (registered: ${listBackends().join(', ') || 'none'})`);
  return initialize(e);
}

/** An already-initialized backend by name (synchronous), or throws BackendError. */
export function findBackendSync(name: string): Backend {
  const e = entries.get(name);
  if (e?.instance) return e.instance;
  if (name === 'reference') {
    getBackend();
    return entries.get('reference')!.instance!;
  }
  throw new BackendError(`backend '${name}' is not initialized: call 'await setBackend("${name}")' or 'await findBackend("${name}")' first`);
}

registerBackend('reference', () => createReferenceBackend(), { priority: 0 });
