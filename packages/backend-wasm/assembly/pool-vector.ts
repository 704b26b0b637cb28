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

/**
 * Adds share lane l to every cell (ih0 + u, iw0 + v + l·sw) of 4 interior
 * windows (the average-pooling gradient).
 */
export function spreadFour(grad: usize, w: i32, ih0: i32, iw0: i32, kh: i32, kw: i32, sw: i32, share: v128): void {
  for (let u = 0; u < kh; u++) {
    const line = grad + (<usize>((ih0 + u) * w) << 2);
    for (let v = 0; v < kw; v++) {
      const at = line + (<usize>(iw0 + v) << 2);
      if (sw == 1) {
        // The four windows' cells (row, iw0 + v + l) are one contiguous vector.
        v128.store(at, f32x4.add(v128.load(at), share));
      } else {
        // One lane at a time: with stride 2 the cells are every other float.
        store<f32>(at, load<f32>(at) + f32x4.extract_lane(share, 0));
        store<f32>(at, load<f32>(at, 8) + f32x4.extract_lane(share, 1), 8);
        store<f32>(at, load<f32>(at, 16) + f32x4.extract_lane(share, 2), 16);
        store<f32>(at, load<f32>(at, 24) + f32x4.extract_lane(share, 3), 24);
      }
    }
  }
}

/**
 * grad[best lane l] += dy[l] for lanes l ≥ skip (the max-pooling gradient),
 * one lane at a time since overlapping windows may share their maximum.
 */
export function addLanes(grad: usize, best: v128, dy: usize, skip: i32): void {
  if (skip < 1) addAt(grad, i32x4.extract_lane(best, 0), load<f32>(dy));
  if (skip < 2) addAt(grad, i32x4.extract_lane(best, 1), load<f32>(dy, 4));
  if (skip < 3) addAt(grad, i32x4.extract_lane(best, 2), load<f32>(dy, 8));
  addAt(grad, i32x4.extract_lane(best, 3), load<f32>(dy, 12));
}

/** grad[idx] += v. */
@inline export function addAt(grad: usize, idx: i32, v: f32): void {
  const at = grad + (<usize>idx << 2);
  store<f32>(at, load<f32>(at) + v);
}
