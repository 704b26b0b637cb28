// `dendrite train --distributed`: joins the mpirun job, shards the data,
// wraps the model in DistributedDataParallel. @dendrite/distributed is
// imported only here, so runs without the flag never load MPI.
import { cpus } from 'node:os';
import type { Module } from '@dendrite/layers';
import { UsageError } from './args.js';

/** What the train command needs of a data-parallel run. */
export interface DistributedRun {
  rank: number;
  worldSize: number;
  localSize: number;
  /** Wraps the model (shape check, rank 0's weights to all); the result goes to fit()'s `distributed`. */
  wrap(model: Module): Promise<import('@dendrite/layers').FitDistributed & { dispose(): void }>;
  finish(): Promise<void>;
}

/** Joins the process group mpirun started; a clear usage error when MPI is unavailable. */
export async function startDistributed(): Promise<DistributedRun> {
  let mod: typeof import('@dendrite/distributed');
  try {
    mod = await import('@dendrite/distributed');
  } catch (err) {
    throw new UsageError(`--distributed needs @dendrite/distributed: ${(err as Error).message.split('\n')[0]}`);
  }
  const check = mod.checkMpi();
  if (!check.available) throw new UsageError(`--distributed: MPI is unavailable: ${check.reason}`);
  const group = await mod.initProcessGroup({ backend: 'mpi' });
  return {
    rank: group.rank,
    worldSize: group.worldSize,
    localSize: group.localSize,
    wrap: (model) => mod.DistributedDataParallel.wrap(model, { group }),
    finish: () => group.destroy(),
  };
}

/** --threads, or cores / ranks on this machine for a distributed run (so ranks do not fight over cores). */
export function threadsFor(flag: number | undefined, localRanks: number): number | undefined {
  if (flag !== undefined) return flag;
  return localRanks > 1 ? Math.max(1, Math.floor(cpus().length / localRanks)) : undefined;
}
