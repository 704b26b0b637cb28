// The MPI binding's interface (native/addon.cc) and its loading. Loading
// never throws: a missing build or a missing MPI library becomes a reason
// string that `checkMpi()` and `initProcessGroup()` report.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Collective codes of native/engine.h. */
export const KIND = { allReduce: 0, broadcast: 1, allGather: 2, reduceScatter: 3, barrier: 4 } as const;
/** Element type codes of native/engine.h. */
export const DTYPE = { float32: 0, int32: 1, uint8: 2, float64: 3 } as const;
/** Reduction codes of native/engine.h. */
export const OP = { sum: 0, mean: 1, max: 2, min: 3 } as const;

/** What `init()` learns from MPI. */
export interface NativeWorld {
  rank: number;
  size: number;
  localRank: number;
  localSize: number;
  /** MPI_Get_library_version's first line, e.g. "Open MPI v4.1.4". */
  library: string;
}

/** What `build/Release/dendrite_mpi.node` exports. */
export interface NativeAddon {
  probe(enginePath: string): { available: boolean; reason: string; mpiLibrary: string };
  init(timeoutMs: number): NativeWorld;
  submit(kind: number, dtype: number, op: number, root: number, send: ArrayBufferView | null, recv: ArrayBufferView | null, count: number): Promise<void>;
  submitSync(kind: number, dtype: number, op: number, root: number, send: ArrayBufferView | null, recv: ArrayBufferView | null, count: number): void;
  fail(message: string): void;
  finalize(): void;
  mpiSoname: string;
}

// src/native.ts and dist/index.* both sit one level below the package root.
const moduleDir = dirname(fileURLToPath(import.meta.url));

/**
 * Where the addon is loaded from: `DENDRITE_MPI_ADDON` when set (a binding
 * built elsewhere; its engine library sits beside it), else the package's
 * `build/Release/dendrite_mpi.node`.
 *
 * @example
 * ```ts
 * import { addonPath } from '@dendrite/distributed';
 * console.log(addonPath());
 * ```
 */
export function addonPath(): string {
  return process.env.DENDRITE_MPI_ADDON || join(moduleDir, '..', 'build', 'Release', 'dendrite_mpi.node');
}

type Loaded = { addon: NativeAddon; reason?: undefined } | { addon?: undefined; reason: string };
let loaded: Loaded | undefined;

/** The addon with MPI loaded behind it, or why not; decided once per process. */
export function loadAddon(): Loaded {
  if (loaded) return loaded;
  const path = addonPath();
  const engine = join(dirname(path), 'libdendrite_mpi_engine.so');
  if ((process.env.DENDRITE_MPI ?? '').toLowerCase() === 'off') {
    loaded = { reason: 'disabled by DENDRITE_MPI=off' };
  } else if (!existsSync(path) || !existsSync(engine)) {
    loaded = {
      reason: `the MPI binding is not built (${existsSync(path) ? engine : path} is missing): install Open MPI (Debian: apt install libopenmpi-dev openmpi-bin) and run \`npm run build:addon -w @dendrite/distributed\``,
    };
  } else {
    try {
      const addon = createRequire(join(moduleDir, 'package.json'))(path) as NativeAddon;
      // dlopen() of the MPI library first, then of the engine that links it.
      const probe = addon.probe(engine);
      loaded = probe.available ? { addon } : { reason: probe.reason };
    } catch (err) {
      loaded = { reason: `the MPI binding at ${path} failed to load: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  return loaded;
}

/** Forgets the loaded addon (tests switch DENDRITE_MPI_ADDON between cases). */
export function resetAddonForTests(): void {
  loaded = undefined;
}
