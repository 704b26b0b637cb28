// Dtype codes shared with src/kernels/codes.ts.
export const F32: i32 = 0;
export const I32: i32 = 1;
export const U8: i32 = 2;

/** Bytes per element of a dtype code. */
@inline export function elemBytes(dt: i32): usize {
  return dt == U8 ? 1 : 4;
}
