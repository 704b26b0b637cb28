// The geometry of one pooling call, written by the JS wrapper into wasm
// memory as 12 consecutive int32 (in this field order) and read here in place.

/** Pooling geometry over `planes` = N·C channel planes of H×W. */
@unmanaged export class PoolGeometry {
  planes: i32;
  h: i32;
  w: i32;
  oh: i32;
  ow: i32;
  kh: i32;
  kw: i32;
  sh: i32;
  sw: i32;
  pt: i32;
  pl: i32;
  countIncludePad: i32;
}

/**
 * Whether v replaces the running maximum m: a larger number, or a NaN over a
 * number (NaN counts as greater than everything); the first of equal maxima
 * and the first NaN stay.
 */
@inline export function beats(v: f32, m: f32): bool {
  return !(v <= m) && m == m;
}

/** beats() on four lanes: an all-ones lane where v replaces m. */
@inline export function beatsLanes(v: v128, m: v128): v128 {
  return v128.and(v128.not(f32x4.le(v, m)), f32x4.eq(m, m));
}

