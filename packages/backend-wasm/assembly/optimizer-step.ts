// The fused optimizer step (core's `optimizerStep` kernel): one pass over a
// parameter, its gradient and its state tensors, four lanes at a time. The
// arithmetic follows the contract's rules in the same order as core's
// composition, so the two agree to the last bit or so. Threads split elements.
import { partStart } from './lib/partition';

const L2: i32 = 1; // g += wd·p
const MOMENTUM: i32 = 2;
const NESTEROV: i32 = 4;
const FIRST: i32 = 8;
const DECOUPLED: i32 = 16;
const AMSGRAD: i32 = 32;
const CENTERED: i32 = 64;

@inline function at(base: usize, i: usize): usize {
  return base + (i << 2);
}

/** First element of thread `tid`'s share. */
@inline function range(n: i32, tid: i32, nth: i32): usize {
  return <usize>partStart(n, tid, nth);
}

// Four lanes per step, then one lane per step for the tail (splatted, so it rounds exactly like the body).
@inline function ld(ptr: usize, i: usize, tail: bool): v128 {
  return tail ? f32x4.splat(load<f32>(at(ptr, i))) : v128.load(at(ptr, i));
}

@inline function st(ptr: usize, i: usize, v: v128, tail: bool): void {
  if (tail) store<f32>(at(ptr, i), f32x4.extract_lane(v, 0));
  else v128.store(at(ptr, i), v);
}

/** SGD with optional L2 decay, momentum (`omd` = 1 − dampening) and Nesterov; `b`/`ob` are the momentum buffers. */
export function sgdStep(p: usize, g: usize, b: usize, op: usize, ob: usize, n: i32, lr: f32, wd: f32, mom: f32, omd: f32, flags: i32, tid: i32, nth: i32): void {
  const s = range(n, tid, nth);
  const e = range(n, tid + 1, nth);
  const lrv = f32x4.splat(lr);
  const wdv = f32x4.splat(wd);
  const mv = f32x4.splat(mom);
  const dv = f32x4.splat(omd);
  let i = s;
  while (i < e) {
    const tail = i + 4 > e;
    const pv = ld(p, i, tail);
    let gv = ld(g, i, tail);
    if (flags & L2) gv = f32x4.add(gv, f32x4.mul(pv, wdv));
    let d = gv;
    if (flags & MOMENTUM) {
      const bv = flags & FIRST ? gv : f32x4.add(f32x4.mul(ld(b, i, tail), mv), f32x4.mul(gv, dv));
      st(ob, i, bv, tail);
      d = flags & NESTEROV ? f32x4.add(gv, f32x4.mul(bv, mv)) : bv;
    }
    st(op, i, f32x4.sub(pv, f32x4.mul(d, lrv)), tail);
    i += tail ? 1 : 4;
  }
}

/**
 * Adam/AdamW: `decay` = 1 − lr·wd (decoupled), `sc2` = √(1 − β2^t), `stepSize` = lr / (1 − β1^t);
 * `ob1`, `ob2` are 1 − β1, 1 − β2. State: m, v, vmax (amsgrad).
 */
export function adamStep(
  p: usize, g: usize, m: usize, v: usize, vmax: usize, op: usize, om: usize, ov: usize, ovmax: usize, n: i32,
  wd: f32, decay: f32, b1: f32, ob1: f32, b2: f32, ob2: f32, eps: f32, sc2: f32, stepSize: f32, flags: i32, tid: i32, nth: i32,
): void {
  const s = range(n, tid, nth);
  const e = range(n, tid + 1, nth);
  const wdv = f32x4.splat(wd);
  const decv = f32x4.splat(decay);
  const b1v = f32x4.splat(b1);
  const ob1v = f32x4.splat(ob1);
  const b2v = f32x4.splat(b2);
  const ob2v = f32x4.splat(ob2);
  const epsv = f32x4.splat(eps);
  const sc2v = f32x4.splat(sc2);
  const stepv = f32x4.splat(stepSize);
  let i = s;
  while (i < e) {
    const tail = i + 4 > e;
    let pv = ld(p, i, tail);
    let gv = ld(g, i, tail);
    if (flags & L2) gv = f32x4.add(gv, f32x4.mul(pv, wdv));
    if (flags & DECOUPLED) pv = f32x4.mul(pv, decv);
    const mv = f32x4.add(f32x4.mul(ld(m, i, tail), b1v), f32x4.mul(gv, ob1v));
    const vv = f32x4.add(f32x4.mul(ld(v, i, tail), b2v), f32x4.mul(f32x4.mul(gv, gv), ob2v));
    st(om, i, mv, tail);
    st(ov, i, vv, tail);
    let second = vv;
    if (flags & AMSGRAD) {
      second = f32x4.max(ld(vmax, i, tail), vv);
      st(ovmax, i, second, tail);
    }
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(second), sc2v), epsv);
    st(op, i, f32x4.sub(pv, f32x4.mul(f32x4.div(mv, denom), stepv)), tail);
    i += tail ? 1 : 4;
  }
}

/** RMSprop: `oma` = 1 − α. State: a (square average), c (gradient average, centered), b (momentum buffer). */
export function rmspropStep(
  p: usize, g: usize, a: usize, c: usize, b: usize, op: usize, oa: usize, oc: usize, ob: usize, n: i32,
  lr: f32, wd: f32, alpha: f32, oma: f32, eps: f32, mom: f32, flags: i32, tid: i32, nth: i32,
): void {
  const s = range(n, tid, nth);
  const e = range(n, tid + 1, nth);
  const lrv = f32x4.splat(lr);
  const wdv = f32x4.splat(wd);
  const av = f32x4.splat(alpha);
  const omav = f32x4.splat(oma);
  const epsv = f32x4.splat(eps);
  const momv = f32x4.splat(mom);
  let i = s;
  while (i < e) {
    const tail = i + 4 > e;
    const pv = ld(p, i, tail);
    let gv = ld(g, i, tail);
    if (flags & L2) gv = f32x4.add(gv, f32x4.mul(pv, wdv));
    const sq = f32x4.add(f32x4.mul(ld(a, i, tail), av), f32x4.mul(f32x4.mul(gv, gv), omav));
    st(oa, i, sq, tail);
    let den: v128;
    if (flags & CENTERED) {
      const cv = f32x4.add(f32x4.mul(ld(c, i, tail), av), f32x4.mul(gv, omav));
      st(oc, i, cv, tail);
      den = f32x4.add(f32x4.sqrt(f32x4.sub(sq, f32x4.mul(cv, cv))), epsv);
    } else {
      den = f32x4.add(f32x4.sqrt(sq), epsv);
    }
    let d = f32x4.div(gv, den);
    if (flags & MOMENTUM) {
      d = f32x4.add(f32x4.mul(ld(b, i, tail), momv), d);
      st(ob, i, d, tail);
    }
    st(op, i, f32x4.sub(pv, f32x4.mul(d, lrv)), tail);
    i += tail ? 1 : 4;
  }
}
