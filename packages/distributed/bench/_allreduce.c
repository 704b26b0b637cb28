/* The peer of bench/allreduce.mjs: MPI_Allreduce (sum, float, in place) of
 * 1 KB to 64 MB, timed the same way, printing one JSON line per size. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  for (long bytes = 1024; bytes <= 64L * 1024 * 1024; bytes *= 4) {
    long n = bytes / 4;
    float* data = malloc(bytes);
    for (long i = 0; i < n; i++) data[i] = (float)(i % 97) * 0.25f + rank;
    long iters = (256L * 1024 * 1024) / bytes;
    if (iters < 5) iters = 5;
    if (iters > 1000) iters = 1000;
    for (int w = 0; w < 3; w++) MPI_Allreduce(MPI_IN_PLACE, data, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (long k = 0; k < iters; k++) MPI_Allreduce(MPI_IN_PLACE, data, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    double dt = (MPI_Wtime() - t0) / iters;
    if (rank == 0) printf("ROW {\"bytes\":%ld,\"seconds\":%.9g}\n", bytes, dt);
    fflush(stdout);
    free(data);
  }
  MPI_Finalize();
  return 0;
}
