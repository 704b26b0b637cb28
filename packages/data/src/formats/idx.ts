import { FormatError } from '@dendrite/core';

/** Element types of the IDX format, by their type byte. */
const IDX_TYPES = new Map<number, { name: string; size: number }>([
  [0x08, { name: 'ubyte', size: 1 }],
  [0x09, { name: 'byte', size: 1 }],
  [0x0b, { name: 'short', size: 2 }],
  [0x0c, { name: 'int', size: 4 }],
  [0x0d, { name: 'float', size: 4 }],
  [0x0e, { name: 'double', size: 8 }],
]);

/**
 * The byte length an IDX file's header declares (header plus values), from
 * its first bytes; undefined while the header is incomplete or not IDX.
 * `maybeGunzip` uses it to stop a bomb at the declared size.
 *
 * @example
 * ```ts
 * idxByteLength(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3])); // 4 + 4 + 3 = 11
 * ```
 */
export function idxByteLength(head: Uint8Array): number | undefined {
  if (head.length < 4) return undefined;
  const type = IDX_TYPES.get(head[2]);
  if (head[0] !== 0 || head[1] !== 0 || !type || head[3] === 0) return undefined;
  const headerBytes = 4 + 4 * head[3];
  if (head.length < headerBytes) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let count = 1;
  for (let i = 0; i < head[3]; i++) count *= view.getUint32(4 + 4 * i, false);
  return headerBytes + count * type.size;
}

/** A parsed IDX file: its dimensions and its (big-endian decoded) values. */
export interface IdxArray {
  /** Element type name: 'ubyte', 'byte', 'short', 'int', 'float' or 'double'. */
  type: string;
  /** The dimensions, outermost first. */
  dims: number[];
  /** `ubyte` files keep their bytes (no copy); other types are decoded to numbers. */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/**
 * Parses an uncompressed IDX file (the MNIST format: 2 zero bytes, a type
 * byte, a dimension count, big-endian uint32 dimensions, then the values).
 * Throws `FormatError` naming the file on a wrong magic number, a truncated
 * file or trailing bytes.
 *
 * @example
 * ```ts
 * const { dims, data } = parseIdx(bytes, 'train-images-idx3-ubyte'); // dims [60000, 28, 28]
 * ```
 */
export function parseIdx(bytes: Uint8Array, fileName = '<buffer>'): IdxArray {
  if (bytes.length < 4) throw new FormatError(`${fileName}: IDX file has ${bytes.length} bytes, fewer than its 4-byte magic number`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const type = IDX_TYPES.get(bytes[2]);
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined || bytes[3] === 0) {
    throw new FormatError(`${fileName}: wrong IDX magic number 0x${magic.toString(16).padStart(8, '0')} (expected 0x0000TTNN with type TT in 08,09,0b,0c,0d,0e and NN >= 1 dimensions)`);
  }
  const rank = bytes[3];
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new FormatError(`${fileName}: IDX header needs ${headerBytes} bytes for ${rank} dimensions, file has ${bytes.length}`);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.size;
  if (bytes.length < expected) {
    throw new FormatError(`${fileName}: IDX file is truncated: dimensions [${dims.join(', ')}] of ${type.name} need ${expected} bytes, found ${bytes.length}`);
  }
  if (bytes.length > expected) {
    throw new FormatError(`${fileName}: IDX file has ${bytes.length - expected} trailing bytes after dimensions [${dims.join(', ')}] of ${type.name}`);
  }
  return { type: type.name, dims, data: decodeValues(bytes[2], view, headerBytes, count, bytes) };
}

function decodeValues(code: number, view: DataView, at: number, n: number, bytes: Uint8Array): IdxArray['data'] {
  switch (code) {
    case 0x08:
      return bytes.subarray(at, at + n);
    case 0x09:
      return new Int8Array(bytes.buffer, bytes.byteOffset + at, n).slice();
    case 0x0b: {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(at + 2 * i, false);
      return out;
    }
    case 0x0c: {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(at + 4 * i, false);
      return out;
    }
    case 0x0d: {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(at + 4 * i, false);
      return out;
    }
    default: {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(at + 8 * i, false);
      return out;
    }
  }
}
