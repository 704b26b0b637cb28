/**
 * @dendrite/distributed: data-parallel training across processes and
 * machines. Process groups over MPI (launched with `mpirun`), collectives on
 * tensors of any backend (all-reduce, broadcast, all-gather, reduce-scatter,
 * barrier, with async variants), `DistributedDataParallel` with bucketed
 * gradient averaging overlapped with backward, and a failure protocol that
 * ends every rank with a message naming the one that failed.
 *
 * @example
 * ```ts
 * // mpirun -np 2 node train.mjs
 * import { initProcessGroup, DistributedDataParallel } from '@dendrite/distributed';
 * const group = await initProcessGroup({ backend: 'mpi' });
 * const ddp = await DistributedDataParallel.wrap(model);
 * await fit(model, loader, { loss, optimizer, distributed: ddp });
 * await group.destroy();
 * ```
 * @packageDocumentation
 */
export { checkMpi, launcherEnv, type MpiCheck } from './availability.js';
export { type DDPOptions, DistributedDataParallel } from './ddp.js';
export { getProcessGroup, initProcessGroup, type ProcessGroupOptions, registerProcessGroupBackend } from './init.js';
export { checkSameModel, modelSignature } from './model-check.js';
export { MpiProcessGroup } from './mpi-group.js';
export { addonPath } from './native.js';
export type { HostArray, ProcessGroup, ReduceOp, Work } from './process-group.js';
export { allReduceSumSync, convertSyncBatchNorm } from './sync-batch-norm.js';
