import { describe, expect, it } from 'vitest';
import { FormatError } from '../src/errors.js';
import { decodeHalf } from '../src/half.js';
import { decodeSafetensors, encodeSafetensors } from '../src/io/safetensors-codec.js';

/** Builds a safetensors file by hand (independently of the encoder) from a header object and data bytes. */
function rawFile(header: unknown, data: number[] | Uint8Array, headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function f32Bytes(values: number[]): number[] {
  return Array.from(new Uint8Array(new Float32Array(values).buffer));
}

function expectFormatError(fn: () => unknown, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(FormatError);
  for (const f of fragments) expect((caught as Error).message).toContain(f);
}

describe('safetensors codec: round trips', () => {
  it('round-trips F32, I32 and BOOL with metadata, in any name order', () => {
    const w = Float32Array.from({ length: 6 }, (_, i) => Math.sin(i + 1) * 3.7);
    const entries = {
      'fc.weight': { dtype: 'float32' as const, shape: [2, 3], data: w },
      'a.index': { dtype: 'int32' as const, shape: [3], data: new Int32Array([-7, 0, 2147483647]) },
      'mask': { dtype: 'bool' as const, shape: [1, 3], data: new Uint8Array([1, 0, 1]) },
      'empty': { dtype: 'float32' as const, shape: [0, 4], data: new Float32Array(0) },
      'scalar': { dtype: 'float32' as const, shape: [], data: new Float32Array([2.5]) },
    };
    const bytes = encodeSafetensors(entries, { format: 'pt', zeta: 'z' });
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    expect(headerLength % 8).toBe(0);
    const headerText = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    // Keys sorted, metadata first, padding made of spaces.
    expect(headerText.indexOf('"a.index"')).toBeLessThan(headerText.indexOf('"empty"'));
    expect(headerText.indexOf('"fc.weight"')).toBeLessThan(headerText.indexOf('"mask"'));
    expect(headerText.startsWith('{"__metadata__":{"format":"pt","zeta":"z"}')).toBe(true);
    expect(headerText.trimEnd().endsWith('}')).toBe(true);

    const back = decodeSafetensors(bytes, 'rt.safetensors');
    expect(back.metadata).toEqual({ format: 'pt', zeta: 'z' });
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(entries).sort());
    for (const [name, e] of Object.entries(entries)) {
      const got = back.tensors[name];
      expect(got.dtype).toBe(e.dtype);
      expect(got.shape).toEqual(e.shape);
      expect(got.data.constructor).toBe(e.data.constructor);
      expect(Array.from(got.data)).toEqual(Array.from(e.data));
    }
  });

  it('reads a hand-written file whose F32 tensor sits at an unaligned offset', () => {
    // BOOL [3] at [0, 3), then F32 [2] at [3, 11): the float data starts at an odd address.
    const header = {
      flags: { dtype: 'BOOL', shape: [3], data_offsets: [0, 3] },
      w: { dtype: 'F32', shape: [2], data_offsets: [3, 11] },
    };
    const bytes = rawFile(header, [1, 1, 0, ...f32Bytes([1.5, -0.25])], JSON.stringify(header) + ' ');
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({});
    expect(Array.from(tensors.flags.data)).toEqual([1, 1, 0]);
    expect(Array.from(tensors.w.data)).toEqual([1.5, -0.25]);
    expect(tensors.w.data.byteOffset % 4).toBe(0);
  });

  it('converts F16, BF16, U8, I8, I16, I64 and exact F64 values', () => {
    const f16 = [0x3c00, 0xc000, 0x3555, 0x0001, 0x7c00, 0x0000]; // 1, -2, 0.33325, 2^-24, +Inf, 0
    const bf16 = [0x3f80, 0xc0a0]; // 1, -5
    const data: number[] = [];
    const push16 = (v: number) => data.push(v & 0xff, v >> 8);
    f16.forEach(push16);
    bf16.forEach(push16);
    data.push(200, 3); // U8
    data.push(0xff, 0x80); // I8: -1, -128
    push16(0x8000); // I16: -32768
    const i64 = new Uint8Array(16);
    new DataView(i64.buffer).setBigInt64(0, -5n, true);
    new DataView(i64.buffer).setBigInt64(8, 2147483647n, true);
    data.push(...i64);
    const f64 = new Uint8Array(new Float64Array([0.5, -3]).buffer);
    data.push(...f64);
    let o = 0;
    const at = (n: number) => [o, (o += n)];
    const header = {
      h: { dtype: 'F16', shape: [6], data_offsets: at(12) },
      b: { dtype: 'BF16', shape: [2], data_offsets: at(4) },
      u: { dtype: 'U8', shape: [2], data_offsets: at(2) },
      i8: { dtype: 'I8', shape: [2], data_offsets: at(2) },
      i16: { dtype: 'I16', shape: [1], data_offsets: at(2) },
      i64: { dtype: 'I64', shape: [2], data_offsets: at(16) },
      d: { dtype: 'F64', shape: [2], data_offsets: at(16) },
    };
    const t = decodeSafetensors(rawFile(header, data)).tensors;
    expect(Array.from(decodeHalf(t.h.data as Uint16Array))).toEqual([1, -2, 0.333251953125, 2 ** -24, Infinity, 0]);
    expect(t.h.dtype).toBe('float16');
    expect(Array.from(t.b.data)).toEqual([1, -5]);
    expect([t.u.dtype, ...t.u.data]).toEqual(['int32', 200, 3]);
    expect(Array.from(t.i8.data)).toEqual([-1, -128]);
    expect(Array.from(t.i16.data)).toEqual([-32768]);
    expect([t.i64.dtype, ...t.i64.data]).toEqual(['int32', -5, 2147483647]);
    expect([t.d.dtype, ...t.d.data]).toEqual(['float32', 0.5, -3]);
  });
});

describe('safetensors codec: malformed files throw FormatError naming file and field', () => {
  const ok = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const okData = f32Bytes([1, 2]);

  it('file shorter than 8 bytes', () => {
    expectFormatError(() => decodeSafetensors(new Uint8Array(5), 'tiny.st'), 'tiny.st', '5 bytes');
  });

  it('header length beyond the file', () => {
    const bytes = rawFile(ok, okData);
    new DataView(bytes.buffer).setUint32(0, 10_000, true);
    expectFormatError(() => decodeSafetensors(bytes, 'long.st'), 'long.st', 'header length 10000');
  });

  it('header not JSON, or not an object', () => {
    expectFormatError(() => decodeSafetensors(rawFile(null, [], '{"w": '), 'bad.st'), 'bad.st', 'not valid JSON');
    expectFormatError(() => decodeSafetensors(rawFile([1, 2], [])), '<buffer>', 'must be a JSON object', 'array');
    expectFormatError(() => decodeSafetensors(rawFile(null, [], '"text"')), 'must be a JSON object');
  });

  it('entry missing dtype, shape or data_offsets', () => {
    for (const field of ['dtype', 'shape', 'data_offsets']) {
      const entry: Record<string, unknown> = { ...ok.w };
      delete entry[field];
      expectFormatError(() => decodeSafetensors(rawFile({ w: entry }, okData), 'm.st'), "m.st: tensor 'w'", `missing field '${field}'`);
    }
  });

  it('unknown dtype', () => {
    const h = { w: { dtype: 'F128', shape: [2], data_offsets: [0, 8] } };
    expectFormatError(() => decodeSafetensors(rawFile(h, okData)), "tensor 'w'", '"F128" is not supported');
  });

  it('shape with negative or fractional dimensions', () => {
    for (const shape of [[-2], [2.5], ['2'], 3]) {
      const h = { w: { dtype: 'F32', shape, data_offsets: [0, 8] } };
      expectFormatError(() => decodeSafetensors(rawFile(h, okData)), "tensor 'w'", 'shape must be');
    }
  });

  it('offsets that are not [begin, end] integers', () => {
    for (const off of [[0], [0, 8, 9], [8, 0], [0, '8'], [-1, 7], 'x']) {
      const h = { w: { dtype: 'F32', shape: [2], data_offsets: off } };
      expectFormatError(() => decodeSafetensors(rawFile(h, okData)), "tensor 'w'", 'data_offsets must be');
    }
  });

  it('byte count that does not match the shape', () => {
    const h = { 'fc.weight': { dtype: 'F32', shape: [2, 3], data_offsets: [0, 12] } };
    expectFormatError(
      () => decodeSafetensors(rawFile(h, new Array(12).fill(0)), 'model.safetensors'),
      "model.safetensors: tensor 'fc.weight': data_offsets [0, 12] hold 12 bytes but shape [2, 3] of F32 needs 24",
    );
  });

  it('offsets beyond the data section (truncated file)', () => {
    expectFormatError(() => decodeSafetensors(rawFile(ok, okData.slice(0, 6)), 'cut.st'), "cut.st: tensor 'w'", 'beyond the data section of 6 bytes');
  });

  it('overlapping entries', () => {
    const h = {
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
    };
    expectFormatError(() => decodeSafetensors(rawFile(h, okData)), "tensor 'b'", "overlap tensor 'a'");
  });

  it('a gap in the data section', () => {
    const h = {
      a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
      b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
    };
    expectFormatError(() => decodeSafetensors(rawFile(h, f32Bytes([1, 2, 3]))), 'bytes [4, 8)', 'not covered');
  });

  it('trailing bytes after the last tensor', () => {
    expectFormatError(() => decodeSafetensors(rawFile(ok, [...okData, 0, 0])), '10 bytes', '2 trailing bytes');
  });

  it('bad metadata, BOOL bytes other than 0/1, I64 out of int32 range, inexact F64', () => {
    expectFormatError(() => decodeSafetensors(rawFile({ __metadata__: { n: 3 } }, [])), "'__metadata__' field 'n' must be a string");
    const b = { m: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } };
    expectFormatError(() => decodeSafetensors(rawFile(b, [1, 7])), "tensor 'm'", 'element 1 is 7');
    const big = new Uint8Array(8);
    new DataView(big.buffer).setBigInt64(0, 2n ** 40n, true);
    const i = { i: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } };
    expectFormatError(() => decodeSafetensors(rawFile(i, big)), "tensor 'i'", 'outside the int32 range');
    const d = { d: { dtype: 'F64', shape: [1], data_offsets: [0, 8] } };
    expectFormatError(() => decodeSafetensors(rawFile(d, new Uint8Array(new Float64Array([0.1]).buffer))), "tensor 'd'", 'cannot hold exactly');
  });

  it('the encoder rejects bad entries with typed errors', () => {
    expect(() => encodeSafetensors({ w: { dtype: 'float32', shape: [3], data: new Float32Array(2) } })).toThrow(/shape \[3\] has 3 elements but data has 2/);
    expect(() => encodeSafetensors({ w: { dtype: 'int32', shape: [2], data: new Float32Array(2) } })).toThrow(/needs a Int32Array/);
    expect(() => encodeSafetensors({ __metadata__: { dtype: 'float32', shape: [0], data: new Float32Array(0) } })).toThrow(/reserved/);
  });
});

describe('safetensors metadata without the data', () => {
  it('reads the header only, and reports short or corrupt files as FormatError', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { loadSafetensorsMetadata } = await import('../src/io/safetensors.js');
    const dir = mkdtempSync(join(tmpdir(), 'dendrite-st-'));
    try {
      const bytes = encodeSafetensors({ w: { dtype: 'float32', shape: [1000], data: new Float32Array(1000).fill(1.5) } }, { format: 'pt', step: '7' });
      const good = join(dir, 'good.safetensors');
      writeFileSync(good, bytes);
      expect(await loadSafetensorsMetadata(good)).toEqual({ format: 'pt', step: '7' });
      // A file cut inside its header, one of 3 bytes, and a missing file.
      const cut = join(dir, 'cut.safetensors');
      writeFileSync(cut, bytes.subarray(0, 20));
      await expect(loadSafetensorsMetadata(cut)).rejects.toThrow(FormatError);
      await expect(loadSafetensorsMetadata(cut)).rejects.toThrow(/cut\.safetensors: header length \d+ goes beyond the file/);
      const tiny = join(dir, 'tiny.safetensors');
      writeFileSync(tiny, new Uint8Array(3));
      await expect(loadSafetensorsMetadata(tiny)).rejects.toThrow(/fewer than the 8-byte header length/);
      await expect(loadSafetensorsMetadata(join(dir, 'nope.safetensors'))).rejects.toThrow(/nope\.safetensors: cannot read the file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
