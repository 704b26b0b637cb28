import { type DataArray, type DType, FormatError, fromHalfBits } from '@dendrite/core';

/** A parsed `.npy` array in C (row-major) order. */
export interface NpyArray {
  /** The Dendrite dtype the values were converted to. */
  dtype: DType;
  /** The array's shape (C order). */
  shape: number[];
  /** The values, row-major. */
  data: DataArray;
}

/** How each NumPy type code is read and which Dendrite dtype it becomes. */
const NPY_TYPES: Record<string, { size: number; dtype: DType }> = {
  f4: { size: 4, dtype: 'float32' }, f8: { size: 8, dtype: 'float32' }, f2: { size: 2, dtype: 'float32' },
  i4: { size: 4, dtype: 'int32' }, i8: { size: 8, dtype: 'int32' }, i2: { size: 2, dtype: 'int32' },
  i1: { size: 1, dtype: 'int32' }, u1: { size: 1, dtype: 'int32' }, u2: { size: 2, dtype: 'int32' },
  u4: { size: 4, dtype: 'int32' }, b1: { size: 1, dtype: 'bool' },
};

/** Reads the Python-literal header dict: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } */
function parseHeaderDict(text: string, fileName: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new FormatError(`${fileName}: .npy header must hold 'descr', 'fortran_order' and 'shape', found ${JSON.stringify(text.trim())}`);
  }
  const parts = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const shape = parts.map(Number);
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new FormatError(`${fileName}: .npy shape (${shapeText}) must be non-negative integers`);
  return { descr, fortran: fortran === 'True', shape };
}

/** Converts Fortran (column-major) order to C order. */
function fortranToC(data: DataArray, shape: number[]): DataArray {
  const n = data.length;
  const out = new (data.constructor as new (n: number) => DataArray)(n);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  const fStrides = new Array<number>(rank);
  let acc = 1;
  for (let d = 0; d < rank; d++) {
    fStrides[d] = acc;
    acc *= shape[d];
  }
  for (let c = 0; c < n; c++) {
    let f = 0;
    for (let d = 0; d < rank; d++) f += idx[d] * fStrides[d];
    out[c] = data[f];
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Parses a NumPy `.npy` file (format versions 1, 2 and 3). Float types
 * (`f2`, `f4`, `f8`) become float32: `f8`, NumPy's default, is rounded to
 * float32 (the precision Dendrite computes in). Integer types become int32;
 * `i8`/`u4` values outside the int32 range throw `FormatError`. `b1` becomes
 * bool. Both byte orders and Fortran order are read. Object, string, complex
 * and structured arrays throw `FormatError`.
 *
 * @example
 * ```ts
 * const { dtype, shape, data } = parseNpy(await readBytes('features.npy'), 'features.npy');
 * ```
 */
export function parseNpy(bytes: Uint8Array, fileName = '<buffer>'): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || !magic.every((b, i) => bytes[i] === b)) {
    throw new FormatError(`${fileName}: not a .npy file (expected magic \\x93NUMPY, found ${JSON.stringify(Array.from(bytes.subarray(0, 6)))})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new FormatError(`${fileName}: .npy format version ${major}.${bytes[7]} is not supported (expected 1, 2 or 3)`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new FormatError(`${fileName}: .npy header of ${headerLength} bytes goes beyond the file (${bytes.length} bytes)`);
  const header = parseHeaderDict(new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart)), fileName);
  const m = /^([<>|=])([a-z]\d+)$/.exec(header.descr);
  const type = m ? NPY_TYPES[m[2]] : undefined;
  if (!m || !type) throw new FormatError(`${fileName}: .npy dtype '${header.descr}' is not supported (expected one of ${Object.keys(NPY_TYPES).join(', ')})`);
  const little = m[1] !== '>';
  const n = header.shape.reduce((a, b) => a * b, 1);
  const expected = dataStart + n * type.size;
  if (bytes.length !== expected) {
    throw new FormatError(`${fileName}: .npy shape (${header.shape.join(', ')}) of '${header.descr}' needs ${n * type.size} data bytes, found ${bytes.length - dataStart}`);
  }
  const read = readerFor(m[2], view, dataStart, little, fileName);
  const out = type.dtype === 'float32' ? new Float32Array(n) : type.dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = read(i);
  return { dtype: type.dtype, shape: header.shape, data: header.fortran ? fortranToC(out, header.shape) : out };
}

function readerFor(code: string, view: DataView, at: number, le: boolean, fileName: string): (i: number) => number {
  const checked = (v: bigint | number, i: number): number => {
    if (v > 2147483647 || v < -2147483648) throw new FormatError(`${fileName}: element ${i} is ${v}, outside the int32 range`);
    return Number(v);
  };
  switch (code) {
    case 'f4': return (i) => view.getFloat32(at + 4 * i, le);
    // Decided (issue 12): float64 rounds to float32, but a finite value past the float32 range is refused, not turned into Infinity.
    case 'f8': return (i) => {
      const v = view.getFloat64(at + 8 * i, le);
      if (Number.isFinite(v) && !Number.isFinite(Math.fround(v))) throw new FormatError(`${fileName}: float64 element ${i} is ${v}, outside the float32 range it is converted to`);
      return v;
    };
    case 'f2': return (i) => fromHalfBits(view.getUint16(at + 2 * i, le));
    case 'i4': return (i) => view.getInt32(at + 4 * i, le);
    case 'i8': return (i) => checked(view.getBigInt64(at + 8 * i, le), i);
    case 'u4': return (i) => checked(view.getUint32(at + 4 * i, le), i);
    case 'i2': return (i) => view.getInt16(at + 2 * i, le);
    case 'u2': return (i) => view.getUint16(at + 2 * i, le);
    case 'i1': return (i) => view.getInt8(at + i);
    case 'b1':
      return (i) => {
        const b = view.getUint8(at + i);
        if (b > 1) throw new FormatError(`${fileName}: bool element ${i} is ${b}, expected 0 or 1`);
        return b;
      };
    default: return (i) => view.getUint8(at + i);
  }
}
