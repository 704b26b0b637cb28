// The runtime's dispatch machinery: parameters packed into one arena per
// submit (overflow submits early; parameters larger than the arena get a
// buffer of their own), bind groups reused across submits while the
// parameters change, and the pool handing out its lowest-numbered buffer so
// steps that allocate alike get the same buffers.
import { afterAll, describe, expect, it } from 'vitest';
import { BufferPool, bufferId } from '../src/buffer-pool.js';
import { acquireDevice } from '../src/device.js';
import { ParamArena } from '../src/kernels/params.js';
import { GPURuntime } from '../src/runtime.js';
import { randomData } from './helpers.js';

process.env.XDG_RUNTIME_DIR ??= '/tmp';

/** A device stand-in for the host-side bookkeeping tests: buffers are plain objects, writes are recorded. */
function fakeDevice(align: number) {
  const writes: { offset: number; words: number[] }[] = [];
  const device = {
    limits: { minStorageBufferOffsetAlignment: align },
    createBuffer: ({ size }: { size: number }) => ({ size, destroy() {} }),
  } as unknown as GPUDevice;
  const queue = {
    writeBuffer: (_b: GPUBuffer, offset: number, data: ArrayBuffer, dataOffset: number, size: number) => {
      writes.push({ offset, words: Array.from(new Uint32Array(data, dataOffset, size / 4)) });
    },
  } as unknown as GPUQueue;
  return { device, queue, writes };
}

describe('ParamArena', () => {
  it('places at aligned offsets, zero-fills to the 16-byte minimum, reports a full arena and uploads once per flush', () => {
    const { device, queue, writes } = fakeDevice(256);
    const arena = new ParamArena(device, 1024);
    expect(arena.place(Uint32Array.of(7))).toBe(0);
    expect(arena.place(Uint32Array.of(1, 2, 3, 4, 5))).toBe(256);
    expect(arena.place(new Uint32Array(100).fill(9))).toBe(512);
    // 512 + 400 bytes end at 912: the next aligned start (1024) leaves no room.
    expect(arena.place(Uint32Array.of(1))).toBe(-1);
    arena.flush(queue);
    expect(writes).toHaveLength(1);
    const words = writes[0]!.words;
    expect(words.length).toBe(912 / 4);
    expect(words.slice(0, 4)).toEqual([7, 0, 0, 0]);
    expect(words.slice(64, 69)).toEqual([1, 2, 3, 4, 5]);
    expect(words.slice(128)).toEqual(new Array(100).fill(9));
    // After a flush the arena starts over at 0; an empty flush uploads nothing.
    expect(arena.place(Uint32Array.of(3))).toBe(0);
    arena.flush(queue);
    arena.flush(queue);
    expect(writes).toHaveLength(2);
    expect(writes[1]!.words).toEqual([3, 0, 0, 0]);
  });
});

describe('BufferPool', () => {
  it('hands out the lowest-numbered free buffer of a size class, whatever the release order', () => {
    const { device } = fakeDevice(256);
    const pool = new BufferPool(device, 1 << 20);
    const bufs = [pool.acquire(100), pool.acquire(100), pool.acquire(100), pool.acquire(100)];
    const ids = bufs.map(bufferId);
    expect(new Set(ids).size).toBe(4);
    for (const i of [2, 0, 3, 1]) pool.release(bufs[i]!);
    const again = [pool.acquire(128), pool.acquire(128), pool.acquire(128), pool.acquire(128)];
    expect(again.map(bufferId)).toEqual([...ids].sort((a, b) => a - b));
    expect(pool.liveBuffers).toBe(4);
  });
});

// out[P[0]] = P[1] + P[P[2]]: each dispatch's result depends on its own parameters, read at any index.
const SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> P: array<u32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(1) fn main() { out[P[0]] = P[1] + P[P[2]]; }`;

// out[0] = x[P[0]].
const COPY = /* wgsl */ `
@group(0) @binding(0) var<storage, read> P: array<u32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<u32>;
@compute @workgroup_size(1) fn main() { out[0] = x[P[0]]; }`;

const device = await acquireDevice({}).then(
  (d) => d.device,
  () => undefined,
);
const rt = device ? new GPURuntime(device, 10_000) : undefined;
afterAll(() => rt?.destroy());

describe.skipIf(!rt)('GPURuntime dispatch parameters', () => {
  async function readU32(buffer: GPUBuffer, n: number): Promise<number[]> {
    return Array.from(new Uint32Array(await rt!.readBytes(buffer, n * 4)));
  }

  it('keeps every dispatch its own parameters past a full arena and across submits that reuse bind groups', async () => {
    // 600 dispatches of 70 words (512-byte slots): the 256 between the ramp's submits at 248 and 504 overflow the 64 KiB arena.
    const n = 600;
    const out = rt!.pool.acquire(n * 4);
    const queue = rt!.device.queue;
    const submit = queue.submit;
    const at: number[] = [];
    let k = 0;
    queue.submit = (buffers) => {
      at.push(k);
      submit.call(queue, buffers);
    };
    try {
      for (const round of [1, 2]) {
        const values = Array.from(randomData(n, 17 * round, 1, 2 ** 31), Math.floor);
        at.length = 0;
        for (k = 0; k < n; k++) {
          const params = new Uint32Array(70);
          params.set([k, values[k]!, 69]);
          params[69] = round;
          rt!.dispatch(SHADER, [out], params, [1, 1, 1]);
        }
        expect(at).toContain(248 + 128); // the early submit of a full arena
        // Exact: u32 adds of integers below 2^31 do not wrap.
        expect(await readU32(out, n)).toEqual(values.map((v) => v + round));
      }
    } finally {
      queue.submit = submit;
    }
    rt!.pool.release(out);
  });

  it('binds parameters larger than the arena from a buffer of their own', async () => {
    const words = new Uint32Array(20_000);
    words.set([1, 12345, 19_999]);
    words[19_999] = 777;
    const out = rt!.pool.acquire(16);
    rt!.dispatch(SHADER, [out], Uint32Array.of(0, 5, 1), [1, 1, 1]);
    rt!.dispatch(SHADER, [out], words, [1, 1, 1]);
    expect(await readU32(out, 2)).toEqual([10, 12345 + 777]);
    rt!.pool.release(out);
  });

  it('submits 8 dispatches after a wait, then twice as many each submit up to the cap', async () => {
    const out = rt!.pool.acquire(16);
    const queue = rt!.device.queue;
    const submit = queue.submit;
    const at: number[] = [];
    let recorded = 0;
    queue.submit = (buffers) => {
      at.push(recorded);
      submit.call(queue, buffers);
    };
    try {
      await rt!.sync();
      at.length = 0;
      for (recorded = 1; recorded <= 200; recorded++) rt!.dispatch(SHADER, [out], Uint32Array.of(0, recorded, 1), [1, 1, 1]);
      expect(at).toEqual([8, 24, 56, 120, 248].filter((n) => n <= 200));
      expect(await readU32(out, 1)).toEqual([400]);
      // A wait starts the ramp over.
      at.length = 0;
      for (recorded = 1; recorded <= 8; recorded++) rt!.dispatch(SHADER, [out], Uint32Array.of(0, recorded, 1), [1, 1, 1]);
      expect(at).toEqual([8]);
    } finally {
      queue.submit = submit;
    }
    rt!.pool.release(out);
  });

  it('builds a kernel variant\'s source once per key', () => {
    let builds = 0;
    const build = () => {
      builds++;
      return `${SHADER}\n// variant ${builds}`;
    };
    const first = rt!.shader('test:a', build);
    expect(rt!.shader('test:a', build)).toBe(first);
    expect(rt!.shader('test:b', build)).not.toBe(first);
    expect(builds).toBe(2);
  });

  it('keeps a freed buffer the pool has no room for until the commands recorded with it are submitted', async () => {
    const small = new GPURuntime(device!, 1000, 0);
    try {
      const x = small.pool.acquire(16);
      const out = small.pool.acquire(16);
      small.writeWords(x, Uint32Array.of(0, 0, 0, 4321));
      small.dispatch(COPY, [out, x], Uint32Array.of(3), [1, 1, 1]);
      small.pool.release(x); // no room in a 0-byte pool: destroyed, but only after the copy is submitted
      expect(Array.from(new Uint32Array(await small.readBytes(out, 4)))).toEqual([4321]);
      small.pool.release(out);
    } finally {
      small.pool.destroy();
    }
  });

  it('reads zeros past a dispatch’s words within the 16-byte minimum binding', async () => {
    const out = rt!.pool.acquire(16);
    rt!.dispatch(SHADER, [out], Uint32Array.of(0, 9, 3, 4444), [1, 1, 1]);
    await rt!.sync();
    // The same arena slot now holds three words; P[3] must read 0, not the earlier 4444.
    rt!.dispatch(SHADER, [out], Uint32Array.of(1, 9, 3), [1, 1, 1]);
    expect(await readU32(out, 2)).toEqual([9 + 4444, 9]);
    rt!.pool.release(out);
  });
});
