// The C interface of libdendrite_mpi_engine.so, the half of the binding that
// links libmpi. The Node addon (addon.cc) never links MPI: it dlopen()s libmpi
// first (so a missing MPI is a clear reason, not a loader error) and then this
// library, and calls it only through these functions.
#pragma once

#include <stdint.h>

#define DM_API __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

enum DmKind { DM_ALLREDUCE = 0, DM_BROADCAST = 1, DM_ALLGATHER = 2, DM_REDUCE_SCATTER = 3, DM_BARRIER = 4 };
enum DmDType { DM_FLOAT32 = 0, DM_INT32 = 1, DM_UINT8 = 2, DM_FLOAT64 = 3 };
enum DmOp { DM_SUM = 0, DM_MEAN = 1, DM_MAX = 2, DM_MIN = 3 };

typedef struct DmInitResult {
  int ok;
  int rank, size, localRank, localSize;
  char error[1024];
  char library[256];
} DmInitResult;

/** Called on the communication thread when a job finishes; `error` is null on success. */
typedef void (*DmDoneFn)(void* ctx, const char* error);

typedef struct DmJob {
  int kind, dtype, op, root;
  const void* send;  // null: in place (allreduce, broadcast)
  void* recv;
  int64_t count;     // elements per rank (allgather: sent; reduce-scatter: received)
  DmDoneFn done;
  void* ctx;
} DmJob;

/** Starts the communication thread, which calls MPI_Init_thread; blocks until it did. `timeoutMs` bounds every collective (0: none). */
DM_API void dm_init(DmInitResult* out, int64_t timeoutMs);
/** Queues a collective; jobs run one at a time in submission order. */
DM_API void dm_submit(const DmJob* job);
/** Tells every other rank that this one failed with `message`, then returns (the caller exits). Waits at most ~2 s. */
DM_API void dm_fail(const char* message);
/** Runs the queued jobs, then MPI_Finalize; joins the thread. */
DM_API void dm_finalize(void);

#ifdef __cplusplus
}
#endif
