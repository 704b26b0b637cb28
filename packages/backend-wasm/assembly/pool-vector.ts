// Four horizontally adjacent pooling windows at once, for windows that lie
// wholly inside the image with column stride 1 or 2 (the common cases):
// the window cells of the four outputs are one vector load (stride 1) or two
// overlapping loads and a shuffle (stride 2), so the per-window loop
// overhead is paid once per four outputs.
import { beatsLanes } from './pool-geometry';

/** Cells (row, col0 + l·sw) for l < 4 of a plane row; never reads past col0 + 3·sw. */
@inline export function loadStrided(row: usize, col0: i32, sw: i32): v128 {
  const p = row + (<usize>col0 << 2);
  if (sw == 1) return v128.load(p);
  // Columns c, c+2, c+4, c+6 from [c..c+3] and [c+3..c+6].
  return i32x4.shuffle(v128.load(p), v128.load(p, 12), 0, 2, 5, 7);
}

/** Maxima of 4 interior windows whose top-left cells are (ih0, iw0 + l·sw). */
export function windowMax4(plane: usize, w: i32, ih0: i32, iw0: i32, kh: i32, kw: i32, sw: i32): v128 {
  let m = f32x4.splat(-Infinity);
  for (let u = 0; u < kh; u++) {
    const row = plane + (<usize>((ih0 + u) * w) << 2);
    for (let v = 0; v < kw; v++) m = f32x4.max(m, loadStrided(row, iw0 + v, sw));
  }
  return m;
}

/** Flat indices of the first maxima (NaN wins) of 4 interior windows, as for windowMax4. */
export function windowArgmax4(plane: usize, w: i32, ih0: i32, iw0: i32, kh: i32, kw: i32, sw: i32): v128 {
  const laneStep = i32x4(0, sw, 2 * sw, 3 * sw);
  let m = f32x4.splat(0);
  let best = i32x4.splat(0);
  for (let u = 0; u < kh; u++) {
    const rowIdx = (ih0 + u) * w;
    const row = plane + (<usize>rowIdx << 2);
    for (let v = 0; v < kw; v++) {
      const cells = loadStrided(row, iw0 + v, sw);
      const idx = i32x4.add(i32x4.splat(rowIdx + iw0 + v), laneStep);
      // The first cell always wins: it seeds the running maximum.
      const take = u == 0 && v == 0 ? i32x4.splat(-1) : beatsLanes(cells, m);
      m = v128.bitselect(cells, m, take);
      best = v128.bitselect(idx, best, take);
    }
  }
  return best;
}

/** Sums of 4 interior windows, as for windowMax4. */
export function windowSum4(plane: usize, w: i32, ih0: i32, iw0: i32, kh: i32, kw: i32, sw: i32): v128 {
  let s = f32x4.splat(0);
  for (let u = 0; u < kh; u++) {
    const row = plane + (<usize>((ih0 + u) * w) << 2);
    for (let v = 0; v < kw; v++) s = f32x4.add(s, loadStrided(row, iw0 + v, sw));
  }
  return s;
}
