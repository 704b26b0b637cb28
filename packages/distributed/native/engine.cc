// The MPI engine: one communication thread owns MPI (it calls
// MPI_Init_thread, so MPI_THREAD_FUNNELED suffices) and runs queued
// collectives in submission order, which is the order every rank must use.
// It waits on non-blocking collectives by polling, so that while it waits it
// can also (1) receive a failure message from another rank, (2) notice that a
// peer process on this host died, and (3) enforce a time limit — a failed
// rank never leaves the others hanging.
#include "engine.h"

#include <mpi.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kFailTag = 7301;
constexpr int kFailBytes = 1024;
// Below this many bytes a float sum goes to rank 0 and back (latency-bound);
// above, reduce-scatter + all-gather (bandwidth-bound). Both compute each
// element's sum on exactly one rank, so every rank receives the same bits.
constexpr int64_t kSmallBytes = 64 * 1024;

struct Peer {
  int pid;
  char host[64];
};

struct State {
  std::mutex mu;
  std::condition_variable cv, failCv;
  std::deque<DmJob> jobs;
  bool stopping = false;
  bool initDone = false;
  std::atomic<bool> failRequested{false};
  bool failDone = false;
  std::string failMessage;
  std::thread thread;
  DmInitResult* init = nullptr;  // the caller's; valid only until dm_init returns
  bool ok = false;               // MPI initialized
  int64_t timeoutMs = 0;
  int rank = 0, size = 1;
  MPI_Comm work = MPI_COMM_NULL, failComm = MPI_COMM_NULL;
  MPI_Request failReq = MPI_REQUEST_NULL;
  char failBuf[kFailBytes + 1] = {};
  std::vector<Peer> peers;
  char host[64] = {};
};

State* S = nullptr;

std::string mpiError(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(code, text, &len);
  return std::string(text, len);
}

[[noreturn]] void stopProcess(const std::string& why) {
  std::fprintf(stderr, "dendrite distributed: rank %d of %d stops: %s\n", S->rank, S->size, why.c_str());
  std::fflush(stderr);
  _exit(1);
}

MPI_Datatype mpiType(int dtype) {
  switch (dtype) {
    case DM_FLOAT32: return MPI_FLOAT;
    case DM_INT32: return MPI_INT;
    case DM_UINT8: return MPI_UNSIGNED_CHAR;
    default: return MPI_DOUBLE;
  }
}

size_t elemBytes(int dtype) { return dtype == DM_UINT8 ? 1 : dtype == DM_FLOAT64 ? 8 : 4; }

MPI_Op mpiOp(int op) { return op == DM_MAX ? MPI_MAX : op == DM_MIN ? MPI_MIN : MPI_SUM; }

/** Whether a process of this host exists and is not a zombie. */
bool alive(int pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE* f = std::fopen(path, "r");
  if (!f) return kill(pid, 0) == 0;
  char buf[512] = {};
  size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  const char* close = std::strrchr(buf, ')');  // "pid (comm) S ..."
  return !(n > 0 && close && close[1] == ' ' && (close[2] == 'Z' || close[2] == 'X'));
}

/** A failure message from another rank ends this process with that rank named. */
void checkFailChannel() {
  if (S->failReq == MPI_REQUEST_NULL) return;
  int flag = 0;
  MPI_Status st;
  MPI_Test(&S->failReq, &flag, &st);
  if (flag) stopProcess(std::string(S->failBuf));
}

/** What this rank tells the others when JS reported a failure. */
std::string failText() {
  std::lock_guard<std::mutex> lock(S->mu);
  return "rank " + std::to_string(S->rank) + " failed: " + S->failMessage;
}

/** Sends `text` (what went wrong, naming the rank) to every other rank (best effort, bounded). */
void sendFailure(std::string msg) {
  msg = msg.substr(0, kFailBytes - 1);
  std::vector<MPI_Request> reqs;
  for (int r = 0; r < S->size; r++) {
    if (r == S->rank) continue;
    reqs.emplace_back();
    MPI_Isend(msg.c_str(), static_cast<int>(msg.size()) + 1, MPI_CHAR, r, kFailTag, S->failComm, &reqs.back());
  }
  const auto start = Clock::now();
  int all = 0;
  while (!all && Clock::now() - start < std::chrono::seconds(2)) {
    MPI_Testall(static_cast<int>(reqs.size()), reqs.data(), &all, MPI_STATUSES_IGNORE);
    if (!all) usleep(1000);
  }
  std::lock_guard<std::mutex> lock(S->mu);
  S->failDone = true;
  S->failCv.notify_all();
}

/**
 * Waits for `req`, polling (each MPI_Test also drives the collective's
 * progress): spins for 50 µs, then yields the core between tests for 10 ms
 * (full speed when the cores are free, polite when they are not), then
 * sleeps with a growing pause (≤ 200 µs): a long wait means another rank is
 * still computing, and this one should leave the cores to computation.
 * Returns an error text, or "" when the request completed.
 */
std::string waitFor(MPI_Request* req, const char* what) {
  const auto start = Clock::now();
  auto nextPeerCheck = start + std::chrono::milliseconds(200);
  long pauseNs = 0;
  for (;;) {
    int flag = 0;
    const int rc = MPI_Test(req, &flag, MPI_STATUS_IGNORE);
    if (rc != MPI_SUCCESS) return std::string(what) + ": " + mpiError(rc);
    if (flag) return "";
    checkFailChannel();
    if (S->failRequested.load()) {
      sendFailure(failText());
      return std::string(what) + " abandoned: this rank failed";
    }
    const auto now = Clock::now();
    if (now >= nextPeerCheck) {
      nextPeerCheck = now + std::chrono::milliseconds(200);
      for (int r = 0; r < S->size; r++) {
        const Peer& p = S->peers[r];
        if (r != S->rank && std::strcmp(p.host, S->host) == 0 && !alive(p.pid)) {
          // Relayed, so ranks that notice this rank's exit next still name the one that died first.
          const std::string text = "rank " + std::to_string(r) + " (pid " + std::to_string(p.pid) + " on " + p.host + ") died; rank " +
                                   std::to_string(S->rank) + " noticed while waiting in " + what;
          sendFailure(text);
          stopProcess(text);
        }
      }
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - start).count();
      if (S->timeoutMs > 0 && waited > S->timeoutMs) {
        stopProcess(std::string(what) + " did not complete within " + std::to_string(S->timeoutMs / 1000.0).substr(0, 6) +
                    " s: another rank stopped taking part (it hangs, or called a different collective)");
      }
    }
    const auto waitedUs = std::chrono::duration_cast<std::chrono::microseconds>(now - start).count();
    if (waitedUs > 10000) {
      pauseNs = std::min<long>(pauseNs ? pauseNs * 2 : 5000, 200000);
      timespec ts{0, pauseNs};
      nanosleep(&ts, nullptr);
    } else if (waitedUs > 50) {
      sched_yield();
    }
  }
}

#define CHECK(call, what)                                           \
  do {                                                              \
    const int rc_ = (call);                                         \
    if (rc_ != MPI_SUCCESS) return std::string(what) + ": " + mpiError(rc_); \
  } while (0)

template <typename T>
void divideBy(void* data, int64_t n, int by) {
  T* p = static_cast<T*>(data);
  for (int64_t i = 0; i < n; i++) p[i] /= static_cast<T>(by);
}

void scale(const DmJob& j, void* data, int64_t n) {
  if (j.op != DM_MEAN) return;
  if (j.dtype == DM_FLOAT32) divideBy<float>(data, n, S->size);
  else if (j.dtype == DM_FLOAT64) divideBy<double>(data, n, S->size);
}

std::string allReduce(const DmJob& j) {
  const MPI_Datatype type = mpiType(j.dtype);
  const size_t eb = elemBytes(j.dtype);
  const int64_t n = j.count;
  if (j.send && j.send != j.recv) std::memcpy(j.recv, j.send, n * eb);
  if (S->size == 1 || n == 0) return "";
  MPI_Request req;
  const bool floatSum = (j.dtype == DM_FLOAT32 || j.dtype == DM_FLOAT64) && (j.op == DM_SUM || j.op == DM_MEAN);
  if (!floatSum) {
    // Max, min and integer sums are exact: any reduction order gives the same bits.
    CHECK(MPI_Iallreduce(MPI_IN_PLACE, j.recv, static_cast<int>(n), type, mpiOp(j.op), S->work, &req), "allReduce");
    return waitFor(&req, "allReduce");
  }
  if (static_cast<int64_t>(n * eb) <= kSmallBytes || n < S->size) {
    CHECK(MPI_Ireduce(S->rank == 0 ? MPI_IN_PLACE : j.recv, S->rank == 0 ? j.recv : nullptr, static_cast<int>(n), type, MPI_SUM, 0, S->work, &req), "allReduce (reduce)");
    std::string e = waitFor(&req, "allReduce (reduce)");
    if (!e.empty()) return e;
    if (S->rank == 0) scale(j, j.recv, n);
    CHECK(MPI_Ibcast(j.recv, static_cast<int>(n), type, 0, S->work, &req), "allReduce (broadcast)");
    return waitFor(&req, "allReduce (broadcast)");
  }
  const int64_t chunk = (n + S->size - 1) / S->size;
  std::vector<char> padded;
  char* in = static_cast<char*>(j.recv);
  if (chunk * S->size != n) {
    padded.assign(chunk * S->size * eb, 0);
    std::memcpy(padded.data(), j.recv, n * eb);
    in = padded.data();
  }
  std::vector<char> mine(chunk * eb);
  CHECK(MPI_Ireduce_scatter_block(in, mine.data(), static_cast<int>(chunk), type, MPI_SUM, S->work, &req), "allReduce (reduce-scatter)");
  std::string e = waitFor(&req, "allReduce (reduce-scatter)");
  if (!e.empty()) return e;
  scale(j, mine.data(), chunk);
  CHECK(MPI_Iallgather(mine.data(), static_cast<int>(chunk), type, in, static_cast<int>(chunk), type, S->work, &req), "allReduce (all-gather)");
  e = waitFor(&req, "allReduce (all-gather)");
  if (!e.empty()) return e;
  if (in != j.recv) std::memcpy(j.recv, in, n * eb);
  return "";
}

std::string runJob(const DmJob& j) {
  const MPI_Datatype type = mpiType(j.dtype);
  const size_t eb = elemBytes(j.dtype);
  const int n = static_cast<int>(j.count);
  MPI_Request req;
  switch (j.kind) {
    case DM_ALLREDUCE: return allReduce(j);
    case DM_BROADCAST:
      if (j.send && j.send != j.recv && S->rank == j.root) std::memcpy(j.recv, j.send, j.count * eb);
      CHECK(MPI_Ibcast(j.recv, n, type, j.root, S->work, &req), "broadcast");
      return waitFor(&req, "broadcast");
    case DM_ALLGATHER:
      CHECK(MPI_Iallgather(j.send, n, type, j.recv, n, type, S->work, &req), "allGather");
      return waitFor(&req, "allGather");
    case DM_REDUCE_SCATTER: {
      CHECK(MPI_Ireduce_scatter_block(j.send, j.recv, n, type, mpiOp(j.op), S->work, &req), "reduceScatter");
      std::string e = waitFor(&req, "reduceScatter");
      if (e.empty()) scale(j, j.recv, j.count);
      return e;
    }
    case DM_BARRIER:
      CHECK(MPI_Ibarrier(S->work, &req), "barrier");
      return waitFor(&req, "barrier");
    default: return "unknown collective " + std::to_string(j.kind);
  }
}

/** MPI may install handlers for SIGSEGV & co.; V8 needs its own (WebAssembly bounds traps), so they are restored. */
struct SavedSignals {
  static constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGCHLD, SIGPIPE};
  struct sigaction saved[sizeof kSignals / sizeof kSignals[0]];
  SavedSignals() {
    for (size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; i++) sigaction(kSignals[i], nullptr, &saved[i]);
  }
  ~SavedSignals() {
    for (size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; i++) sigaction(kSignals[i], &saved[i], nullptr);
  }
};

std::string initialize(DmInitResult* out) {
  int provided = 0;
  {
    SavedSignals keep;
    CHECK(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &S->rank);
  MPI_Comm_size(MPI_COMM_WORLD, &S->size);
  CHECK(MPI_Comm_dup(MPI_COMM_WORLD, &S->work), "MPI_Comm_dup");
  CHECK(MPI_Comm_dup(MPI_COMM_WORLD, &S->failComm), "MPI_Comm_dup");
  MPI_Comm_set_errhandler(S->work, MPI_ERRORS_RETURN);
  MPI_Comm_set_errhandler(S->failComm, MPI_ERRORS_RETURN);
  MPI_Comm local;
  CHECK(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, S->rank, MPI_INFO_NULL, &local), "MPI_Comm_split_type");
  MPI_Comm_rank(local, &out->localRank);
  MPI_Comm_size(local, &out->localSize);
  MPI_Comm_free(&local);
  char version[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int len = 0;
  MPI_Get_library_version(version, &len);
  std::string v(version, len);
  v = v.substr(0, v.find_first_of(",\n"));
  std::snprintf(out->library, sizeof out->library, "%s", v.c_str());
  // Every rank learns where the others run, to notice a dead local peer while it waits.
  Peer me{static_cast<int>(getpid()), {}};
  gethostname(me.host, sizeof me.host - 1);
  std::memcpy(S->host, me.host, sizeof me.host);
  S->peers.resize(S->size);
  CHECK(MPI_Allgather(&me, sizeof me, MPI_BYTE, S->peers.data(), sizeof me, MPI_BYTE, S->work), "MPI_Allgather (peers)");
  CHECK(MPI_Irecv(S->failBuf, kFailBytes, MPI_CHAR, MPI_ANY_SOURCE, kFailTag, S->failComm, &S->failReq), "MPI_Irecv (failure channel)");
  out->rank = S->rank;
  out->size = S->size;
  return "";
}

void threadMain() {
  std::string err = initialize(S->init);
  {
    std::lock_guard<std::mutex> lock(S->mu);
    S->init->ok = err.empty();
    S->ok = err.empty();
    if (!err.empty()) std::snprintf(S->init->error, sizeof S->init->error, "%s", err.c_str());
    S->initDone = true;
    S->cv.notify_all();
  }
  if (!err.empty()) return;
  for (;;) {
    DmJob job;
    {
      std::unique_lock<std::mutex> lock(S->mu);
      // Idle: still watch the failure channel, so a failed peer ends this rank even while it computes.
      while (S->jobs.empty() && !S->stopping && !S->failRequested.load()) {
        S->cv.wait_for(lock, std::chrono::milliseconds(20));
        lock.unlock();
        checkFailChannel();
        lock.lock();
      }
      if (S->failRequested.load()) {
        lock.unlock();
        sendFailure(failText());
        return;  // the process is exiting; MPI is not finalized
      }
      if (S->jobs.empty()) break;  // stopping
      job = S->jobs.front();
      S->jobs.pop_front();
    }
    std::string e = runJob(job);
    job.done(job.ctx, e.empty() ? nullptr : e.c_str());
    if (S->failRequested.load()) {
      sendFailure(failText());
      return;
    }
  }
  if (S->failReq != MPI_REQUEST_NULL) {
    MPI_Cancel(&S->failReq);
    MPI_Wait(&S->failReq, MPI_STATUS_IGNORE);
  }
  // Every rank stops here together, so no failure message can be in flight;
  // a rank that never arrives (it failed, or waits in another collective) is
  // caught by waitFor's checks instead of hanging this one.
  MPI_Request last;
  if (MPI_Ibarrier(S->work, &last) == MPI_SUCCESS) waitFor(&last, "destroy (the final barrier)");
  MPI_Comm_free(&S->failComm);
  MPI_Comm_free(&S->work);
  MPI_Finalize();
}

}  // namespace

extern "C" {

void dm_init(DmInitResult* out, int64_t timeoutMs) {
  std::memset(out, 0, sizeof *out);
  if (S) {
    std::snprintf(out->error, sizeof out->error, "the MPI engine was already started in this process");
    return;
  }
  S = new State();
  S->init = out;
  S->timeoutMs = timeoutMs;
  S->thread = std::thread(threadMain);
  std::unique_lock<std::mutex> lock(S->mu);
  S->cv.wait(lock, [] { return S->initDone; });
  S->init = nullptr;
  if (!out->ok) {
    lock.unlock();
    S->thread.join();
  }
}

void dm_submit(const DmJob* job) {
  std::lock_guard<std::mutex> lock(S->mu);
  S->jobs.push_back(*job);
  S->cv.notify_all();
}

void dm_fail(const char* message) {
  if (!S || !S->ok) return;
  std::unique_lock<std::mutex> lock(S->mu);
  S->failMessage = message;
  S->failRequested = true;
  S->cv.notify_all();
  S->failCv.wait_for(lock, std::chrono::milliseconds(2500), [] { return S->failDone; });
}

void dm_finalize(void) {
  if (!S || !S->ok) return;
  {
    std::lock_guard<std::mutex> lock(S->mu);
    S->stopping = true;
    S->cv.notify_all();
  }
  if (S->thread.joinable()) S->thread.join();
}

}  // extern "C"
