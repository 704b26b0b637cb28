// The geometry of one conv2d call, written by the JS wrapper into wasm memory
// as 16 consecutive int32 (in this field order) and read here in place.

/** Conv2d geometry (NCHW): sizes, stride, padding (top, left), dilation, groups. */
@unmanaged export class ConvGeometry {
  n: i32;
  c: i32;
  h: i32;
  w: i32;
  cout: i32;
  kh: i32;
  kw: i32;
  oh: i32;
  ow: i32;
  sh: i32;
  sw: i32;
  pt: i32;
  pl: i32;
  dh: i32;
  dw: i32;
  groups: i32;
}

/** Input channels per group. */
@inline export function groupChannels(g: ConvGeometry): i32 {
  return g.c / g.groups;
}

/** Output channels per group. */
@inline export function groupOutChannels(g: ConvGeometry): i32 {
  return g.cout / g.groups;
}

/** Rows of the im2col matrix of one group: (C/groups)·KH·KW. */
@inline export function patchSize(g: ConvGeometry): i32 {
  return groupChannels(g) * g.kh * g.kw;
}
