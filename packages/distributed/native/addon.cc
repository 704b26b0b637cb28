// The Node-API half of the MPI binding. It links no MPI library: probe()
// dlopen()s libmpi (RTLD_GLOBAL, as Open MPI's plugins need its symbols) and
// then libdendrite_mpi_engine.so, so a machine without MPI gets a reason, not
// a loader error, and one build serves until MPI is removed.
#include <dlfcn.h>
#include <napi.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>

#include "engine.h"

#ifndef DM_MPI_SONAME
#define DM_MPI_SONAME "libmpi.so.40"
#endif

namespace {

struct Api {
  decltype(&dm_init) init = nullptr;
  decltype(&dm_submit) submit = nullptr;
  decltype(&dm_fail) fail = nullptr;
  decltype(&dm_finalize) finalize = nullptr;
};

Api api;
bool apiLoaded = false;
std::string apiReason;
bool started = false, finalized = false;
Napi::ThreadSafeFunction completions;
int pending = 0;

struct PendingJob {
  Napi::Promise::Deferred deferred;
  Napi::Reference<Napi::Value> send, recv;
  std::string error;
  bool failed = false;
  explicit PendingJob(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}
};

std::string dlerrorText() {
  const char* e = dlerror();
  return e ? e : "unknown error";
}

/** probe(enginePath) → { available, reason, mpiLibrary }; loads the libraries once. */
Napi::Value Probe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string enginePath = info[0].As<Napi::String>();
  if (!apiLoaded && apiReason.empty()) {
    void* mpi = dlopen(DM_MPI_SONAME, RTLD_NOW | RTLD_GLOBAL);
    if (!mpi) {
      apiReason = std::string("no MPI library: dlopen(\"") + DM_MPI_SONAME + "\") failed (" + dlerrorText() + "); install Open MPI (Debian: apt install openmpi-bin)";
    } else {
      void* engine = dlopen(enginePath.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!engine) {
        apiReason = "the MPI engine library failed to load: " + dlerrorText();
      } else {
        api.init = reinterpret_cast<decltype(api.init)>(dlsym(engine, "dm_init"));
        api.submit = reinterpret_cast<decltype(api.submit)>(dlsym(engine, "dm_submit"));
        api.fail = reinterpret_cast<decltype(api.fail)>(dlsym(engine, "dm_fail"));
        api.finalize = reinterpret_cast<decltype(api.finalize)>(dlsym(engine, "dm_finalize"));
        if (!api.init || !api.submit || !api.fail || !api.finalize) apiReason = "the MPI engine library lacks its entry points (a stale build?)";
        else apiLoaded = true;
      }
    }
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("available", apiLoaded);
  out.Set("reason", apiReason);
  out.Set("mpiLibrary", DM_MPI_SONAME);
  return out;
}

/** init(timeoutMs) → { rank, size, localRank, localSize, library }; throws with MPI's reason. */
Napi::Value Init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!apiLoaded) throw Napi::Error::New(env, "MPI is unavailable: " + apiReason);
  if (started) throw Napi::Error::New(env, "the MPI process group was already initialized in this process (MPI allows one initialization)");
  DmInitResult r;
  api.init(&r, static_cast<int64_t>(info[0].As<Napi::Number>().Int64Value()));
  started = true;
  if (!r.ok) {
    finalized = true;
    throw Napi::Error::New(env, std::string("MPI_Init failed: ") + r.error);
  }
  completions = Napi::ThreadSafeFunction::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}), "dendrite-mpi", 0, 1);
  completions.Unref(env);
  Napi::Object out = Napi::Object::New(env);
  out.Set("rank", r.rank);
  out.Set("size", r.size);
  out.Set("localRank", r.localRank);
  out.Set("localSize", r.localSize);
  out.Set("library", r.library);
  return out;
}

void* dataOf(const Napi::Value& v) {
  Napi::TypedArray a = v.As<Napi::TypedArray>();
  return static_cast<char*>(a.ArrayBuffer().Data()) + a.ByteOffset();
}

void onDone(void* ctx, const char* error) {
  auto* job = static_cast<PendingJob*>(ctx);
  if (error) {
    job->failed = true;
    job->error = error;
  }
  completions.BlockingCall(job, [](Napi::Env env, Napi::Function, PendingJob* j) {
    if (j->failed) j->deferred.Reject(Napi::Error::New(env, j->error).Value());
    else j->deferred.Resolve(env.Undefined());
    j->send.Reset();
    j->recv.Reset();
    delete j;
    if (--pending == 0) completions.Unref(env);
  });
}

/** submit(kind, dtype, op, root, send | null, recv | null, count) → Promise<void>, settled when the collective finished. */
Napi::Value Submit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!started || finalized) throw Napi::Error::New(env, "the MPI process group is not initialized or was destroyed");
  auto* job = new PendingJob(env);
  DmJob j{};
  j.kind = info[0].As<Napi::Number>().Int32Value();
  j.dtype = info[1].As<Napi::Number>().Int32Value();
  j.op = info[2].As<Napi::Number>().Int32Value();
  j.root = info[3].As<Napi::Number>().Int32Value();
  if (info[4].IsTypedArray()) {
    j.send = dataOf(info[4]);
    job->send = Napi::Persistent(info[4]);
  }
  if (info[5].IsTypedArray()) {
    j.recv = dataOf(info[5]);
    job->recv = Napi::Persistent(info[5]);
  }
  j.count = info[6].As<Napi::Number>().Int64Value();
  j.done = onDone;
  j.ctx = job;
  Napi::Promise promise = job->deferred.Promise();
  if (pending++ == 0) completions.Ref(env);
  api.submit(&j);
  return promise;
}

struct SyncJob {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::string error;
};

void onSyncDone(void* ctx, const char* error) {
  auto* j = static_cast<SyncJob*>(ctx);
  std::lock_guard<std::mutex> lock(j->mu);
  if (error) j->error = error;
  j->done = true;
  j->cv.notify_all();
}

/**
 * submitSync(kind, dtype, op, root, send | null, recv | null, count): the
 * same, blocking the JS thread until it finished (for collectives inside a
 * synchronous forward or backward, such as synchronized BatchNorm).
 */
Napi::Value SubmitSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!started || finalized) throw Napi::Error::New(env, "the MPI process group is not initialized or was destroyed");
  SyncJob job;
  DmJob j{};
  j.kind = info[0].As<Napi::Number>().Int32Value();
  j.dtype = info[1].As<Napi::Number>().Int32Value();
  j.op = info[2].As<Napi::Number>().Int32Value();
  j.root = info[3].As<Napi::Number>().Int32Value();
  if (info[4].IsTypedArray()) j.send = dataOf(info[4]);
  if (info[5].IsTypedArray()) j.recv = dataOf(info[5]);
  j.count = info[6].As<Napi::Number>().Int64Value();
  j.done = onSyncDone;
  j.ctx = &job;
  api.submit(&j);
  std::unique_lock<std::mutex> lock(job.mu);
  job.cv.wait(lock, [&] { return job.done; });
  if (!job.error.empty()) throw Napi::Error::New(env, job.error);
  return env.Undefined();
}

/** fail(message): tells the other ranks this one failed (bounded wait); the caller then exits. */
Napi::Value Fail(const Napi::CallbackInfo& info) {
  if (started && !finalized) api.fail(std::string(info[0].As<Napi::String>()).c_str());
  return info.Env().Undefined();
}

/** finalize(): runs the queued collectives, then MPI_Finalize (every rank must call it). */
Napi::Value Finalize(const Napi::CallbackInfo& info) {
  if (started && !finalized) {
    finalized = true;
    api.finalize();
    completions.Release();
  }
  return info.Env().Undefined();
}

Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  exports.Set("probe", Napi::Function::New(env, Probe));
  exports.Set("init", Napi::Function::New(env, Init));
  exports.Set("submit", Napi::Function::New(env, Submit));
  exports.Set("submitSync", Napi::Function::New(env, SubmitSync));
  exports.Set("fail", Napi::Function::New(env, Fail));
  exports.Set("finalize", Napi::Function::New(env, Finalize));
  exports.Set("mpiSoname", Napi::String::New(env, DM_MPI_SONAME));
  return exports;
}

}  // namespace

NODE_API_MODULE(dendrite_mpi, InitModule)
