// Float32 math WGSL lacks (erf, expm1, log1p, C pow, floored mod) or leaves
// loosely specified for our purposes (tanh overflow, NaN in max/min/sign).
// Series are used near 0 where exp/log-based forms lose relative precision.

/**
 * WGSL functions available to the elementwise shaders.
 *
 * @example
 * ```ts
 * const code = PRELUDE + MATH + kernelBody;
 * ```
 */
export const MATH = /* wgsl */ `
fn expm1F(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    // Taylor to x^9/9!: the next term is < 3e-10 for |x| < 0.5.
    return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x * (1.0 / 720.0
      + x * (1.0 / 5040.0 + x * (1.0 / 40320.0 + x * (1.0 / 362880.0)))))))));
  }
  return exp(x) - 1.0;
}
fn log1pF(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    // 2 atanh(s) with s = x / (2 + x), |s| < 1/3: terms to s^17 leave < 1e-9.
    let s = x / (2.0 + x);
    let s2 = s * s;
    return 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0
      + s2 * (1.0 / 11.0 + s2 * (1.0 / 13.0 + s2 * (1.0 / 15.0 + s2 * (1.0 / 17.0)))))))));
  }
  return logF(1.0 + x);
}
fn logF(x: f32) -> f32 {
  if (isNan(x) || x < 0.0) { return nanF(); }
  if (x == 0.0) { return -infF(); }
  return log(x);
}
fn sqrtF(x: f32) -> f32 {
  if (x < 0.0) { return nanF(); }
  return sqrt(x);
}
// erfc for z >= 0: Taylor of erf below 0.5, else Numerical Recipes' erfcc (fractional error < 1.2e-7).
fn erfcPos(z: f32) -> f32 {
  if (z < 0.5) {
    let z2 = z * z;
    let e = 1.1283791670955126 * z * (1.0 + z2 * (-1.0 / 3.0 + z2 * (1.0 / 10.0 + z2 * (-1.0 / 42.0
      + z2 * (1.0 / 216.0 + z2 * (-1.0 / 1320.0))))));
    return 1.0 - e;
  }
  let t = 1.0 / (1.0 + 0.5 * z);
  return t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
}
fn erfF(x: f32) -> f32 {
  if (isNan(x)) { return x; }
  let z = abs(x);
  if (z < 0.5) {
    let z2 = z * z;
    return 1.1283791670955126 * x * (1.0 + z2 * (-1.0 / 3.0 + z2 * (1.0 / 10.0 + z2 * (-1.0 / 42.0
      + z2 * (1.0 / 216.0 + z2 * (-1.0 / 1320.0))))));
  }
  let r = 1.0 - erfcPos(z);
  return select(r, -r, x < 0.0);
}
fn geluF(x: f32) -> f32 {
  // x Phi(x); for x < 0 through erfc so the small tail keeps its relative precision.
  if (x >= 0.0) { return 0.5 * x * (2.0 - erfcPos(x * 0.7071067811865476)); }
  return 0.5 * x * erfcPos(-x * 0.7071067811865476);
}
fn tanhF(x: f32) -> f32 {
  if (isNan(x)) { return x; }
  let t = expm1F(-2.0 * abs(x));
  let r = -t / (2.0 + t);
  return select(r, -r, x < 0.0);
}
fn sigmoidF(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
fn softplusF(x: f32) -> f32 {
  if (isNan(x)) { return x; }
  return max(x, 0.0) + log1pF(exp(-abs(x)));
}
fn signF(x: f32) -> f32 {
  if (isNan(x)) { return x; }
  return sign(x);
}
fn maxF(a: f32, b: f32) -> f32 {
  if (isNan(a) || isNan(b)) { return nanF(); }
  return max(a, b);
}
fn minF(a: f32, b: f32) -> f32 {
  if (isNan(a) || isNan(b)) { return nanF(); }
  return min(a, b);
}
fn isIntegral(y: f32) -> bool { return floor(y) == y; }
// C's pow: pow(1, y) = pow(x, 0) = 1 even for NaN; pow(-1, ±inf) = 1; negative base needs an integral exponent.
fn powF(x: f32, y: f32) -> f32 {
  if (x == 1.0 || y == 0.0) { return 1.0; }
  if (isNan(x) || isNan(y)) { return nanF(); }
  if (x == -1.0 && abs(y) == infF()) { return 1.0; }
  let ax = abs(x);
  var r: f32;
  if (ax == 0.0) {
    r = select(0.0, infF(), y < 0.0);
  } else {
    r = exp2(y * log2(ax));
  }
  if (x < 0.0 || (x == 0.0 && (bitcast<u32>(x) >> 31u) == 1u)) {
    if (abs(y) == infF()) { return r; }
    if (!isIntegral(y)) { return select(nanF(), r, x == 0.0); }
    let odd = abs(y) < 16777216.0 && (i32(abs(y)) & 1) == 1;
    return select(r, -r, odd);
  }
  return r;
}
// Floored modulo (sign of the divisor), as torch.remainder.
fn modF(a: f32, b: f32) -> f32 {
  let r = a - b * trunc(a / b);
  if (r != 0.0 && ((r < 0.0) != (b < 0.0))) { return r + b; }
  return r;
}
fn modI(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  if (b == -1) { return 0; }
  let r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) { return r + b; }
  return r;
}
fn powI(base: i32, e: i32) -> i32 {
  if (e < 0) {
    if (base == 1) { return 1; }
    if (base == -1) { return select(-1, 1, (e & 1) == 0); }
    return 0;
  }
  var result = 1i;
  var b = base;
  var k = u32(e);
  loop {
    if (k == 0u) { break; }
    if ((k & 1u) == 1u) { result = result * b; }
    b = b * b;
    k = k >> 1u;
  }
  return result;
}
// float -> int32: truncate toward zero, saturate, NaN -> 0 (the contract's cast).
fn toI32(f: f32) -> i32 {
  if (isNan(f)) { return 0; }
  if (f >= 2147483648.0) { return 2147483647; }
  if (f <= -2147483648.0) { return -2147483647 - 1; }
  return i32(f);
}
`;
