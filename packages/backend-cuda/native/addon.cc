// The Node-API surface of the addon (see NativeAddon in src/native.ts):
//   probe()                 → { available, reason, driverVersion, runtimeVersion, devices }
//   buildInfo               → { cudaVersion, architectures }
//   selfTest.*              → host calls into the kernels' __host__ __device__ math
//   new CudaContext(device, tf32) with alloc/free/write/readSync/read/launch/sync/memory/...
// Every C++ exception (CudaError names the failed call) becomes a JS Error;
// src/ turns those into BackendError.
#include <napi.h>

#include <cstring>
#include <memory>

#include "device-context.h"
#include "probe.h"
#include "self-test.h"

namespace dendrite {
namespace {

template <typename F>
auto guarded(Napi::Env env, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  }
}

/** Device pointers travel as JS numbers: exact, since device addresses are below 2^53. */
void* toPointer(const Napi::Value& v) {
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d > 9007199254740991.0 || d != static_cast<double>(static_cast<uint64_t>(d)))
    throw Napi::Error::New(v.Env(), "not a device pointer: " + std::to_string(d));
  return reinterpret_cast<void*>(static_cast<uintptr_t>(d));
}

Napi::Value fromPointer(Napi::Env env, const void* p) { return Napi::Number::New(env, static_cast<double>(reinterpret_cast<uintptr_t>(p))); }

struct HostBytes {
  void* data;
  size_t bytes;
};

HostBytes bytesOf(const Napi::Value& v, const char* what) {
  if (!v.IsTypedArray()) throw Napi::TypeError::New(v.Env(), std::string(what) + " must be a typed array");
  Napi::TypedArray t = v.As<Napi::TypedArray>();
  return {static_cast<uint8_t*>(t.ArrayBuffer().Data()) + t.ByteOffset(), t.ByteLength()};
}

/** Resolves once an event recorded on the stream completed (the wait runs on a libuv worker). */
class EventWorker : public Napi::AsyncWorker {
 public:
  EventWorker(Napi::Env env, std::shared_ptr<DeviceContext> ctx, PendingRead read, bool returnsBytes)
      : Napi::AsyncWorker(env), ctx_(std::move(ctx)), read_(read), returnsBytes_(returnsBytes), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute() override {
    try {
      ctx_->waitRead(read_);
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    try {
      Napi::Value result = env.Undefined();
      if (returnsBytes_) {
        Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, read_.bytes);
        if (read_.bytes > 0) std::memcpy(buffer.Data(), read_.staging, read_.bytes);
        result = buffer;
      }
      ctx_->finishRead(read_);
      deferred_.Resolve(result);
    } catch (const std::exception& e) {
      deferred_.Reject(Napi::Error::New(env, e.what()).Value());
    }
  }

  void OnError(const Napi::Error& error) override {
    try {
      ctx_->finishRead(read_);
    } catch (const std::exception&) {
      // The wait already failed; that error is the one worth reporting.
    }
    deferred_.Reject(error.Value());
  }

 private:
  std::shared_ptr<DeviceContext> ctx_;
  PendingRead read_;
  bool returnsBytes_;
  Napi::Promise::Deferred deferred_;
};

class CudaContextWrap : public Napi::ObjectWrap<CudaContextWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "CudaContext",
                       {
                           InstanceMethod("alloc", &CudaContextWrap::alloc),
                           InstanceMethod("free", &CudaContextWrap::free),
                           InstanceMethod("write", &CudaContextWrap::write),
                           InstanceMethod("readSync", &CudaContextWrap::readSync),
                           InstanceMethod("read", &CudaContextWrap::read),
                           InstanceMethod("launch", &CudaContextWrap::launch),
                           InstanceMethod("sync", &CudaContextWrap::sync),
                           InstanceMethod("memory", &CudaContextWrap::memory),
                           InstanceMethod("setTf32", &CudaContextWrap::setTf32),
                           InstanceMethod("emptyCache", &CudaContextWrap::emptyCache),
                           InstanceMethod("dispose", &CudaContextWrap::dispose),
                       });
  }

  explicit CudaContextWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<CudaContextWrap>(info) {
    const int device = info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : 0;
    const bool tf32 = info[1].ToBoolean();
    guarded(info.Env(), [&] {
      const ProbeResult& probe = probeCuda();
      if (!probe.available) throw std::runtime_error("CUDA is unavailable: " + probe.reason);
      if (device < 0 || device >= static_cast<int>(probe.devices.size()))
        throw std::invalid_argument("device " + std::to_string(device) + " does not exist (" + std::to_string(probe.devices.size()) + " found)");
      ctx_ = std::make_shared<DeviceContext>(device, tf32);
    });
  }

 private:
  Napi::Value alloc(const Napi::CallbackInfo& info) {
    const double bytes = info[0].As<Napi::Number>().DoubleValue();
    return guarded(info.Env(), [&] { return fromPointer(info.Env(), ctx_->alloc(static_cast<size_t>(bytes))); });
  }
  Napi::Value free(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] { ctx_->release(toPointer(info[0])); });
    return info.Env().Undefined();
  }
  Napi::Value write(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] {
      const HostBytes src = bytesOf(info[1], "write: data");
      ctx_->write(toPointer(info[0]), src.data, src.bytes);
    });
    return info.Env().Undefined();
  }
  Napi::Value readSync(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] {
      const HostBytes dst = bytesOf(info[1], "readSync: destination");
      ctx_->readSync(dst.data, toPointer(info[0]), dst.bytes);
    });
    return info.Env().Undefined();
  }
  Napi::Value read(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value {
      const size_t bytes = static_cast<size_t>(info[1].As<Napi::Number>().DoubleValue());
      auto* worker = new EventWorker(info.Env(), ctx_, ctx_->startRead(toPointer(info[0]), bytes), true);
      Napi::Promise promise = worker->promise();
      worker->Queue();
      return promise;
    });
  }
  Napi::Value launch(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] {
      const int code = info[0].As<Napi::Number>().Int32Value();
      if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
        throw std::invalid_argument("launch: params must be a Float64Array");
      Napi::Float64Array params = info[1].As<Napi::Float64Array>();
      ctx_->launch(code, params.Data(), params.ElementLength());
    });
    return info.Env().Undefined();
  }
  Napi::Value sync(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value {
      PendingRead marker;
      marker.done = ctx_->recordMarker();
      auto* worker = new EventWorker(info.Env(), ctx_, marker, false);
      Napi::Promise promise = worker->promise();
      worker->Queue();
      return promise;
    });
  }
  Napi::Value memory(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const CachingAllocator::Stats d = ctx_->deviceStats(), h = ctx_->pinnedStats();
    Napi::Object o = Napi::Object::New(env);
    o.Set("liveBytes", static_cast<double>(d.liveBytes));
    o.Set("liveBlocks", static_cast<double>(d.liveBlocks));
    o.Set("cachedBytes", static_cast<double>(d.cachedBytes));
    o.Set("cachedBlocks", static_cast<double>(d.cachedBlocks));
    o.Set("cudaMallocCalls", static_cast<double>(d.rawAllocations));
    o.Set("pinnedBytes", static_cast<double>(h.liveBytes + h.cachedBytes));
    return o;
  }
  Napi::Value setTf32(const Napi::CallbackInfo& info) {
    ctx_->setTf32(info[0].ToBoolean());
    return info.Env().Undefined();
  }
  Napi::Value emptyCache(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] { ctx_->emptyCache(); });
    return info.Env().Undefined();
  }
  Napi::Value dispose(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] { ctx_->dispose(); });
    return info.Env().Undefined();
  }

  std::shared_ptr<DeviceContext> ctx_;
};

Napi::Value probe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ProbeResult& r = probeCuda();
  Napi::Object o = Napi::Object::New(env);
  o.Set("available", r.available);
  o.Set("reason", r.reason);
  o.Set("driverVersion", r.driverVersion);
  o.Set("runtimeVersion", r.runtimeVersion);
  Napi::Array devices = Napi::Array::New(env, r.devices.size());
  for (size_t i = 0; i < r.devices.size(); i++) {
    const DeviceInfo& d = r.devices[i];
    Napi::Object dev = Napi::Object::New(env);
    dev.Set("name", d.name);
    dev.Set("major", d.major);
    dev.Set("minor", d.minor);
    dev.Set("totalMemory", static_cast<double>(d.totalMemory));
    dev.Set("multiprocessors", d.multiprocessors);
    devices.Set(static_cast<uint32_t>(i), dev);
  }
  o.Set("devices", devices);
  return o;
}

uint32_t u32(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Uint32Value(); }
double num(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().DoubleValue(); }

Napi::Object selfTest(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("philox", Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
          const auto w = selfTestPhilox(u32(info, 0), u32(info, 1), u32(info, 2), u32(info, 3), u32(info, 4), u32(info, 5));
          Napi::Array out = Napi::Array::New(info.Env(), 4);
          for (uint32_t i = 0; i < 4; i++) out.Set(i, static_cast<double>(w[i]));
          return out;
        }));
  o.Set("random", Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
          const float v = selfTestRandom(static_cast<int>(num(info, 0)), u32(info, 1), u32(info, 2), static_cast<uint64_t>(num(info, 3)),
                                         static_cast<uint64_t>(num(info, 4)), num(info, 5), num(info, 6));
          return Napi::Number::New(info.Env(), v);
        }));
  o.Set("unary", Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
          return Napi::Number::New(info.Env(), selfTestUnary(static_cast<int>(num(info, 0)), static_cast<int>(num(info, 1)), num(info, 2), num(info, 3)));
        }));
  o.Set("binary", Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
          return Napi::Number::New(info.Env(), selfTestBinary(static_cast<int>(num(info, 0)), static_cast<int>(num(info, 1)), num(info, 2), num(info, 3)));
        }));
  o.Set("cast", Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
          return Napi::Number::New(info.Env(), selfTestCast(static_cast<int>(num(info, 0)), static_cast<int>(num(info, 1)), num(info, 2)));
        }));
  o.Set("roundSize", Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
          return Napi::Number::New(info.Env(), static_cast<double>(CachingAllocator::roundSize(static_cast<size_t>(num(info, 0)))));
        }));
  return o;
}

}  // namespace

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("probe", Napi::Function::New(env, probe));
  Napi::Object build = Napi::Object::New(env);
  build.Set("cudaVersion", CUDART_VERSION);
  build.Set("architectures", "80-real;90-real;90-virtual");
  exports.Set("buildInfo", build);
  exports.Set("selfTest", selfTest(env));
  exports.Set("CudaContext", CudaContextWrap::define(env));
  return exports;
}

}  // namespace dendrite

// NODE_API_MODULE pastes the init function's name into an identifier: it must be unqualified.
static Napi::Object InitDendriteCuda(Napi::Env env, Napi::Object exports) { return dendrite::init(env, exports); }

NODE_API_MODULE(dendrite_cuda, InitDendriteCuda)
