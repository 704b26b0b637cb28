import type { Backend, DataHandle } from '../backend/contract.js';
import { bytesPerElement, type DType } from '../dtype.js';

/**
 * A reference-counted backend buffer. Tensors that share data (reshape views,
 * tensors saved for the backward pass) share one Storage; the buffer goes back
 * to its backend when the last holder releases it.
 */
export class Storage {
  refs = 1;
  readonly bytes: number;

  constructor(
    readonly backend: Backend,
    readonly handle: DataHandle,
    readonly dtype: DType,
    readonly size: number,
  ) {
    this.bytes = size * bytesPerElement(dtype);
    storageStats.add(backend.name, this.bytes, 1);
  }

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (this.refs <= 0) return;
    if (--this.refs === 0) {
      this.backend.free(this.handle);
      storageStats.add(this.backend.name, -this.bytes, -1);
    }
  }
}

/** Live bytes and buffers per backend, as seen by the core. */
class StorageStats {
  readonly perBackend = new Map<string, { bytes: number; buffers: number }>();

  add(name: string, bytes: number, buffers: number): void {
    let s = this.perBackend.get(name);
    if (!s) {
      s = { bytes: 0, buffers: 0 };
      this.perBackend.set(name, s);
    }
    s.bytes += bytes;
    s.buffers += buffers;
  }
}

export const storageStats = new StorageStats();
