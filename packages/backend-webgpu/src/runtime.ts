// The device-side machinery every kernel goes through: pipelines compiled
// once per shader source (with `enable f16;` put in front of any that uses
// f16, so kernels never spell it), many dispatches recorded per command
// encoder, per-dispatch parameter buffers, scratch buffers that live until
// the encoder is submitted, async readback, and error capture so validation
// errors, out-of-memory and device loss surface as BackendError.
import { BackendError } from '@dendrite/core';
import { BufferPool } from './buffer-pool.js';
import { BufferUsage, MAP_MODE_READ } from './gpu-flags.js';

/** Threads per workgroup of the 1-D kernels. */
export const WORKGROUP = 256;

/** A shader that names the f16 type (WGSL then requires the directive). */
const USES_F16 = /\bf16\b/;

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
  /** Small read-only buffers of kernel parameters (shapes, strides, scalars). */
  private readonly paramPool: BufferPool;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  /** Buffers referenced by the unsubmitted encoder (a `write` to one must submit first). */
  private readonly pending = new Set<GPUBuffer>();
  private readonly paramsInFlight: GPUBuffer[] = [];
  /** Scratch buffers of recorded kernels, back to the pool once submitted. */
  private readonly scratchInFlight: GPUBuffer[] = [];
  /** Whether the device has 'shader-f16' (shaders may use f16). */
  readonly f16: boolean;
  private error: string | null = null;
  private lost: string | null = null;

  constructor(
    readonly device: GPUDevice,
    private readonly dispatchesPerSubmit: number,
  ) {
    this.pool = new BufferPool(device, 512 * 1024 * 1024);
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
    let p = this.pipelines.get(code);
    if (!p) {
      const source = this.f16 && USES_F16.test(code) && !code.includes('enable f16;') ? `enable f16;\n${code}` : code;
      const module = this.device.createShaderModule({ code: source });
      p = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
      this.pipelines.set(code, p);
    }
    return p;
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
    const pipeline = this.pipeline(code);
    const paramBuffer = this.paramPool.acquire(Math.max(16, params.byteLength));
    this.device.queue.writeBuffer(paramBuffer, 0, params.buffer, params.byteOffset, params.byteLength);
    this.paramsInFlight.push(paramBuffer);
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: paramBuffer } }];
    buffers.forEach((buffer, i) => {
      entries.push({ binding: i + 1, resource: { buffer } });
      this.pending.add(buffer);
    });
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const pass = this.computePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    if (++this.dispatches >= this.dispatchesPerSubmit) this.submit();
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
    this.pending.clear();
    this.dispatches = 0;
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
    this.submit();
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
    this.submit();
    await this.device.queue.onSubmittedWorkDone();
    this.check('sync');
  }

  destroy(): void {
    this.pool.destroy();
    this.paramPool.destroy();
    this.device.destroy();
  }
}
