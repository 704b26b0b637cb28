// WGSL shared by every kernel: the parameter array at binding 0, the flat
// thread index over a 2-D grid of 1-D workgroups, and float helpers whose
// NaN behavior WGSL's built-ins leave unspecified.

/**
 * The prelude every shader starts with.
 *
 * @example
 * ```ts
 * const code = `${PRELUDE}\n@compute @workgroup_size(256) fn main(...) {...}`;
 * ```
 */
export const PRELUDE = /* wgsl */ `
@group(0) @binding(0) var<storage, read> P: array<u32>;
fn pf(i: u32) -> f32 { return bitcast<f32>(P[i]); }
fn pi(i: u32) -> i32 { return bitcast<i32>(P[i]); }
fn flatIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 { return gid.x + gid.y * nwg.x * 256u; }
fn isNan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
// WGSL rejects NaN and Inf in constant expressions, so they come from private variables.
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn nanF() -> f32 { return bitcast<f32>(NAN_BITS); }
fn infF() -> f32 { return bitcast<f32>(INF_BITS); }
// Offset into a tensor whose strides (one per dim of the iteration shape) start at P[stridesAt],
// for flat index i of the iteration shape at P[shapeAt..shapeAt+rank).
fn stridedOffset(i: u32, rank: u32, shapeAt: u32, stridesAt: u32) -> i32 {
  var rem = i;
  var off = 0i;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let extent = P[shapeAt + u32(d)];
    let c = rem % extent;
    rem = rem / extent;
    off += i32(c) * pi(stridesAt + u32(d));
  }
  return off;
}
`;

/** The header of a 1-D kernel over `count` threads (count at P[0]); `i` is the thread's index. */
export const MAIN_1D = /* wgsl */ `
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg);
  if (i >= P[0]) { return; }
`;
