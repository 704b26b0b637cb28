// Max and average pooling over NCHW planes, forward and backward. Forward
// kernels split output rows between threads; backward kernels scatter into
// the input gradient, so they split whole planes (disjoint outputs).
import { PoolGeometry, windowArgmax, windowCount } from './pool-geometry';
import { firstItem } from './gemm-partition';

@inline function planeBytes(g: PoolGeometry): usize {
  return <usize>(g.h * g.w) << 2;
}

/** out[p, oh, ow] = max of x's window (padding never wins). */
export function maxPool2d(x: usize, out: usize, geom: usize, tid: i32, nthreads: i32): void {
  const g = changetype<PoolGeometry>(geom);
  const rows = g.planes * g.oh;
  const last = firstItem(rows, tid + 1, nthreads);
  for (let r = firstItem(rows, tid, nthreads); r < last; r++) {
    const p = r / g.oh, oh = r % g.oh;
    const plane = x + <usize>p * planeBytes(g);
    const dst = out + (<usize>(r * g.ow) << 2);
    for (let ow = 0; ow < g.ow; ow++) {
      store<f32>(dst + (<usize>ow << 2), load<f32>(plane + (<usize>windowArgmax(plane, g, oh, ow) << 2)));
    }
  }
}

/** dx = 0, then dy of each window added at the window's first maximum of x. */
export function maxPool2dBackward(dy: usize, x: usize, dx: usize, geom: usize, tid: i32, nthreads: i32): void {
  const g = changetype<PoolGeometry>(geom);
  const last = firstItem(g.planes, tid + 1, nthreads);
  for (let p = firstItem(g.planes, tid, nthreads); p < last; p++) {
    const plane = x + <usize>p * planeBytes(g);
    const grad = dx + <usize>p * planeBytes(g);
    memory.fill(grad, 0, planeBytes(g));
    let src = dy + (<usize>(p * g.oh * g.ow) << 2);
    for (let oh = 0; oh < g.oh; oh++) {
      for (let ow = 0; ow < g.ow; ow++) {
        const at = grad + (<usize>windowArgmax(plane, g, oh, ow) << 2);
        store<f32>(at, load<f32>(at) + load<f32>(src));
        src += 4;
      }
    }
  }
}

/** out[p, oh, ow] = sum of x's window / windowCount. */
export function avgPool2d(x: usize, out: usize, geom: usize, tid: i32, nthreads: i32): void {
  const g = changetype<PoolGeometry>(geom);
  const rows = g.planes * g.oh;
  const last = firstItem(rows, tid + 1, nthreads);
  for (let r = firstItem(rows, tid, nthreads); r < last; r++) {
    const p = r / g.oh, oh = r % g.oh;
    const plane = x + <usize>p * planeBytes(g);
    const ih0 = oh * g.sh - g.pt;
    const h0 = max(0, ih0), h1 = min(g.h, ih0 + g.kh);
    const dst = out + (<usize>(r * g.ow) << 2);
    for (let ow = 0; ow < g.ow; ow++) {
      const iw0 = ow * g.sw - g.pl;
      const w0 = max(0, iw0), w1 = min(g.w, iw0 + g.kw);
      let s: f32 = 0;
      for (let ih = h0; ih < h1; ih++) {
        const row = plane + (<usize>(ih * g.w) << 2);
        for (let iw = w0; iw < w1; iw++) s += load<f32>(row + (<usize>iw << 2));
      }
      store<f32>(dst + (<usize>ow << 2), s / windowCount(g, oh, ow));
    }
  }
}

/** dx = 0, then dy / windowCount of each window added to every real cell of the window. */
export function avgPool2dBackward(dy: usize, dx: usize, geom: usize, tid: i32, nthreads: i32): void {
  const g = changetype<PoolGeometry>(geom);
  const last = firstItem(g.planes, tid + 1, nthreads);
  for (let p = firstItem(g.planes, tid, nthreads); p < last; p++) {
    const grad = dx + <usize>p * planeBytes(g);
    memory.fill(grad, 0, planeBytes(g));
    let src = dy + (<usize>(p * g.oh * g.ow) << 2);
    for (let oh = 0; oh < g.oh; oh++) {
      const ih0 = oh * g.sh - g.pt;
      const h0 = max(0, ih0), h1 = min(g.h, ih0 + g.kh);
      for (let ow = 0; ow < g.ow; ow++) {
        const iw0 = ow * g.sw - g.pl;
        const w0 = max(0, iw0), w1 = min(g.w, iw0 + g.kw);
        const share = load<f32>(src) / windowCount(g, oh, ow);
        src += 4;
        for (let ih = h0; ih < h1; ih++) {
          const row = grad + (<usize>(ih * g.w) << 2);
          for (let iw = w0; iw < w1; iw++) {
            const at = row + (<usize>iw << 2);
            store<f32>(at, load<f32>(at) + share);
          }
        }
      }
    }
  }
}
