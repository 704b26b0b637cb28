// Kernel parameters (sizes, shapes, strides, scalars) packed as 32-bit words
// into the read-only storage array every shader binds at 0, and the arena
// that uploads the parameters of a whole submit at once.
import { BufferUsage } from '../gpu-flags.js';

/**
 * A growable list of 32-bit words.
 *
 * @example
 * ```ts
 * const p = new Params().u32(10).i32(-1).f32(0.5).list([2, 5]);
 * p.words(); // Uint32Array of 5 words
 * ```
 */
export class Params {
  private readonly data: number[] = [];
  private readonly view = new DataView(new ArrayBuffer(4));

  u32(v: number): this {
    this.data.push(v >>> 0);
    return this;
  }

  i32(v: number): this {
    this.data.push((v | 0) >>> 0);
    return this;
  }

  f32(v: number): this {
    this.view.setFloat32(0, v, true);
    this.data.push(this.view.getUint32(0, true));
    return this;
  }

  /** Appends each value as a signed 32-bit word. */
  list(values: readonly number[]): this {
    for (const v of values) this.i32(v);
    return this;
  }

  /** The index the next word will have. */
  get length(): number {
    return this.data.length;
  }

  words(): Uint32Array {
    return Uint32Array.from(this.data.length > 0 ? this.data : [0]);
  }
}

/**
 * The parameters of many dispatches in one storage buffer, each at an
 * offset aligned for binding, uploaded with one writeBuffer per submit (a
 * buffer and a queue write per dispatch cost more host time than the small
 * kernels they feed). Reusing the buffer across submits is safe because
 * queue order runs the next upload after the commands that read the last.
 *
 * @example
 * ```ts
 * const arena = new ParamArena(device, 64 * 1024);
 * const offset = arena.place(new Params().u32(10).words()); // 0
 * arena.flush(device.queue); // before submitting the commands that bind it
 * ```
 */
export class ParamArena {
  readonly buffer: GPUBuffer;
  private readonly staging: Uint32Array;
  /** Binding offsets must be multiples of this many words. */
  private readonly alignWords: number;
  /** Words placed since the last flush (the end of the last placement). */
  private used = 0;
  /** Where the next placement may start (the end rounded up to the alignment). */
  private next = 0;

  constructor(device: GPUDevice, bytes: number) {
    this.buffer = device.createBuffer({ size: bytes, usage: BufferUsage.STORAGE | BufferUsage.COPY_DST });
    this.staging = new Uint32Array(bytes / 4);
    this.alignWords = Math.max(1, device.limits.minStorageBufferOffsetAlignment / 4);
  }

  /** Bytes a placement of `words` binds (at least 16, as the smallest pooled parameter buffer held). */
  static bindBytes(words: Uint32Array): number {
    return Math.max(16, words.byteLength);
  }

  /** Copies `words` in; returns their byte offset, or -1 when they do not fit until the next flush. */
  place(words: Uint32Array): number {
    const start = this.next;
    const end = start + ParamArena.bindBytes(words) / 4;
    if (end > this.staging.length) return -1;
    this.staging.set(words, start);
    // A binding past the words (the 16-byte minimum) reads zeros, not an earlier dispatch's words.
    this.staging.fill(0, start + words.length, end);
    this.used = end;
    this.next = Math.ceil(end / this.alignWords) * this.alignWords;
    return start * 4;
  }

  /** Uploads everything placed since the last flush and starts over at offset 0. */
  flush(queue: GPUQueue): void {
    if (this.used > 0) queue.writeBuffer(this.buffer, 0, this.staging.buffer, 0, this.used * 4);
    this.used = 0;
    this.next = 0;
  }

  destroy(): void {
    this.buffer.destroy();
  }
}
