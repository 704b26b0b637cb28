// IEEE 754 binary16 ("half", the `float16` dtype) on the host. JS has no
// Float16Array on Node 20, so float16 data crosses the backend boundary as
// Uint16Array bit patterns and users read it decoded as Float32Array.

/** Ties go to the even neighbour, as IEEE 754's default rounding does. */
function roundHalfToEven(q: number): number {
  const f = Math.floor(q);
  const d = q - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * The binary16 bit pattern nearest to `value` (round to nearest, ties to even;
 * beyond ±65504 it rounds to ±Infinity; NaN becomes the quiet NaN 0x7e00).
 * Rounds straight from the float64 value, so there is no double rounding.
 *
 * @example
 * ```ts
 * toHalfBits(1); // 0x3c00
 * toHalfBits(65519); // 0x7bff (65504, the largest finite half)
 * ```
 */
export function toHalfBits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const a = Math.abs(value);
  // 65520 is halfway between 65504 and 2^16; ties to even go to infinity.
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | roundHalfToEven(a * 2 ** 24); // subnormal: units of 2^-24 (1024 is the first normal)
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  let frac = roundHalfToEven((a / 2 ** e - 1) * 1024); // exact scaling in float64
  if (frac === 1024) {
    frac = 0;
    e += 1;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | frac;
}

/**
 * The number a binary16 bit pattern holds.
 *
 * @example
 * ```ts
 * fromHalfBits(0x3c00); // 1
 * fromHalfBits(0x0001); // 2 ** -24, the smallest subnormal
 * ```
 */
export function fromHalfBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

let decodeTable: Float32Array | undefined;

/** All 65,536 half values, built once on first use (256 KiB). */
function table(): Float32Array {
  if (!decodeTable) {
    decodeTable = new Float32Array(65536);
    for (let b = 0; b < 65536; b++) decodeTable[b] = fromHalfBits(b);
  }
  return decodeTable;
}

/**
 * `value` rounded to the nearest float16 (what storing it in a float16 tensor keeps).
 *
 * @example
 * ```ts
 * roundToHalf(0.1); // 0.0999755859375
 * ```
 */
export function roundToHalf(value: number): number {
  return table()[toHalfBits(value)];
}

/**
 * Numbers to binary16 bit patterns (see `toHalfBits`).
 *
 * @example
 * ```ts
 * encodeHalf([1, -2]); // Uint16Array [0x3c00, 0xc000]
 * ```
 */
export function encodeHalf(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalfBits(values[i]);
  return out;
}

/**
 * Binary16 bit patterns to their values (exact: every half is a float32).
 *
 * @example
 * ```ts
 * decodeHalf(new Uint16Array([0x3c00, 0xc000])); // Float32Array [1, -2]
 * ```
 */
export function decodeHalf(bits: Uint16Array): Float32Array {
  const t = table();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]];
  return out;
}
