// Creating the process group of this process, and the failure protocol: a
// rank that throws tells the others before it exits, so they stop with a
// message naming it instead of waiting forever in their next collective.
import { BackendError, ValueError } from '@dendrite/core';
import { MpiProcessGroup } from './mpi-group.js';
import { loadAddon } from './native.js';
import type { ProcessGroup } from './process-group.js';

/** Options of `initProcessGroup()`. */
export interface ProcessGroupOptions {
  /** The communication backend: 'mpi' (default). NCCL for CUDA tensors would be another name here. */
  backend?: string;
  /**
   * The longest a collective may wait for the other ranks before this rank
   * stops with an error (default: `DENDRITE_DIST_TIMEOUT` seconds, else 600 s;
   * 0: no limit). A peer that died on this machine or threw is noticed at once.
   */
  timeoutMs?: number;
}

type Factory = (options: ProcessGroupOptions) => ProcessGroup;

const factories = new Map<string, Factory>();
let current: ProcessGroup | null = null;

/**
 * Registers a process-group backend under `name` (how an NCCL group would plug in).
 *
 * @example
 * ```ts
 * registerProcessGroupBackend('loopback', () => myGroup);
 * await initProcessGroup({ backend: 'loopback' });
 * ```
 */
export function registerProcessGroupBackend(name: string, factory: Factory): void {
  factories.set(name, factory);
}

function defaultTimeout(): number {
  const raw = process.env.DENDRITE_DIST_TIMEOUT;
  if (raw === undefined || raw === '') return 600_000;
  const s = Number(raw);
  if (!Number.isFinite(s) || s < 0) throw new ValueError(`DENDRITE_DIST_TIMEOUT must be a number of seconds >= 0, got ${JSON.stringify(raw)}`);
  return Math.round(s * 1000);
}

function createMpi(options: ProcessGroupOptions): ProcessGroup {
  const { addon, reason } = loadAddon();
  if (!addon) throw new BackendError(`initProcessGroup: MPI is unavailable: ${reason}`);
  const timeout = options.timeoutMs ?? defaultTimeout();
  if (!Number.isFinite(timeout) || timeout < 0) throw new ValueError(`initProcessGroup: timeoutMs must be >= 0, got ${timeout}`);
  let world: ReturnType<typeof addon.init>;
  try {
    world = addon.init(timeout);
  } catch (err) {
    throw new BackendError(`initProcessGroup: ${(err as Error).message}`);
  }
  return new MpiProcessGroup(addon, world);
}

registerProcessGroupBackend('mpi', createMpi);

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message.split('\n')[0]}`;
  return String(err);
}

/** Uncaught errors and non-zero exits tell the other ranks; a clean exit finalizes. */
function installExitHooks(group: ProcessGroup & { isDestroyed?: boolean; destroyNow?: () => void }): void {
  process.on('uncaughtExceptionMonitor', (err) => {
    if (current === group) group.abort(describe(err));
  });
  process.on('exit', (code) => {
    if (current !== group || group.isDestroyed) return;
    if (code !== 0) group.abort(`exited with code ${code}`);
    // A script that returns without destroy(): finalize here (synchronously; 'exit' cannot await), so mpirun sees a clean end.
    else if (group.destroyNow) group.destroyNow();
    else void group.destroy();
  });
}

/**
 * Joins the process group the launcher started this process in (`mpirun -np
 * N node train.js`): rank and world size come from the launcher. Without a
 * launcher the group has one rank. One group per process.
 *
 * @example
 * ```ts
 * import { initProcessGroup } from '@dendrite/distributed';
 * const group = await initProcessGroup({ backend: 'mpi' });
 * console.log(`rank ${group.rank} of ${group.worldSize}`);
 * await group.barrier();
 * await group.destroy();
 * ```
 */
export async function initProcessGroup(options: ProcessGroupOptions = {}): Promise<ProcessGroup> {
  const name = options.backend ?? 'mpi';
  const factory = factories.get(name);
  if (!factory) throw new ValueError(`initProcessGroup: unknown backend '${name}' (available: ${[...factories.keys()].join(', ')})`);
  if (current) throw new ValueError(`initProcessGroup: this process already joined a '${current.backend}' group (rank ${current.rank} of ${current.worldSize})`);
  const group = factory(options);
  current = group;
  installExitHooks(group as ProcessGroup & { isDestroyed?: boolean; destroyNow?: () => void });
  return group;
}

/**
 * The group this process joined, or null.
 *
 * @example
 * ```ts
 * const g = getProcessGroup();
 * if (g && g.rank !== 0) return; // only rank 0 writes
 * ```
 */
export function getProcessGroup(): ProcessGroup | null {
  return current;
}
