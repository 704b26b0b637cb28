// How a GEMM reads its B operand. A plain strided matrix, or the implicit
// im2col matrix of a convolution (in either orientation), so convolutions run
// on the same blocked GEMM without materializing their patch matrices. The
// descriptor lives in wasm memory (an unmanaged struct in the caller's scratch).
import { ConvGeometry } from './conv-geometry';
import { packIm2col, packIm2colTransposed } from './conv-pack';
import { packB } from './gemm-pack';

/** B(k, j) at ptr + 4·(k·rs + j·cs). */
export const OPERAND_STRIDED: i32 = 0;
/** B = im2col(x): k = (c, kh, kw), j = (oh, ow); ptr is the image, geom its geometry. */
export const OPERAND_IM2COL: i32 = 1;
/** B = im2col(x)ᵀ: k = (oh, ow), j = (c, kh, kw). */
export const OPERAND_IM2COL_T: i32 = 2;

/** A B-operand descriptor (20 bytes). */
@unmanaged export class Operand {
  kind: i32;
  ptr: usize;
  rs: i32;
  cs: i32;
  geom: usize;
}

/** Bytes an Operand occupies. */
export const OPERAND_BYTES: usize = 20;

/** Writes a strided-matrix descriptor at `at` and returns it. */
export function stridedOperand(at: usize, ptr: usize, rs: i32, cs: i32): Operand {
  const op = changetype<Operand>(at);
  op.kind = OPERAND_STRIDED;
  op.ptr = ptr;
  op.rs = rs;
  op.cs = cs;
  op.geom = 0;
  return op;
}

/** Writes an im2col descriptor (kind OPERAND_IM2COL or OPERAND_IM2COL_T) for the image at `x`. */
export function im2colOperand(at: usize, kind: i32, x: usize, geom: usize): Operand {
  const op = changetype<Operand>(at);
  op.kind = kind;
  op.ptr = x;
  op.rs = 0;
  op.cs = 0;
  op.geom = geom;
  return op;
}

/**
 * Packs B rows [k0, k0+kc) × columns [j0, j0+nc) into NR-column slabs.
 * `table` is 96 bytes of scratch used by the transposed im2col packer.
 */
export function packOperand(dst: usize, op: Operand, k0: i32, j0: i32, kc: i32, nc: i32, table: usize): void {
  if (op.kind == OPERAND_STRIDED) {
    packB(dst, op.ptr + ((<usize>k0 * <usize>op.rs + <usize>j0 * <usize>op.cs) << 2), op.rs, op.cs, kc, nc);
  } else if (op.kind == OPERAND_IM2COL) {
    packIm2col(dst, op.ptr, changetype<ConvGeometry>(op.geom), k0, j0, kc, nc);
  } else {
    packIm2colTransposed(dst, op.ptr, changetype<ConvGeometry>(op.geom), k0, j0, kc, nc, table);
  }
}
