import { FormatError } from '@dendrite/core';
import jpeg from 'jpeg-js';
import { gzipSync } from 'node:zlib';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parseCifar10, parseCifar100 } from '../src/formats/cifar.js';
import { parseCsv, toLabeledTable } from '../src/formats/csv.js';
import { maybeGunzip } from '../src/formats/gzip.js';
import { parseIdx } from '../src/formats/idx.js';
import { decodeImage } from '../src/formats/image-decode.js';
import { parseMnistPair } from '../src/formats/mnist-files.js';
import { parseNpy } from '../src/formats/npy.js';

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

/** Writes an IDX ubyte file by hand. */
function idxBytes(dims: number[], values: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values.length);
  const v = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  out.set(values, 4 + 4 * dims.length);
  return out;
}

describe('IDX / MNIST', () => {
  const images = idxBytes([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  const labels = idxBytes([2], [7, 3]);

  it('parses images and labels', () => {
    const m = parseMnistPair(images, labels, 'img', 'lab');
    expect([m.count, m.rows, m.cols]).toEqual([2, 2, 3]);
    expect(Array.from(m.images)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    expect(Array.from(m.labels)).toEqual([7, 3]);
  });

  it('decodes big-endian int and float IDX files', () => {
    const b = new Uint8Array(4 + 4 + 8);
    const v = new DataView(b.buffer);
    b[2] = 0x0d;
    b[3] = 1;
    v.setUint32(4, 2, false);
    v.setFloat32(8, -1.5, false);
    v.setFloat32(12, 3.25, false);
    expect(Array.from(parseIdx(b).data)).toEqual([-1.5, 3.25]);
  });

  it('rejects wrong magic, truncation, trailing bytes, count mismatches and bad labels', () => {
    const wrongMagic = images.slice();
    wrongMagic[2] = 0x07;
    expectFormatError(() => parseMnistPair(wrongMagic, labels, 'train-images'), 'train-images', 'expected an images file (IDX magic 0x00000803), found magic 0x00000703');
    expectFormatError(() => parseMnistPair(images.subarray(0, images.length - 1), labels, 'cut-images'), 'cut-images', 'truncated', 'need 28 bytes, found 27');
    expectFormatError(() => parseMnistPair(images, idxBytes([2], [7, 3, 1]), 'i', 'lab'), 'lab', '1 trailing bytes');
    expectFormatError(() => parseMnistPair(images, idxBytes([3], [7, 3, 1]), 'i', 'lab'), 'i has 2 images but lab has 3 labels');
    expectFormatError(() => parseMnistPair(images, idxBytes([2], [7, 10]), 'i', 'lab'), 'lab: label 1 is 10');
    expectFormatError(() => parseMnistPair(labels, labels, 'swapped'), 'swapped', 'expected an images file');
    expectFormatError(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0]), 'hdr'), 'hdr', 'header needs 16 bytes');
    expectFormatError(() => parseIdx(new Uint8Array([0, 0, 7, 1, 0, 0, 0, 0]), 'm'), 'm: wrong IDX magic number 0x00000701');
  });

  it('gunzips, and rejects corrupt gzip with FormatError', async () => {
    const gz = new Uint8Array(gzipSync(images));
    expect(Array.from(await maybeGunzip(gz, 'x.gz'))).toEqual(Array.from(images));
    expect(await maybeGunzip(images)).toBe(images);
    await expect(maybeGunzip(gz.subarray(0, gz.length - 12), 'cut.gz')).rejects.toThrow(FormatError);
    await expect(maybeGunzip(gz.subarray(0, gz.length - 12), 'cut.gz')).rejects.toThrow(/cut\.gz: corrupt or truncated gzip/);
  });
});

describe('CIFAR binary batches', () => {
  it('parses CIFAR-10 and CIFAR-100 records written in their format', () => {
    const rec10 = new Uint8Array(2 * 3073);
    rec10[0] = 4;
    rec10[3073] = 9;
    for (let i = 0; i < 3072; i++) { rec10[1 + i] = i % 251; rec10[3074 + i] = (i * 7) % 256; }
    const c10 = parseCifar10(rec10, 'data_batch_1.bin');
    expect(c10.count).toBe(2);
    expect(Array.from(c10.labels)).toEqual([4, 9]);
    expect(c10.images[1024]).toBe(1024 % 251); // first green byte of image 0
    expect(c10.images[3072 + 5]).toBe(35);
    const rec100 = new Uint8Array(3074);
    rec100[0] = 19;
    rec100[1] = 99;
    rec100[2] = 77;
    const c100 = parseCifar100(rec100, 'train.bin');
    expect([c100.coarseLabels?.[0], c100.labels[0], c100.images[0]]).toEqual([19, 99, 77]);
  });

  it('rejects partial records and out-of-range labels', () => {
    expectFormatError(() => parseCifar10(new Uint8Array(3073 + 10), 'b.bin'), 'b.bin', '3073-byte records', '10 bytes left over');
    const bad = new Uint8Array(3073);
    bad[0] = 10;
    expectFormatError(() => parseCifar10(bad, 'b.bin'), 'record 0 has label 10');
    expectFormatError(() => parseCifar100(new Uint8Array(3073), 'c.bin'), 'c.bin', '3074-byte records');
    expectFormatError(() => parseCifar10(new Uint8Array(0), 'empty.bin'), 'empty.bin');
  });
});

/** Writes a v1 .npy file the way numpy.save does (header padded to 64 bytes, ending in newline). */
function npyBytes(descr: string, shape: number[], data: Uint8Array, fortran = false): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

describe('.npy', () => {
  it('reads f4, f8, big-endian i4, i8, b1 and Fortran order', () => {
    const f4 = parseNpy(npyBytes('<f4', [2, 2], new Uint8Array(new Float32Array([1, 2.5, -3, 4]).buffer)));
    expect([f4.dtype, f4.shape, Array.from(f4.data)]).toEqual(['float32', [2, 2], [1, 2.5, -3, 4]]);
    const f8 = parseNpy(npyBytes('<f8', [3], new Uint8Array(new Float64Array([0.1, 1e-3, 7]).buffer)));
    expect(Array.from(f8.data)).toEqual([Math.fround(0.1), Math.fround(1e-3), 7]);
    const be = new Uint8Array(8);
    new DataView(be.buffer).setInt32(0, -5, false);
    new DataView(be.buffer).setInt32(4, 70000, false);
    expect(Array.from(parseNpy(npyBytes('>i4', [2], be)).data)).toEqual([-5, 70000]);
    expect(Array.from(parseNpy(npyBytes('<i8', [2], new Uint8Array(new BigInt64Array([-9n, 12n]).buffer))).data)).toEqual([-9, 12]);
    expect(parseNpy(npyBytes('|b1', [2], new Uint8Array([1, 0]))).dtype).toBe('bool');
    // Fortran order [2, 3]: memory holds columns; C order of [[1,2,3],[4,5,6]].
    const f = parseNpy(npyBytes('<f4', [2, 3], new Uint8Array(new Float32Array([1, 4, 2, 5, 3, 6]).buffer), true));
    expect(Array.from(f.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects bad magic, unsupported dtypes, truncated data and int64 overflow', () => {
    expectFormatError(() => parseNpy(new Uint8Array(20), 'x.npy'), 'x.npy', 'not a .npy file');
    expectFormatError(() => parseNpy(npyBytes('<c8', [1], new Uint8Array(8)), 'c.npy'), "dtype '<c8' is not supported");
    expectFormatError(() => parseNpy(npyBytes('<f4', [3], new Uint8Array(8)), 't.npy'), 't.npy', 'needs 12 data bytes, found 8');
    expectFormatError(() => parseNpy(npyBytes('<i8', [1], new Uint8Array(new BigInt64Array([1n << 40n]).buffer))), 'outside the int32 range');
  });
});

describe('CSV', () => {
  const iris = 'sepal_length,sepal_width,petal_length,petal_width,species\r\n5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n\n6.3,3.3,6.0,2.5,virginica\n4.9,3.0,1.4,0.2,setosa\n';

  it('parses an Iris table into features and sorted class labels', () => {
    const t = toLabeledTable(parseCsv(iris, {}, 'iris.csv'), 'species', 'iris.csv');
    expect(t.featureColumns).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(t.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(t.labels)).toEqual([0, 1, 2, 0]);
    expect(t.features.length).toBe(16);
    expect(t.features[4]).toBeCloseTo(7.0, 6);
  });

  it('handles quotes, embedded delimiters and newlines', () => {
    const t = parseCsv('name;note\n"a;b";"say ""hi""\nthere"\n', { delimiter: ';' });
    expect(t.rows).toEqual([['a;b', 'say "hi"\nthere']]);
  });

  it('rejects ragged rows, unterminated quotes and non-numeric features', () => {
    expectFormatError(() => parseCsv('a,b\n1,2\n3\n', {}, 'r.csv'), 'r.csv', 'line 3 has 1 fields, expected 2');
    expectFormatError(() => parseCsv('a,b\n"1,2\n', {}, 'q.csv'), 'q.csv', 'unterminated');
    expectFormatError(() => toLabeledTable(parseCsv('x,y\n1,a\nfoo,b\n'), 'y', 'n.csv'), "n.csv: data row 2, column 'x'", '"foo"');
    expectFormatError(() => toLabeledTable(parseCsv('x,y\n1,a\n'), 'label', 'n.csv'), "no column 'label'");
  });
});

describe('image decode', () => {
  it('decodes PNG exactly and JPEG approximately', () => {
    const png = new pngjs.PNG({ width: 3, height: 2 });
    for (let i = 0; i < 6; i++) png.data.set([i * 40, 255 - i * 40, 17 * i, 255], 4 * i);
    const img = decodeImage(new Uint8Array(pngjs.PNG.sync.write(png)), 'a.png');
    expect([img.width, img.height, img.channels]).toEqual([3, 2, 3]);
    expect(Array.from(img.data.subarray(3, 6))).toEqual([40, 215, 17]);
    const gray = decodeImage(new Uint8Array(pngjs.PNG.sync.write(png)), 'a.png', 1);
    expect(gray.data[1]).toBe(Math.round(0.299 * 40 + 0.587 * 215 + 0.114 * 17));

    const rgba = new Uint8Array(8 * 8 * 4);
    for (let i = 0; i < 64; i++) rgba.set([200, 100, 50, 255], 4 * i);
    const jpg = jpeg.encode({ data: rgba, width: 8, height: 8 }, 95).data;
    const j = decodeImage(new Uint8Array(jpg), 'b.jpg');
    expect([j.width, j.height]).toEqual([8, 8]);
    // JPEG is lossy: a flat color at quality 95 comes back within a few levels.
    for (let c = 0; c < 3; c++) expect(Math.abs(j.data[c] - [200, 100, 50][c])).toBeLessThanOrEqual(4);
  });

  it('rejects unknown formats and corrupt data', () => {
    expectFormatError(() => decodeImage(new Uint8Array([1, 2, 3, 4]), 'x.gif'), 'x.gif', 'not a PNG or JPEG');
    const png = new pngjs.PNG({ width: 4, height: 4 });
    const bytes = new Uint8Array(pngjs.PNG.sync.write(png));
    expectFormatError(() => decodeImage(bytes.subarray(0, 30), 'cut.png'), 'cut.png', 'corrupt PNG');
    expectFormatError(() => decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0, 0, 0]), 'cut.jpg'), 'cut.jpg', 'corrupt JPEG');
  });
});
