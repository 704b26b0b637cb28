// The device-side machinery every kernel goes through: pipelines compiled
// once per shader source (with `enable f16;` put in front of any that uses
// f16, so kernels never spell it), many dispatches recorded per command
// encoder, their parameters packed into one upload per submit, bind groups
// reused when the same buffers recur, scratch buffers that live until the
// encoder is submitted, async readback, and error capture so validation
// errors, out-of-memory and device loss surface as BackendError.
import { BackendError } from '@dendrite/core';
import { BufferPool, bufferId } from './buffer-pool.js';
import { BufferUsage, MAP_MODE_READ } from './gpu-flags.js';
import { ParamArena } from './kernels/params.js';

/** Threads per workgroup of the 1-D kernels. */
export const WORKGROUP = 256;

/** A shader that names the f16 type (WGSL then requires the directive). */
const USES_F16 = /\bf16\b/;

/** Bytes of the per-submit parameter upload (a 64-dispatch submit of typical kernels uses about 16 KiB). */
const ARENA_BYTES = 64 * 1024;

/** Cached bind groups past which the cache starts over (entries of destroyed buffers never hit again). */
const MAX_BIND_GROUPS = 4096;

/** Dispatches in the first submit after the device went idle; each later submit doubles it, up to the cap. */
const FIRST_SUBMIT = 8;

/** A compiled shader: its pipeline, its bind group layout and a short id for bind group keys. */
interface Kernel {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly id: number;
}

/**
 * Runs compute shaders on one device.
 *
 * @example
 * ```ts
 * const rt = new GPURuntime(device, 64);
 * rt.dispatch(code, [outBuffer, xBuffer], meta, rt.grid1d(n));
 * await rt.sync();
 * ```
 */
export class GPURuntime {
  readonly pool: BufferPool;
  /** Parameters (shapes, strides, scalars) of the dispatches recorded since the last submit. */
  private readonly arena: ParamArena;
  /** Buffers of parameters too large for the arena. */
  private readonly paramPool: BufferPool;
  private readonly kernels = new Map<string, Kernel>();
  private readonly sources = new Map<string, string>();
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private nextKernelId = 0;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  /** Dispatches the current submit takes: small right after the device went idle, so it starts early. */
  private submitAt: number;
  /** Buffers referenced by the unsubmitted encoder (a `write` to one must submit first). */
  private readonly pending = new Set<GPUBuffer>();
  private readonly paramsInFlight: GPUBuffer[] = [];
  /** Scratch buffers of recorded kernels, back to the pool once submitted. */
  private readonly scratchInFlight: GPUBuffer[] = [];
  /** Freed buffers the pool had no room for, used by the unsubmitted encoder: destroyed once it is submitted. */
  private readonly retired: GPUBuffer[] = [];
  /** Whether the device has 'shader-f16' (shaders may use f16). */
  readonly f16: boolean;
  private error: string | null = null;
  private lost: string | null = null;

  constructor(
    readonly device: GPUDevice,
    private readonly dispatchesPerSubmit: number,
    /** Bytes of idle tensor buffers kept for reuse. */
    poolBytes = 512 * 1024 * 1024,
  ) {
    this.submitAt = Math.min(FIRST_SUBMIT, dispatchesPerSubmit);
    // A freed buffer the unsubmitted encoder uses is destroyed only after the submit (else the submit fails).
    this.pool = new BufferPool(device, poolBytes, undefined, (buffer) => {
      if (this.pending.has(buffer)) this.retired.push(buffer);
      else buffer.destroy();
    });
    this.arena = new ParamArena(device, ARENA_BYTES);
    this.paramPool = new BufferPool(device, 4 * 1024 * 1024, BufferUsage.STORAGE | BufferUsage.COPY_DST);
    this.f16 = device.features.has('shader-f16');
    device.lost.then(
      (info) => {
        if (info.reason !== 'destroyed') this.lost = `device lost (${info.reason}): ${info.message}`;
        else this.lost = 'device destroyed (the backend was disposed)';
      },
      () => {},
    );
    device.onuncapturederror = (ev: GPUUncapturedErrorEvent) => {
      const kind = ev.error.constructor?.name ?? 'GPUError';
      this.error ??= `${kind}: ${ev.error.message}`;
    };
  }

  /** Throws BackendError if the device was lost or reported an error. */
  check(op: string): void {
    if (this.lost) throw new BackendError(`webgpu ${op}: ${this.lost}`);
    if (this.error) {
      const message = this.error;
      this.error = null;
      throw new BackendError(`webgpu ${op}: the device reported an error: ${message}`);
    }
  }

  /**
   * The pipeline for a WGSL source with entry point `main`, compiled on first
   * use. A source that uses f16 gets `enable f16;` in front (WGSL wants it as
   * the first directive); on a device without shader-f16 such a source fails
   * to compile, but no float16 tensor exists there to ask for it.
   */
  pipeline(code: string): GPUComputePipeline {
    return this.kernel(code).pipeline;
  }

  /**
   * The WGSL of a kernel variant, built by `build` once per `key` (a short
   * string of what the source depends on). Kernels that build their source
   * per call otherwise cost a multi-kilobyte string, and its hashing in the
   * pipeline cache, on every dispatch.
   *
   * @example
   * ```ts
   * rt.dispatch(rt.shader(`unary:${op}:${xd}:${od}`, () => unaryShader(op, xd, od)), buffers, words, groups);
   * ```
   */
  shader(key: string, build: () => string): string {
    let code = this.sources.get(key);
    if (code === undefined) {
      code = build();
      this.sources.set(key, code);
    }
    return code;
  }

  private kernel(code: string): Kernel {
    let k = this.kernels.get(code);
    if (!k) {
      const source = this.f16 && USES_F16.test(code) && !code.includes('enable f16;') ? `enable f16;\n${code}` : code;
      const module = this.device.createShaderModule({ code: source });
      const pipeline = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
      k = { pipeline, layout: pipeline.getBindGroupLayout(0), id: this.nextKernelId++ };
      this.kernels.set(code, k);
    }
    return k;
  }

  /**
   * The bind group of `kernel` with parameters at `offset`/`size` of
   * `params` and `buffers` at 1, 2, ...: training steps bind the same pooled
   * buffers at the same arena offsets every step, so most are reused.
   */
  private bindGroup(kernel: Kernel, params: GPUBuffer, offset: number, size: number, buffers: readonly GPUBuffer[]): GPUBindGroup {
    let key = `${kernel.id}:${bufferId(params)}:${offset}:${size}`;
    for (const b of buffers) key += `,${bufferId(b)}`;
    let group = this.bindGroups.get(key);
    if (!group) {
      const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: params, offset, size } }];
      buffers.forEach((buffer, i) => entries.push({ binding: i + 1, resource: { buffer } }));
      group = this.device.createBindGroup({ layout: kernel.layout, entries });
      if (this.bindGroups.size >= MAX_BIND_GROUPS) this.bindGroups.clear();
      this.bindGroups.set(key, group);
    }
    return group;
  }

  /** Workgroup counts covering `threads` threads of a 256-wide 1-D kernel (2-D grid past 65535 groups). */
  grid1d(threads: number, perGroup = WORKGROUP): [number, number, number] {
    const groups = Math.max(1, Math.ceil(threads / perGroup));
    const max = this.device.limits.maxComputeWorkgroupsPerDimension;
    if (groups <= max) return [groups, 1, 1];
    const y = Math.ceil(groups / max);
    return [Math.ceil(groups / y), y, 1];
  }

  /**
   * Records one dispatch. `buffers` bind at 1, 2, ... in order; `params`
   * (32-bit words) binds at 0 as a read-only storage array.
   */
  dispatch(code: string, buffers: readonly GPUBuffer[], params: Uint32Array, groups: readonly [number, number, number]): void {
    if (this.lost) throw new BackendError(`webgpu dispatch: ${this.lost}`);
    const kernel = this.kernel(code);
    const size = ParamArena.bindBytes(params);
    let offset = this.arena.place(params);
    if (offset < 0 && this.dispatches > 0) {
      this.submit(); // the arena is full: upload and submit what it holds, then start it over
      offset = this.arena.place(params);
    }
    let bindGroup: GPUBindGroup;
    if (offset >= 0) bindGroup = this.bindGroup(kernel, this.arena.buffer, offset, size, buffers);
    else {
      // Larger than the whole arena: a buffer of its own, bound once.
      const paramBuffer = this.paramPool.acquire(size);
      this.device.queue.writeBuffer(paramBuffer, 0, params.buffer, params.byteOffset, params.byteLength);
      this.paramsInFlight.push(paramBuffer);
      const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: paramBuffer, offset: 0, size } }];
      buffers.forEach((buffer, i) => entries.push({ binding: i + 1, resource: { buffer } }));
      bindGroup = this.device.createBindGroup({ layout: kernel.layout, entries });
    }
    for (const b of buffers) this.pending.add(b);
    const pass = this.computePass();
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    if (++this.dispatches >= this.submitAt) {
      this.submit();
      this.submitAt = Math.min(this.submitAt * 2, this.dispatchesPerSubmit);
    }
  }

  /**
   * Lends `record` a storage buffer of at least `bytes` (e.g. a float32
   * accumulator) for the kernels it records. The buffer goes back to the pool
   * at the first submit after `record` returns, so every kernel using it is
   * submitted first and queue order keeps a later user from overtaking them.
   */
  withScratch(bytes: number, record: (buffer: GPUBuffer) => void): void {
    const buffer = this.pool.acquire(bytes);
    try {
      record(buffer);
    } finally {
      this.scratchInFlight.push(buffer);
    }
  }

  private commandEncoder(): GPUCommandEncoder {
    this.encoder ??= this.device.createCommandEncoder();
    return this.encoder;
  }

  private computePass(): GPUComputePassEncoder {
    this.pass ??= this.commandEncoder().beginComputePass();
    return this.pass;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  /** Submits everything recorded so far. */
  submit(): void {
    this.endPass();
    // The parameters go up before the commands that read them.
    this.arena.flush(this.device.queue);
    if (this.encoder) {
      this.device.queue.submit([this.encoder.finish()]);
      this.encoder = null;
    }
    // Queue order makes parameter buffers reusable once submitted: a later
    // writeBuffer to one runs after the commands that read it.
    for (const b of this.paramsInFlight) this.paramPool.release(b);
    this.paramsInFlight.length = 0;
    for (const b of this.scratchInFlight) this.pool.release(b);
    this.scratchInFlight.length = 0;
    // Submitted work keeps a destroyed buffer's memory until it has run.
    for (const b of this.retired) b.destroy();
    this.retired.length = 0;
    this.pending.clear();
    this.dispatches = 0;
  }

  /** Submits ahead of a wait for the device: the next kernels find it idle, so their first submit is small. */
  private submitWaited(): void {
    this.submit();
    this.submitAt = Math.min(FIRST_SUBMIT, this.dispatchesPerSubmit);
  }

  /** Copies host words into a buffer, after every recorded kernel that uses it. */
  writeWords(buffer: GPUBuffer, words: ArrayBufferView): void {
    if (this.lost) throw new BackendError(`webgpu write: ${this.lost}`);
    // writeBuffer runs before the unsubmitted encoder, so submit first if that encoder uses this buffer.
    if (this.pending.has(buffer)) this.submit();
    this.device.queue.writeBuffer(buffer, 0, words.buffer, words.byteOffset, words.byteLength);
  }

  /** Reads `bytes` bytes of a buffer once every kernel recorded so far has run. */
  async readBytes(buffer: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
    this.check('read');
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    const staging = this.device.createBuffer({ size, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    this.endPass();
    this.commandEncoder().copyBufferToBuffer(buffer, 0, staging, 0, size);
    this.submitWaited();
    try {
      await staging.mapAsync(MAP_MODE_READ);
    } catch (err) {
      staging.destroy();
      this.check('read');
      throw new BackendError(`webgpu read: mapping the readback buffer failed: ${(err as Error).message}`);
    }
    const copy = staging.getMappedRange().slice(0, bytes);
    staging.unmap();
    staging.destroy();
    this.check('read');
    return copy;
  }

  /** Waits until every submitted kernel has run; rejects with the device's error if any. */
  async sync(): Promise<void> {
    this.submitWaited();
    await this.device.queue.onSubmittedWorkDone();
    this.check('sync');
  }

  destroy(): void {
    this.pool.destroy();
    this.paramPool.destroy();
    this.arena.destroy();
    this.bindGroups.clear();
    this.device.destroy();
  }
}
