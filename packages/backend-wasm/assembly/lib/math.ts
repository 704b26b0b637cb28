// Vectorized float32 transcendental functions (four lanes at a time).
// Cephes-style range reductions and polynomials: about 1–3 ulp in the normal
// range, which is far inside the 1e-4 relative tolerance of the contract.
// Written here instead of using AssemblyScript's Mathf because those use
// lookup tables, i.e. static data segments, which this build forbids.

@inline function sp(x: f32): v128 {
  return f32x4.splat(x);
}

/** a·b + c: one fused multiply-add in the relaxed-SIMD build (polynomials get slightly more accurate). */
@inline function fma(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** 2^n for an i32x4 `n` in [-126, 127] (builds the exponent field directly). */
@inline function pow2i(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
}

/** expm1(r) for |r| ≤ ln2/2: Taylor series to r^7 (the next term is < 2e-8 relative). */
@inline function expm1Small(r: v128): v128 {
  let q = fma(r, sp(1.0 / 5040.0), sp(1.0 / 720.0));
  q = fma(r, q, sp(1.0 / 120.0));
  q = fma(r, q, sp(1.0 / 24.0));
  q = fma(r, q, sp(1.0 / 6.0));
  q = fma(r, q, sp(0.5));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, r), q));
}

/** r = x - n ln2 with ln2 split in two (Cody–Waite) so that r is nearly exact. */
@inline function reduceLn2(x: v128, n: v128): v128 {
  const r = f32x4.sub(x, f32x4.mul(n, sp(0.693359375)));
  return f32x4.sub(r, f32x4.mul(n, sp(-2.12194440e-4)));
}

/** e^x. Overflows to +Inf above ~88.72, underflows through the subnormals to 0. */
export function vexp(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, sp(89.0)), sp(-104.0));
  const n = f32x4.nearest(f32x4.mul(xc, sp(1.44269504088896341)));
  const p = f32x4.add(sp(1.0), expm1Small(reduceLn2(xc, n)));
  // 2^n in two halves so that n in [-150, 128] never leaves the normal range.
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  return f32x4.mul(f32x4.mul(p, pow2i(n1)), pow2i(n2));
}

/** e^x - 1, accurate near 0 (no cancellation). */
export function vexpm1(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, sp(20.0)), sp(-30.0));
  const n = f32x4.nearest(f32x4.mul(xc, sp(1.44269504088896341)));
  const p = expm1Small(reduceLn2(xc, n));
  const t = pow2i(i32x4.trunc_sat_f32x4_s(n));
  // e^x - 1 = 2^n (e^r - 1) + (2^n - 1): both terms are exact-ish, no cancellation at n = 0.
  const small = f32x4.add(f32x4.mul(t, p), f32x4.sub(t, sp(1.0)));
  return v128.bitselect(vexp(x), small, f32x4.gt(x, sp(20.0)));
}

/** Natural logarithm: NaN below 0, -Inf at 0, +Inf at +Inf, subnormals handled. */
export function vlog(x: v128): v128 {
  // Scale subnormals into the normal range first.
  const tiny = f32x4.lt(x, sp(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, sp(8388608.0)), x, tiny);
  const bits = xs;
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(126)));
  e = f32x4.sub(e, v128.and(tiny, sp(23.0)));
  // Mantissa in [0.5, 1).
  let m = v128.or(v128.and(bits, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000));
  const low = f32x4.lt(m, sp(0.707106781186547524));
  e = f32x4.sub(e, v128.and(low, sp(1.0)));
  m = f32x4.sub(f32x4.add(m, v128.and(low, m)), sp(1.0));
  const z = f32x4.mul(m, m);
  let y = fma(m, sp(7.0376836292e-2), sp(-1.1514610310e-1));
  y = fma(m, y, sp(1.1676998740e-1));
  y = fma(m, y, sp(-1.2420140846e-1));
  y = fma(m, y, sp(1.4249322787e-1));
  y = fma(m, y, sp(-1.6668057665e-1));
  y = fma(m, y, sp(2.0000714765e-1));
  y = fma(m, y, sp(-2.4999993993e-1));
  y = fma(m, y, sp(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = f32x4.add(y, f32x4.mul(e, sp(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, sp(0.5)));
  let r = f32x4.add(f32x4.add(m, y), f32x4.mul(e, sp(0.693359375)));
  // Special values: log(0) = -Inf, log(+Inf) = +Inf, log(<0) = log(NaN) = NaN.
  r = v128.bitselect(sp(-Infinity), r, f32x4.eq(x, sp(0.0)));
  r = v128.bitselect(sp(Infinity), r, f32x4.eq(x, sp(Infinity)));
  return v128.bitselect(sp(NaN), r, v128.not(f32x4.ge(x, sp(0.0))));
}

/** log(1 + x), accurate near 0: log(u) * x / (u - 1) with u = 1 + x corrects u's rounding. */
export function vlog1p(x: v128): v128 {
  const u = f32x4.add(x, sp(1.0));
  const corrected = f32x4.mul(vlog(u), f32x4.div(x, f32x4.sub(u, sp(1.0))));
  const r = v128.bitselect(x, corrected, f32x4.eq(u, sp(1.0)));
  return v128.bitselect(x, r, f32x4.eq(x, sp(Infinity)));
}

/** tanh(x) = sign(x) e / (e + 2) with e = expm1(2|x|); |x| clamped at 9 where tanh rounds to 1. */
export function vtanh(x: v128): v128 {
  const ax = f32x4.min(f32x4.abs(x), sp(9.0));
  const e = vexpm1(f32x4.add(ax, ax));
  const t = f32x4.div(e, f32x4.add(e, sp(2.0)));
  return v128.bitselect(x, t, i32x4.splat(0x80000000));
}

/** 1 / (1 + e^-x). */
export function vsigmoid(x: v128): v128 {
  return f32x4.div(sp(1.0), f32x4.add(sp(1.0), vexp(f32x4.neg(x))));
}

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|). */
export function vsoftplus(x: v128): v128 {
  const t = vlog1p(vexp(f32x4.neg(f32x4.abs(x))));
  return f32x4.add(f32x4.max(x, sp(0.0)), t);
}

/** erfc(a) for a ≥ 0.5 (Numerical Recipes' erfcc: relative error < 1.2e-7). */
@inline function erfcLarge(a: v128): v128 {
  const t = f32x4.div(sp(1.0), f32x4.add(sp(1.0), f32x4.mul(sp(0.5), a)));
  let p = fma(t, sp(0.17087277), sp(-0.82215223));
  p = fma(t, p, sp(1.48851587));
  p = fma(t, p, sp(-1.13520398));
  p = fma(t, p, sp(0.27886807));
  p = fma(t, p, sp(-0.18628806));
  p = fma(t, p, sp(0.09678418));
  p = fma(t, p, sp(0.37409196));
  p = fma(t, p, sp(1.00002368));
  p = fma(t, p, sp(-1.26551223));
  const arg = f32x4.sub(p, f32x4.mul(a, a));
  return f32x4.mul(t, vexp(arg));
}

/** erf(x) for |x| < 0.5: Maclaurin series to x^13 (next term < 5e-10). */
@inline function erfSmall(x: v128): v128 {
  const z = f32x4.mul(x, x);
  let p = fma(z, sp(-1.0 / 9360.0), sp(1.0 / 1320.0));
  p = fma(z, p, sp(-1.0 / 216.0));
  p = fma(z, p, sp(1.0 / 42.0));
  p = fma(z, p, sp(-1.0 / 10.0));
  p = fma(z, p, sp(1.0 / 3.0));
  p = f32x4.sub(sp(1.0), f32x4.mul(z, p));
  return f32x4.mul(f32x4.mul(x, p), sp(1.1283791670955126));
}

/** erf(x): absolute error below ~2e-7 everywhere. */
export function verf(x: v128): v128 {
  const ax = f32x4.min(f32x4.abs(x), sp(10.0));
  const large = f32x4.sub(sp(1.0), erfcLarge(f32x4.max(ax, sp(0.5))));
  const signed = v128.bitselect(x, large, i32x4.splat(0x80000000));
  return v128.bitselect(erfSmall(x), signed, f32x4.lt(ax, sp(0.5)));
}

/** 1 + erf(z), accurate (relative) also for very negative z where it is tiny. */
@inline function onePlusErf(z: v128): v128 {
  const az = f32x4.min(f32x4.abs(z), sp(10.0));
  const c = erfcLarge(f32x4.max(az, sp(0.5)));
  const big = v128.bitselect(c, f32x4.sub(sp(2.0), c), f32x4.lt(z, sp(0.0)));
  return v128.bitselect(f32x4.add(sp(1.0), erfSmall(z)), big, f32x4.lt(az, sp(0.5)));
}

/** Exact (erf-based) GELU: x Φ(x) = 0.5 x (1 + erf(x / √2)). */
export function vgelu(x: v128): v128 {
  const z = f32x4.mul(x, sp(0.70710678118654752));
  let r = f32x4.mul(f32x4.mul(sp(0.5), x), onePlusErf(z));
  // Below -20 the true value underflows to -0 (also for -Inf, where x · Φ(x) → 0).
  r = v128.bitselect(sp(-0.0), r, f32x4.lt(x, sp(-20.0)));
  // Keep NaN (the clamps above would turn it into a number).
  return v128.bitselect(x, r, f32x4.ne(x, x));
}

/** Quadrant index j (even) and reduced argument for sin/cos: |x| = j π/4 + r, |r| ≤ π/4. */
@inline function quadrant(ax: v128): v128 {
  const j = i32x4.trunc_sat_f32x4_s(f32x4.mul(ax, sp(1.27323954473516)));
  return v128.and(i32x4.add(j, i32x4.splat(1)), i32x4.splat(~1));
}

@inline function reducePi4(ax: v128, j: v128): v128 {
  const y = f32x4.convert_i32x4_s(j);
  let r = f32x4.sub(ax, f32x4.mul(y, sp(0.78515625)));
  r = f32x4.sub(r, f32x4.mul(y, sp(2.4187564849853515625e-4)));
  return f32x4.sub(r, f32x4.mul(y, sp(3.77489497744594108e-8)));
}

@inline function sinPoly(r: v128): v128 {
  const z = f32x4.mul(r, r);
  let p = fma(z, sp(-1.9515295891e-4), sp(8.3321608736e-3));
  p = fma(z, p, sp(-1.6666654611e-1));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, z), p));
}

@inline function cosPoly(r: v128): v128 {
  const z = f32x4.mul(r, r);
  let p = fma(z, sp(2.443315711809948e-5), sp(-1.388731625493765e-3));
  p = fma(z, p, sp(4.166664568298827e-2));
  return f32x4.add(f32x4.sub(sp(1.0), f32x4.mul(z, sp(0.5))), f32x4.mul(f32x4.mul(z, z), p));
}

/** sin(x) (Cephes sinf reduction; accurate for |x| up to ~8192). */
export function vsin(x: v128): v128 {
  const ax = f32x4.abs(x);
  const j = quadrant(ax);
  const r = reducePi4(ax, j);
  const useCos = i32x4.ne(v128.and(j, i32x4.splat(2)), i32x4.splat(0));
  const v = v128.bitselect(cosPoly(r), sinPoly(r), useCos);
  // Sign: that of x, flipped in quadrants 4 and 6.
  const flip = i32x4.shl(v128.and(j, i32x4.splat(4)), 29);
  const sign = v128.xor(v128.and(x, i32x4.splat(0x80000000)), flip);
  return v128.xor(v, sign);
}

/** cos(x) (same reduction as vsin). */
export function vcos(x: v128): v128 {
  const ax = f32x4.abs(x);
  const j = quadrant(ax);
  const r = reducePi4(ax, j);
  const useSin = i32x4.ne(v128.and(j, i32x4.splat(2)), i32x4.splat(0));
  const v = v128.bitselect(sinPoly(r), cosPoly(r), useSin);
  const flip = i32x4.shl(v128.and(i32x4.add(j, i32x4.splat(2)), i32x4.splat(4)), 29);
  return v128.xor(v, flip);
}

/** a^b with JavaScript's Math.pow special cases for b = 0 and negative bases. */
export function vpow(a: v128, b: v128): v128 {
  const mag = vexp(f32x4.mul(b, vlog(f32x4.abs(a))));
  const isInt = f32x4.eq(f32x4.floor(b), b);
  // Odd integer exponent: the lowest bit of the integer (|b| ≥ 2^24 is always even).
  const bi = i32x4.trunc_sat_f32x4_s(b);
  const odd = v128.and(
    i32x4.ne(v128.and(bi, i32x4.splat(1)), i32x4.splat(0)),
    f32x4.lt(f32x4.abs(b), sp(16777216.0)),
  );
  const negBase = f32x4.lt(a, sp(0.0));
  let r = v128.bitselect(f32x4.neg(mag), mag, v128.and(negBase, odd));
  r = v128.bitselect(sp(NaN), r, v128.andnot(negBase, isInt));
  return v128.bitselect(sp(1.0), r, f32x4.eq(b, sp(0.0)));
}
