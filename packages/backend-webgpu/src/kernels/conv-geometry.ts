// What the three conv kernels share: their parameter words (after the GEMM's
// own) and WGSL accessors for the geometry they describe.
import type { Conv2dAttrs } from '@dendrite/core';
import { Params } from './params.js';

/**
 * The conv geometry as GEMM parameter words (P[6..21]): N, C, H, W, Cout, OH,
 * OW, KH, KW, SH, SW, padTop, padLeft, DH, DW, groups.
 *
 * @example
 * ```ts
 * const extra = convParams([1, 3, 8, 8], [4, 3, 3, 3], [1, 4, 6, 6], attrs);
 * ```
 */
export function convParams(x: readonly number[], w: readonly number[], y: readonly number[], a: Conv2dAttrs): Params {
  return new Params()
    .u32(x[0]).u32(x[1]).u32(x[2]).u32(x[3]).u32(w[0]).u32(y[2]).u32(y[3]).u32(w[2]).u32(w[3])
    .u32(a.stride[0]).u32(a.stride[1]).i32(a.pad[0]).i32(a.pad[2]).u32(a.dilation[0]).u32(a.dilation[1]).u32(a.groups);
}

/** WGSL accessors of the words `convParams` writes; CG/COG are channels per group. */
export const CONV_GEOMETRY = /* wgsl */ `
fn NB() -> u32 { return P[6]; }
fn C() -> u32 { return P[7]; }
fn H() -> i32 { return i32(P[8]); }
fn W() -> i32 { return i32(P[9]); }
fn CO() -> u32 { return P[10]; }
fn OH() -> i32 { return i32(P[11]); }
fn OW() -> i32 { return i32(P[12]); }
fn KH() -> i32 { return i32(P[13]); }
fn KW() -> i32 { return i32(P[14]); }
fn SH() -> i32 { return i32(P[15]); }
fn SW() -> i32 { return i32(P[16]); }
fn PT() -> i32 { return pi(17u); }
fn PL() -> i32 { return pi(18u); }
fn DH() -> i32 { return i32(P[19]); }
fn DW() -> i32 { return i32(P[20]); }
fn CG() -> u32 { return P[7] / P[21]; }
fn COG() -> u32 { return P[10] / P[21]; }
fn KHW() -> u32 { return P[13] * P[14]; }
// Steps an im2col depth index along its run: the next filter column, row, then input plane.
fn nextTap(kx: ptr<function, i32>, ky: ptr<function, i32>, plane: ptr<function, u32>, planeSize: u32) {
  *kx += 1;
  if (*kx == KW()) {
    *kx = 0;
    *ky += 1;
    if (*ky == KH()) {
      *ky = 0;
      *plane += planeSize;
    }
  }
}
`;
