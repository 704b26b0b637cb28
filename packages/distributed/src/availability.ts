// Whether MPI process groups can run here, and why not.
import { loadAddon } from './native.js';

/**
 * The MPI situation of this process.
 *
 * @example
 * ```ts
 * const s: MpiCheck = checkMpi();
 * if (!s.available) console.log(s.reason);
 * ```
 */
export interface MpiCheck {
  /** The binding is built and the MPI library opens. */
  available: boolean;
  /** Why it is unavailable (absent when available). */
  reason?: string;
  /** Whether an MPI launcher (mpirun/mpiexec) started this process; without one a group is a single rank. */
  launched: boolean;
  /** World size the launcher announced (absent when not launched). */
  launcherSize?: number;
  /** This process's rank as the launcher announced it (absent when not launched). */
  launcherRank?: number;
}

/** Rank and size from the launcher's environment (Open MPI, PMIx, MPICH/Hydra, Slurm), without starting MPI. */
export function launcherEnv(env: Readonly<Record<string, string | undefined>> = process.env): { rank: number; size: number; localRank?: number; localSize?: number } | undefined {
  const pairs: [string, string, string?, string?][] = [
    ['OMPI_COMM_WORLD_RANK', 'OMPI_COMM_WORLD_SIZE', 'OMPI_COMM_WORLD_LOCAL_RANK', 'OMPI_COMM_WORLD_LOCAL_SIZE'],
    ['PMIX_RANK', 'PMIX_SIZE'],
    ['PMI_RANK', 'PMI_SIZE'],
    ['MPI_LOCALRANKID', 'MPI_LOCALNRANKS'],
  ];
  for (const [r, s, lr, ls] of pairs) {
    if (env[r] !== undefined && env[s] !== undefined) {
      const num = (k?: string) => (k && env[k] !== undefined ? Number(env[k]) : undefined);
      return { rank: Number(env[r]), size: Number(env[s]), localRank: num(lr), localSize: num(ls) };
    }
  }
  return undefined;
}

/**
 * Checks, without initializing MPI, whether an MPI process group can be
 * created: the binding is built, `dlopen` finds the MPI library, and whether
 * a launcher started this process.
 *
 * @example
 * ```ts
 * import { checkMpi } from '@dendrite/distributed';
 * const s = checkMpi();
 * console.log(s.available ? `MPI ok, launched: ${s.launched}` : `no MPI: ${s.reason}`);
 * ```
 */
export function checkMpi(): MpiCheck {
  const { addon, reason } = loadAddon();
  const env = launcherEnv();
  const launch = env ? { launched: true, launcherRank: env.rank, launcherSize: env.size } : { launched: false };
  return addon ? { available: true, ...launch } : { available: false, reason, ...launch };
}
