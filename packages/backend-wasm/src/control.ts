// Layout of the small shared control block through which the main thread
// hands a kernel call to the workers (see worker-pool.ts and worker-source.ts).

/** Int32 slot: job generation, bumped once per job; workers Atomics.wait on it. */
export const GEN = 0;
/** Int32 slot: workers that have not finished the current job. */
export const PENDING = 1;
/** Int32 slot: index of the export to call (into the names list), or -1 for "no kernel". */
export const FN = 2;
/** Int32 slot: number of kernel arguments in the float64 area. */
export const NARGS = 3;
/** Int32 slot: thread count of the job; workers whose tid ≥ it exit. */
export const NTH = 4;
/** Int32 slot: set to 1 by a worker whose kernel threw. */
export const ERR = 5;
/** Byte offset of the float64 argument area. */
export const ARGS_BYTE_OFFSET = 64;
/** Arguments a kernel call may pass. */
export const MAX_ARGS = 56;
/** Bytes of the control block. */
export const CONTROL_BYTES = ARGS_BYTE_OFFSET + MAX_ARGS * 8;
