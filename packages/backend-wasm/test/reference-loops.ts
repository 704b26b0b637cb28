// Plain float64 JavaScript loops that the kernel tests compare against.

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Multi-index of flat position i in shape. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

/** Flat index into `shape` of the out-index `idx`, broadcasting (right-aligned, size-1 dims repeat). */
export function broadcastIndex(idx: readonly number[], shape: readonly number[]): number {
  const lead = idx.length - shape.length;
  const st = stridesOf(shape);
  let f = 0;
  for (let d = 0; d < shape.length; d++) f += (shape[d] === 1 ? 0 : idx[d + lead]) * st[d];
  return f;
}

/** out[i] = fn(a[...], b[...]) with broadcasting of a and b to outShape. */
export function broadcastBinary(
  a: ArrayLike<number>, aShape: readonly number[],
  b: ArrayLike<number>, bShape: readonly number[],
  outShape: readonly number[], fn: (x: number, y: number) => number,
): number[] {
  const n = sizeOfShape(outShape);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const idx = unravel(i, outShape);
    out[i] = fn(a[broadcastIndex(idx, aShape)], b[broadcastIndex(idx, bShape)]);
  }
  return out;
}

/** Reduction over `axes` with an initial value and a combining function (float64). */
export function reduceLoop(
  x: ArrayLike<number>, shape: readonly number[], axes: readonly number[],
  init: number, fn: (acc: number, v: number) => number,
): number[] {
  const keep = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const outShape = keep.map((d) => shape[d]);
  const out = new Array<number>(sizeOfShape(outShape)).fill(init);
  const ost = stridesOf(outShape);
  for (let i = 0; i < x.length; i++) {
    const idx = unravel(i, shape);
    let o = 0;
    keep.forEach((d, k) => {
      o += idx[d] * ost[k];
    });
    out[o] = fn(out[o], x[i]);
  }
  return out;
}
