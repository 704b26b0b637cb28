/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
 * SC 2011): a counter-based generator, so element `i` of any random tensor is a
 * pure function of (key, counter) and every backend computes identical bits.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32s. */
export function mulhi32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * One Philox4x32-10 block: four uint32 words from a 128-bit counter and a 64-bit key.
 *
 * @example
 * ```ts
 * philox4x32([0, 0, 0, 0], [0, 0]); // [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 * ```
 */
export function philox4x32(counter: readonly number[], key: readonly number[], out: number[] = [0, 0, 0, 0]): number[] {
  let c0 = counter[0] >>> 0;
  let c1 = counter[1] >>> 0;
  let c2 = counter[2] >>> 0;
  let c3 = counter[3] >>> 0;
  let k0 = key[0] >>> 0;
  let k1 = key[1] >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi32(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  return out;
}

const TWO_POW_M24 = 1 / 16777216;

/**
 * The value of element `index` of a random tensor, exactly as the `random`
 * kernel of the Backend contract defines it (see `RandomAttrs`).
 *
 * @example
 * ```ts
 * randomValue('uniform', 1, 2, 0, 5, 0, 1); // a float in [0, 1)
 * ```
 */
export function randomValue(
  kind: 'uniform' | 'normal' | 'bernoulli',
  key0: number,
  key1: number,
  offset: number,
  index: number,
  a: number,
  b: number,
  scratch: number[] = [0, 0, 0, 0],
): number {
  const c = offset + index;
  const lo = c % 4294967296;
  const hi = Math.floor(c / 4294967296);
  const w = philox4x32([lo, hi, 0, 0], [key0, key1], scratch);
  if (kind === 'uniform') return a + (b - a) * ((w[0] >>> 8) * TWO_POW_M24);
  if (kind === 'bernoulli') return (w[0] >>> 8) * TWO_POW_M24 < a ? 1 : 0;
  const u1 = ((w[0] >>> 8) + 1) * TWO_POW_M24;
  const u2 = (w[1] >>> 8) * TWO_POW_M24;
  return a + b * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
