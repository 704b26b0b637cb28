// Scalar functions JavaScript's Math lacks or defines differently from C,
// computed in float64 so they serve as references for float32 kernels.

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The error function, to ~1e-15 relative. Uses the everywhere-positive series
 * erf(x) = 2/√π · e^(−x²) · Σ (2x²)^n x / (1·3·…·(2n+1)), which has no
 * cancellation; beyond |x| = 6 erf is ±1 in float64 (erfc(6) ≈ 2e-17).
 *
 * @example
 * ```ts
 * erf(0.5); // 0.5204998778130465
 * ```
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  const x2 = 2 * ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; term > sum * 1e-17; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * sum;
}

/**
 * Rounds to the nearest integer, halves to even (IEEE `roundeven`, NumPy and PyTorch `round`).
 *
 * @example
 * ```ts
 * roundHalfEven(2.5); // 2
 * roundHalfEven(-3.5); // -4
 * ```
 */
export function roundHalfEven(v: number): number {
  const r = Math.round(v); // halves go up
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * C's `pow`: unlike `Math.pow`, pow(1, y) = 1 and pow(x, ±0) = 1 even for NaN,
 * and pow(−1, ±∞) = 1.
 *
 * @example
 * ```ts
 * powC(1, NaN); // 1
 * ```
 */
export function powC(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

/**
 * Floored modulo of floats (the result has the sign of the divisor), as
 * `torch.remainder`: fmod, then shifted by the divisor when the signs differ.
 *
 * @example
 * ```ts
 * flooredMod(-1, 3); // 2
 * ```
 */
export function flooredMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/**
 * Floored modulo of int32 values; a zero divisor gives 0 (the core never asks for it).
 *
 * @example
 * ```ts
 * intMod(-7, 3); // 2
 * ```
 */
export function intMod(a: number, b: number): number {
  if (b === 0) return 0;
  const r = a % b;
  return (r !== 0 && r < 0 !== b < 0 ? r + b : r) | 0;
}

/**
 * Integer power with int32 wrap-around (square-and-multiply on `Math.imul`).
 * Negative exponents give the truncated integer result: 1 for base 1,
 * ±1 for base −1, else 0.
 *
 * @example
 * ```ts
 * intPow(-3, 3); // -27
 * ```
 */
export function intPow(base: number, exp: number): number {
  if (exp < 0) {
    if (base === 1) return 1;
    if (base === -1) return exp % 2 === 0 ? 1 : -1;
    return 0;
  }
  let result = 1;
  let b = base | 0;
  let e = exp;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, b);
    b = Math.imul(b, b);
    e = Math.floor(e / 2);
  }
  return result;
}

/**
 * The Gaussian error linear unit, exact (erf) form: x·Φ(x), PyTorch's default.
 *
 * @example
 * ```ts
 * gelu(1); // 0.8413447460685429
 * ```
 */
export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/**
 * log(1 + eˣ) without overflow: max(x, 0) + log1p(e^(−|x|)).
 *
 * @example
 * ```ts
 * softplus(0); // 0.6931471805599453
 * ```
 */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * The logistic sigmoid 1 / (1 + e^(−x)).
 *
 * @example
 * ```ts
 * sigmoid(0); // 0.5
 * ```
 */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
