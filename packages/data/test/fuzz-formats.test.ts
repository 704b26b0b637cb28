// Seeded fuzz suite over every file format @dendrite/data parses (issue 12):
// IDX (plain and gzipped), CSV, .npy, CIFAR-10/100, PNG and JPEG. Valid files
// are generated, then mutated (truncated, bit-flipped, spliced, headers set
// to extreme values); each parse must either succeed or throw a Dendrite
// error that names the file, never another error, never a hang, and the
// peak memory of the whole run stays bounded. Regression cases of the
// defects found by hand come first.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DendriteError, FormatError, memory } from '@dendrite/core';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cifar10, cifar100, decodeImage, MAX_IMAGE_PIXELS, maybeGunzip, idxByteLength, parseCifar10, parseCifar100, parseCsv, parseIdx, parseMnistImages, parseMnistPair, parseNpy,
  toLabeledTable,
} from '../src/index.js';

/** mulberry32: a tiny seeded generator, so every run tries the same inputs. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

const counts = { tried: 0, typed: 0, accepted: 0 };

/** Runs one parse: success, or a Dendrite error naming `file`; anything else fails the test. */
async function attempt(file: string, parse: () => unknown): Promise<'ok' | Error> {
  counts.tried++;
  const live = memory().numTensors;
  try {
    await parse();
    counts.accepted++;
    return 'ok';
  } catch (err) {
    if (!(err instanceof DendriteError)) throw new Error(`${file}: untyped ${(err as Error)?.name}: ${(err as Error)?.message}`);
    if (!err.message.includes(file)) throw new Error(`${file}: the message does not name the file: ${err.message}`);
    if (err.message.length > 1000) throw new Error(`${file}: message of ${err.message.length} characters`);
    counts.typed++;
    return err;
  } finally {
    expect(memory().numTensors).toBe(live);
  }
}

/** Random mutations of valid bytes; `headerEnd` marks where the interesting fields lie. */
function mutate(bytes: Uint8Array, r: ReturnType<typeof rng>, headerEnd: number): Uint8Array {
  const out = bytes.slice();
  switch (r.int(7)) {
    case 0: // truncate
      return out.subarray(0, r.int(out.length));
    case 1: // flip bits in the header
      for (let k = 0; k <= r.int(3); k++) out[r.int(Math.min(headerEnd, out.length))] ^= 1 << r.int(8);
      return out;
    case 2: // flip bits anywhere
      for (let k = 0; k <= r.int(8); k++) out[r.int(out.length)] ^= 1 << r.int(8);
      return out;
    case 3: { // extreme bytes in the header
      const at = r.int(Math.max(1, Math.min(headerEnd, out.length) - 3));
      out.set([0xff, 0xff, 0xff, r.int(2) ? 0xff : 0x7f].slice(0, out.length - at), at);
      return out;
    }
    case 4: { // trailing garbage
      const tail = Uint8Array.from({ length: 1 + r.int(40) }, () => r.int(256));
      const c = new Uint8Array(out.length + tail.length);
      c.set(out);
      c.set(tail, out.length);
      return c;
    }
    case 5: { // drop a slice from the middle
      const a = r.int(out.length);
      const b = a + 1 + r.int(Math.max(1, out.length - a));
      const c = new Uint8Array(out.length - (Math.min(b, out.length) - a));
      c.set(out.subarray(0, a));
      c.set(out.subarray(Math.min(b, out.length)), a);
      return c;
    }
    default: // zero the header
      out.fill(0, 0, Math.min(headerEnd, out.length));
      return out;
  }
}

function idxFile(dims: number[], type = 0x08, fill = (i: number) => i & 255): Uint8Array {
  const size = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 }[type] as number;
  const n = dims.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(4 + 4 * dims.length + n * size);
  const v = new DataView(out.buffer);
  out[2] = type;
  out[3] = dims.length;
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < n * size; i++) out[4 + 4 * dims.length + i] = fill(i);
  return out;
}

function npyFile(descr: string, shape: number[], data: Uint8Array, fortran = false): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

function pngFile(w: number, h: number, r: ReturnType<typeof rng>): Uint8Array {
  const png = new pngjs.PNG({ width: w, height: h });
  for (let i = 0; i < png.data.length; i++) png.data[i] = r.int(256);
  return new Uint8Array(pngjs.PNG.sync.write(png));
}

function jpegFile(w: number, h: number, r: ReturnType<typeof rng>): Uint8Array {
  const data = Buffer.alloc(w * h * 4);
  for (let i = 0; i < data.length; i++) data[i] = r.int(256);
  return new Uint8Array(jpeg.encode({ data, width: w, height: h }, 80).data);
}

/** CRC-32 of PNG chunks (table-driven, as in the PNG spec). */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

let dir = '';
const peakAtStart = process.resourceUsage().maxRSS;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dendrite-fuzz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  const growthMiB = (process.resourceUsage().maxRSS - peakAtStart) / 1024;
  console.log(`data fuzz: ${counts.tried} inputs tried, ${counts.typed} typed errors, ${counts.accepted} accepted; peak RSS grew ${growthMiB.toFixed(0)} MiB`);
});

describe('regressions found by hand (issue 12)', () => {
  it('a gzip bomb behind a small IDX header stops at the declared size (defect 10)', async () => {
    const header = idxFile([1, 28, 28]).subarray(0, 16);
    const bomb = gzipSync(concat(header, new Uint8Array(64 * 2 ** 20)), { level: 9 });
    expect(bomb.length).toBeLessThan(256 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const err = await attempt('bomb.idx.gz', () => maybeGunzip(bomb, 'bomb.idx.gz', { sizeFromHeader: idxByteLength }));
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(/inflates past 800 bytes/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
    // Without a header bound, the stated cap applies.
    const err2 = await attempt('bomb2.gz', () => maybeGunzip(gzipSync(new Uint8Array(2 ** 20)), 'bomb2.gz', { maxBytes: 2 ** 16 }));
    expect((err2 as Error).message).toMatch(/inflates past 65536 bytes/);
    // A header declaring more than the cap is refused at once.
    const huge = gzipSync(idxFile([1]).subarray(0, 8).map((b, i) => (i >= 4 ? 0xff : b)));
    expect(await attempt('huge.gz', () => maybeGunzip(huge, 'huge.gz', { sizeFromHeader: idxByteLength, maxBytes: 2 ** 20 }))).toBeInstanceOf(FormatError);
    // A genuine file inflates.
    const ok = idxFile([2, 3, 3]);
    expect(Array.from(await maybeGunzip(gzipSync(ok), 'ok.gz', { sizeFromHeader: idxByteLength }))).toEqual(Array.from(ok));
  });

  it('a 69-byte PNG declaring 20000x20000 is refused before decoding, as is a JPEG (defect 11)', async () => {
    const ihdr = new Uint8Array(13);
    const v = new DataView(ihdr.buffer);
    v.setUint32(0, 20000);
    v.setUint32(4, 20000);
    ihdr.set([8, 6, 0, 0, 0], 8);
    const tiny = concat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', gzipSync(new Uint8Array(1)).subarray(0, 10)), pngChunk('IEND', new Uint8Array()));
    expect(tiny.length).toBeLessThan(80);
    const t0 = performance.now();
    const err = await attempt('big.png', () => decodeImage(tiny, 'big.png'));
    expect((err as Error).message).toMatch(/20000x20000 pixels, more than the limit/);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(20000 * 20000).toBeGreaterThan(MAX_IMAGE_PIXELS);
    // JPEG: patch the SOF of a real file to 20000x20000.
    const j = jpegFile(8, 8, rng(1));
    const sof = j.findIndex((b, i) => b === 0xff && j[i + 1] === 0xc0);
    j.set([20000 >> 8, 20000 & 255, 20000 >> 8, 20000 & 255], sof + 5);
    expect((await attempt('big.jpg', () => decodeImage(j, 'big.jpg'))) as Error).toBeInstanceOf(FormatError);
  });

  it('a PNG whose pixel stream is cut (valid chunks and CRCs) is refused, not decoded as garbage (defect 11)', async () => {
    const good = pngFile(8, 8, rng(2));
    const idatAt = 33;
    const len = new DataView(good.buffer).getUint32(idatAt);
    const data = good.subarray(idatAt + 8, idatAt + 8 + len);
    const cut = concat(good.subarray(0, idatAt), pngChunk('IDAT', data.subarray(0, data.length >> 1)), good.subarray(idatAt + 12 + len));
    expect((await attempt('cut.png', () => decodeImage(cut, 'cut.png'))) as Error).toBeInstanceOf(FormatError);
    expect((await attempt('cut.png', () => decodeImage(cut, 'cut.png'))) as Error).toHaveProperty('message', expect.stringMatching(/truncated/));
    expect(await attempt('good.png', () => decodeImage(good, 'good.png'))).toBe('ok');
    expect((await attempt('trunc.jpg', () => decodeImage(jpegFile(16, 16, rng(3)).subarray(0, 300), 'trunc.jpg'))) as Error).toHaveProperty('message', expect.stringMatching(/truncated/));
  });

  it('CIFAR class names must match the labels (defect 12)', async () => {
    const record = new Uint8Array(3073);
    const record100 = new Uint8Array(3074);
    await writeFile(join(dir, 'test.bin'), concat(record100, record100));
    await writeFile(join(dir, 'train.bin'), concat(record100, record100));
    await writeFile(join(dir, 'fine_label_names.txt'), 'a\nb\nc\n');
    for (const f of ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin']) await writeFile(join(dir, f), record.subarray(0, 3073));
    await writeFile(join(dir, 'batches.meta.txt'), 'cat\ndog\nfrog\n');
    const e10 = await attempt('batches.meta.txt', () => cifar10(dir));
    expect((e10 as Error).message).toMatch(/3 class names, but the labels are 0..9/);
    const e100 = await attempt('fine_label_names.txt', () => cifar100(dir));
    expect((e100 as Error).message).toMatch(/3 class names/);
    await writeFile(join(dir, 'batches.meta.txt'), `${'a\n'.repeat(10)}`);
    expect((await attempt('batches.meta.txt', () => cifar10(dir))) as Error).toHaveProperty('message', expect.stringMatching(/appears twice/));
  });

  it('CSV decisions: 1e39, 0x1A, Infinity and empty labels are refused; plain decimals parse', async () => {
    const table = (cell: string, label = 'a') => toLabeledTable(parseCsv(`x,label\n1.5,b\n${cell},${label}\n`, {}, 'd.csv'), 'label', 'd.csv');
    for (const cell of ['1e39', '-1e39', '0x1A', 'Infinity', '1_000', '']) {
      expect((await attempt('d.csv', () => table(cell))) as Error).toBeInstanceOf(FormatError);
    }
    expect((await attempt('d.csv', () => table('1', ' '))) as Error).toHaveProperty('message', expect.stringMatching(/label is empty/));
    expect(Array.from(table('-2.5e3').features)).toEqual([1.5, -2500]);
    expect(Array.from(table('.5').features)).toEqual([1.5, 0.5]);
  });

  it('.npy decisions: float64 past the float32 range is refused, ordinary float64 rounds', async () => {
    const f8 = (v: number) => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v, true);
      return npyFile('<f8', [1], b);
    };
    expect((await attempt('big.npy', () => parseNpy(f8(1e300), 'big.npy'))) as Error).toHaveProperty('message', expect.stringMatching(/outside the float32 range/));
    expect(parseNpy(f8(0.1), 'ok.npy').data[0]).toBe(Math.fround(0.1));
    expect(Number.isNaN(parseNpy(f8(Number.NaN), 'nan.npy').data[0])).toBe(true); // NaN and infinities are kept as they are
  });

  it('MNIST decision: 0x0 images are refused', async () => {
    expect((await attempt('empty-images', () => parseMnistImages(idxFile([5, 0, 0]).map((b, i) => (i === 2 ? 8 : i === 3 ? 3 : b)), 'empty-images'))) as Error).toHaveProperty(
      'message',
      expect.stringMatching(/0x0 pixels are empty/),
    );
  });
});

describe('seeded fuzzing', () => {
  const ROUNDS = 150;

  it('IDX (plain, MNIST pairs and gzipped) never fails untyped', async () => {
    const r = rng(12);
    const images = idxFile([3, 4, 4]);
    images[3] = 3;
    const labels = idxFile([3], 0x08, (i) => i % 10);
    for (let i = 0; i < ROUNDS; i++) {
      const name = `fuzz-${i}.idx`;
      const type = [0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e][r.int(6)];
      const file = mutate(idxFile([2, 1 + r.int(3)], type), r, 16);
      await attempt(name, () => parseIdx(file, name));
      const img = mutate(images, r, 16);
      await attempt(name, () => parseMnistPair(img, labels, name, `${name}-labels`));
      const gz = r.int(2) ? mutate(gzipSync(images), r, 24) : gzipSync(mutate(images, r, 16));
      await attempt(`${name}.gz`, async () => parseIdx(await maybeGunzip(gz, `${name}.gz`, { sizeFromHeader: idxByteLength, maxBytes: 2 ** 20 }), `${name}.gz`));
    }
  });

  it('CSV never fails untyped', async () => {
    const r = rng(13);
    const alphabet = ['1', '2.5', '-3e2', '"', ',', '\n', '\r\n', 'a', 'b', ' ', '0x1F', 'NaN', '1e39', '', '""', '"x,y"', 'é'];
    for (let i = 0; i < ROUNDS; i++) {
      const name = `fuzz-${i}.csv`;
      let text = 'f1,f2,label\n';
      for (let k = 0; k < 1 + r.int(30); k++) text += alphabet[r.int(alphabet.length)];
      await attempt(name, () => toLabeledTable(parseCsv(text, { delimiter: r.int(4) ? ',' : ';' }, name), 'label', name));
    }
  });

  it('.npy never fails untyped', async () => {
    const r = rng(14);
    const descrs = ['<f4', '<f8', '<f2', '<i4', '<i8', '>i2', '|u1', '|b1', '<u4', '<c8', '|O'];
    for (let i = 0; i < ROUNDS; i++) {
      const name = `fuzz-${i}.npy`;
      const descr = descrs[r.int(descrs.length)];
      const shape = [1 + r.int(3), 1 + r.int(3)];
      const size = Number(descr.slice(2)) || 1;
      const data = Uint8Array.from({ length: shape[0] * shape[1] * size }, () => (descr === '|b1' ? r.int(2) : r.int(256)));
      const file = mutate(npyFile(descr, shape, data, r.int(2) === 1), r, 70);
      await attempt(name, () => parseNpy(file, name));
    }
  });

  it('CIFAR-10/100 batches never fail untyped', async () => {
    const r = rng(15);
    for (let i = 0; i < ROUNDS; i++) {
      const name = `fuzz-${i}.bin`;
      const n = 1 + r.int(3);
      const ten = r.int(2) === 1;
      const rec = ten ? 3073 : 3074;
      const bytes = new Uint8Array(n * rec);
      for (let k = 0; k < n; k++) {
        bytes[k * rec] = r.int(ten ? 12 : 22);
        if (!ten) bytes[k * rec + 1] = r.int(104);
      }
      const file = r.int(3) ? mutate(bytes, r, 4) : bytes;
      await attempt(name, () => (ten ? parseCifar10(file, name) : parseCifar100(file, name)));
    }
  });

  it('PNG and JPEG never fail untyped', async () => {
    const r = rng(16);
    const png = pngFile(6, 5, r);
    const jpg = jpegFile(9, 7, r);
    for (let i = 0; i < ROUNDS; i++) {
      const pn = `fuzz-${i}.png`;
      const p = mutate(png, r, 33);
      await attempt(pn, () => decodeImage(p, pn, r.int(2) ? 1 : 3));
      const jn = `fuzz-${i}.jpg`;
      const j = mutate(jpg, r, 200);
      await attempt(jn, () => decodeImage(j, jn));
    }
  });

  it('peak memory of the whole fuzz run stays bounded', () => {
    // A gzip bomb inflated fully costs 785 MB; a 20000x20000 PNG 2.3 GB.
    expect((process.resourceUsage().maxRSS - peakAtStart) / 1024).toBeLessThan(400);
    expect(counts.tried).toBeGreaterThan(1000);
  });
});
