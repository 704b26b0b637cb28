/**
 * The safetensors byte format (https://github.com/huggingface/safetensors):
 * an 8-byte little-endian header length N, N bytes of JSON header, then the
 * data section. Pure bytes in, bytes out; no tensors, so it runs anywhere and
 * is tested without a backend.
 *
 * Dtypes read (file dtype → Dendrite dtype):
 * - `F32` → float32, `I32` → int32, `BOOL` → bool (bytes must be 0 or 1).
 * - `F16` → float16 (as Uint16Array bit patterns; `fromSafetensors` makes
 *   float32 tensors of them on backends without float16, exactly).
 * - `BF16` → float32 (every bfloat16 value is exact in float32).
 * - `U8`, `I8`, `I16`, `U16` → int32 (always exact).
 * - `I64`, `U32` → int32 when every value fits in int32, else `FormatError`.
 * - `F64` → float32 when every value is exactly representable in float32
 *   (NaN and infinities included), else `FormatError`: a silent precision
 *   loss in weights is worse than asking the user to save as F32.
 * Anything else (`U64`, `F8_*`, ...) is rejected with `FormatError`.
 * Written: `F32`, `F16`, `I32`, `BOOL`.
 */
import { bytesPerElement, type DataArray, type DType } from '../dtype.js';
import { DTypeError, FormatError, ShapeError, ValueError } from '../errors.js';
import { fmtShape } from '../shape.js';

/** One tensor's dtype, shape and host data, as the codec reads and writes it. */
export interface SafetensorsEntry {
  dtype: DType;
  shape: number[];
  data: DataArray;
}

/** What `decodeSafetensors` returns. */
export interface DecodedSafetensors {
  tensors: Record<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

const METADATA_KEY = '__metadata__';

/** Bytes per element of each file dtype this codec can read. */
const FILE_ITEM_SIZE: Record<string, number> = {
  F32: 4, I32: 4, BOOL: 1, F16: 2, BF16: 2, U8: 1, I8: 1, I16: 2, U16: 2, I64: 8, U32: 4, F64: 8,
};

const FILE_DTYPE_OF: Record<DType, string> = { float32: 'F32', float16: 'F16', int32: 'I32', bool: 'BOOL' };

const HOST_ARRAY_OF = { float32: Float32Array, float16: Uint16Array, int32: Int32Array, bool: Uint8Array } as const;

/** Typed arrays are host-endian; safetensors is little-endian. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// ---------------------------------------------------------------- encoding

function validateEntry(name: string, e: SafetensorsEntry): void {
  const where = `encodeSafetensors: tensor '${name}'`;
  if (e === null || typeof e !== 'object') throw new ValueError(`${where}: expected { dtype, shape, data }, got ${String(e)}`);
  if (!(e.dtype in FILE_DTYPE_OF)) throw new DTypeError(`${where}: dtype must be 'float32', 'float16', 'int32' or 'bool', got ${JSON.stringify(e.dtype)}`);
  if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ShapeError(`${where}: shape must be non-negative integers, got ${JSON.stringify(e.shape)}`);
  }
  const expected = HOST_ARRAY_OF[e.dtype];
  if (!(e.data instanceof expected)) {
    throw new DTypeError(`${where}: dtype ${e.dtype} needs a ${expected.name}, got ${(e.data as object)?.constructor?.name ?? typeof e.data}`);
  }
  const numel = e.shape.reduce((a, b) => a * b, 1);
  if (e.data.length !== numel) {
    throw new ShapeError(`${where}: shape ${fmtShape(e.shape)} has ${numel} elements but data has ${e.data.length}`);
  }
}

function writeData(out: Uint8Array, at: number, e: SafetensorsEntry): void {
  if (e.dtype === 'bool') {
    for (let i = 0; i < e.data.length; i++) out[at + i] = e.data[i] ? 1 : 0;
    return;
  }
  if (HOST_IS_LITTLE_ENDIAN) {
    out.set(new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength), at);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < e.data.length; i++) {
    if (e.dtype === 'float32') view.setFloat32(at + 4 * i, e.data[i], true);
    else if (e.dtype === 'float16') view.setUint16(at + 2 * i, e.data[i], true);
    else view.setInt32(at + 4 * i, e.data[i], true);
  }
}

/**
 * Serializes host tensors to safetensors bytes. Tensors are laid out in
 * sorted name order, the header's keys are sorted, and the header is padded
 * with spaces to a multiple of 8 bytes so the data section starts aligned.
 *
 * @example
 * ```ts
 * const bytes = encodeSafetensors(
 *   { 'fc.bias': { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } },
 *   { format: 'pt' },
 * );
 * ```
 */
export function encodeSafetensors(entries: Record<string, SafetensorsEntry>, metadata?: Record<string, string>): Uint8Array {
  if (entries === null || typeof entries !== 'object') throw new ValueError('encodeSafetensors: expected an object mapping names to entries');
  const names = Object.keys(entries).sort();
  // Null prototypes: a name like '__proto__' is a key like any other.
  const header: Record<string, unknown> = Object.create(null);
  if (metadata !== undefined) {
    const meta: Record<string, string> = Object.create(null);
    for (const key of Object.keys(metadata).sort()) {
      if (typeof metadata[key] !== 'string') {
        throw new ValueError(`encodeSafetensors: metadata '${key}' must be a string, got ${typeof metadata[key]}`);
      }
      meta[key] = metadata[key];
    }
    header[METADATA_KEY] = meta;
  }
  let offset = 0;
  for (const name of names) {
    if (name === METADATA_KEY) throw new ValueError(`encodeSafetensors: '${METADATA_KEY}' is reserved and cannot name a tensor`);
    const e = entries[name];
    validateEntry(name, e);
    const end = offset + e.data.length * bytesPerElement(e.dtype);
    header[name] = { dtype: FILE_DTYPE_OF[e.dtype], shape: e.shape.slice(), data_offsets: [offset, end] };
    offset = end;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, padded % 2 ** 32, true);
  view.setUint32(4, Math.floor(padded / 2 ** 32), true);
  out.set(json, 8);
  for (const name of names) {
    const [begin] = (header[name] as { data_offsets: number[] }).data_offsets;
    writeData(out, 8 + padded + begin, entries[name]);
  }
  return out;
}

// ---------------------------------------------------------------- decoding

interface RawEntry {
  name: string;
  fileDtype: string;
  shape: number[];
  begin: number;
  end: number;
}

function isNonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function parseHeader(bytes: Uint8Array, file: string): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) throw new FormatError(`${file}: safetensors file has ${bytes.length} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > bytes.length - 8) {
    throw new FormatError(`${file}: header length ${headerLength} goes beyond the file (${bytes.length - 8} bytes after the length field)`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    throw new FormatError(`${file}: header is not valid UTF-8`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (err) {
    throw new FormatError(`${file}: header is not valid JSON (${(err as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new FormatError(`${file}: header must be a JSON object, found ${Array.isArray(header) ? 'an array' : JSON.stringify(header)}`);
  }
  return { header: header as Record<string, unknown>, dataStart: 8 + headerLength };
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  if (value === undefined) return Object.create(null);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FormatError(`${file}: '${METADATA_KEY}' must be an object of strings, found ${JSON.stringify(value)}`);
  }
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new FormatError(`${file}: '${METADATA_KEY}' field '${k}' must be a string, found ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

/**
 * The string metadata of a safetensors file from its first bytes only: the
 * 8-byte length and the JSON header (`bytes` may end right after the header;
 * tensor entries are not validated).
 *
 * @example
 * ```ts
 * decodeSafetensorsMetadata(bytes.subarray(0, 8 + headerLength)); // { format: 'pt' }
 * ```
 */
export function decodeSafetensorsMetadata(bytes: Uint8Array, file = '<buffer>'): Record<string, string> {
  return parseMetadata(parseHeader(bytes, file).header[METADATA_KEY], file);
}

function parseEntry(name: string, value: unknown, file: string): RawEntry {
  const where = `${file}: tensor '${name}'`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FormatError(`${where}: expected an object with dtype, shape and data_offsets, found ${JSON.stringify(value)}`);
  }
  const v = value as Record<string, unknown>;
  for (const field of ['dtype', 'shape', 'data_offsets']) {
    if (!(field in v)) throw new FormatError(`${where}: missing field '${field}'`);
  }
  if (typeof v.dtype !== 'string' || !(v.dtype in FILE_ITEM_SIZE)) {
    throw new FormatError(`${where}: dtype ${JSON.stringify(v.dtype)} is not supported (expected one of ${Object.keys(FILE_ITEM_SIZE).join(', ')})`);
  }
  if (!Array.isArray(v.shape) || !v.shape.every(isNonNegativeInt)) {
    throw new FormatError(`${where}: shape must be an array of non-negative integers, found ${JSON.stringify(v.shape)}`);
  }
  const offsets = v.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInt) || offsets[0] > offsets[1]) {
    throw new FormatError(`${where}: data_offsets must be [begin, end] integers with 0 <= begin <= end, found ${JSON.stringify(offsets)}`);
  }
  const shape = v.shape as number[];
  const [begin, end] = offsets as number[];
  const needed = shape.reduce((a, b) => a * b, 1) * FILE_ITEM_SIZE[v.dtype];
  if (end - begin !== needed) {
    throw new FormatError(`${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes but shape ${fmtShape(shape)} of ${v.dtype} needs ${needed}`);
  }
  return { name, fileDtype: v.dtype, shape, begin, end };
}

/** The spec requires the entries to tile the data section exactly: no gaps, no overlaps, no trailing bytes. */
function checkCoverage(entries: RawEntry[], dataLength: number, file: string): void {
  const sorted = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: RawEntry | undefined;
  for (const e of sorted) {
    if (e.end > dataLength) {
      throw new FormatError(`${file}: tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] go beyond the data section of ${dataLength} bytes`);
    }
    if (e.begin < cursor) {
      throw new FormatError(`${file}: tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] overlap tensor '${previous?.name}' which ends at ${cursor}`);
    }
    if (e.begin > cursor) {
      throw new FormatError(`${file}: bytes [${cursor}, ${e.begin}) of the data section are not covered by any tensor (tensor '${e.name}' starts at ${e.begin})`);
    }
    cursor = e.end;
    previous = e;
  }
  if (cursor !== dataLength) {
    throw new FormatError(`${file}: data section has ${dataLength} bytes but the tensors cover only ${cursor} (${dataLength - cursor} trailing bytes)`);
  }
}

/** Converts one entry's little-endian bytes to a Dendrite host array. */
function convert(e: RawEntry, raw: Uint8Array, file: string): SafetensorsEntry {
  const n = e.shape.reduce((a, b) => a * b, 1);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const where = `${file}: tensor '${e.name}'`;
  const f32 = (get: (i: number) => number): SafetensorsEntry => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = get(i);
    return { dtype: 'float32', shape: e.shape, data: out };
  };
  const i32 = (get: (i: number) => number): SafetensorsEntry => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = get(i);
    return { dtype: 'int32', shape: e.shape, data: out };
  };
  switch (e.fileDtype) {
    case 'F32':
      // slice() copies into a fresh, aligned buffer: the offset in the file may not be a multiple of 4.
      if (HOST_IS_LITTLE_ENDIAN) return { dtype: 'float32', shape: e.shape, data: new Float32Array(raw.slice().buffer) };
      return f32((i) => view.getFloat32(4 * i, true));
    case 'I32':
      if (HOST_IS_LITTLE_ENDIAN) return { dtype: 'int32', shape: e.shape, data: new Int32Array(raw.slice().buffer) };
      return i32((i) => view.getInt32(4 * i, true));
    case 'BOOL': {
      const bad = raw.findIndex((b) => b > 1);
      if (bad >= 0) throw new FormatError(`${where}: BOOL element ${bad} is ${raw[bad]}, expected 0 or 1`);
      return { dtype: 'bool', shape: e.shape, data: raw.slice() };
    }
    case 'F16': {
      const bits = new Uint16Array(n);
      for (let i = 0; i < n; i++) bits[i] = view.getUint16(2 * i, true);
      return { dtype: 'float16', shape: e.shape, data: bits };
    }
    case 'BF16': {
      const bits = new Uint32Array(1);
      const asFloat = new Float32Array(bits.buffer);
      return f32((i) => {
        bits[0] = view.getUint16(2 * i, true) << 16;
        return asFloat[0];
      });
    }
    case 'U8':
      return i32((i) => raw[i]);
    case 'I8':
      return i32((i) => view.getInt8(i));
    case 'I16':
      return i32((i) => view.getInt16(2 * i, true));
    case 'U16':
      return i32((i) => view.getUint16(2 * i, true));
    case 'U32':
    case 'I64':
      return i32((i) => {
        const v = e.fileDtype === 'U32' ? view.getUint32(4 * i, true) : view.getBigInt64(8 * i, true);
        if (v > 2147483647 || v < -2147483648) {
          throw new FormatError(`${where}: ${e.fileDtype} element ${i} is ${v}, outside the int32 range it is converted to`);
        }
        return Number(v);
      });
    case 'F64':
      return f32((i) => {
        const v = view.getFloat64(8 * i, true);
        if (Math.fround(v) !== v && !Number.isNaN(v)) {
          throw new FormatError(`${where}: F64 element ${i} is ${v}, which float32 cannot hold exactly; save the tensor as F32`);
        }
        return v;
      });
    default:
      throw new FormatError(`${where}: dtype ${e.fileDtype} is not supported`);
  }
}

/**
 * Parses safetensors bytes into host arrays, validating the whole file first:
 * any malformed header, inconsistent offsets, overlaps, gaps or trailing
 * bytes throw `FormatError` naming `fileName` and the field. See the module
 * comment for how each file dtype is converted.
 *
 * @example
 * ```ts
 * const { tensors, metadata } = decodeSafetensors(bytes, 'model.safetensors');
 * tensors['fc.weight'].shape; // [10, 784]
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array, fileName = '<buffer>'): DecodedSafetensors {
  if (!(bytes instanceof Uint8Array)) throw new ValueError(`decodeSafetensors: expected a Uint8Array, got ${typeof bytes}`);
  const { header, dataStart } = parseHeader(bytes, fileName);
  const metadata = parseMetadata(header[METADATA_KEY], fileName);
  const entries: RawEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name !== METADATA_KEY) entries.push(parseEntry(name, value, fileName));
  }
  checkCoverage(entries, bytes.length - dataStart, fileName);
  // Null prototype: a tensor named '__proto__' (legal in the format) is kept, not swallowed by Object.prototype.
  const tensors: Record<string, SafetensorsEntry> = Object.create(null);
  for (const e of entries) {
    tensors[e.name] = convert(e, bytes.subarray(dataStart + e.begin, dataStart + e.end), fileName);
  }
  return { tensors, metadata };
}
