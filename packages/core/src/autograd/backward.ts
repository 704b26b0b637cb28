import { GradError } from '../errors.js';
import { keep } from '../engine/scope.js';
import { engine } from '../engine/state.js';
import { fmtShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, onesLike } from './ops-bridge.js';
import { fireGradReady, hasGradReadyHooks } from './grad-hooks.js';
import type { GradNode } from './node.js';

/** Options of `backward()` and `gradients()`. */
export interface BackwardOptions {
  /** Keep saved tensors so backward can run again through the same graph. */
  retainGraph?: boolean;
  /** Record the backward pass itself, so the gradients can be differentiated again. */
  createGraph?: boolean;
}

/** Topological order of the nodes reachable from `root`, root first. */
function topoOrder(root: GradNode): GradNode[] {
  const order: GradNode[] = [];
  const seen = new Set<GradNode>([root]);
  const stack: [GradNode, number][] = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i < node.edges.length) {
      top[1]++;
      const next = node.edges[i]?.node;
      if (next && !seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order.reverse();
}

/** For each node, the leaves it is the last node (in `order`) to send a gradient to. */
function leavesByLastNode(order: readonly GradNode[]): Map<GradNode, Tensor[]> {
  const last = new Map<Tensor, GradNode>();
  for (const node of order) for (const e of node.edges) if (e?.leaf) last.set(e.leaf, node);
  const out = new Map<GradNode, Tensor[]>();
  for (const [leaf, node] of last) {
    const list = out.get(node);
    if (list) list.push(leaf);
    else out.set(node, [leaf]);
  }
  return out;
}

/**
 * Counts holders of gradient tensors (pending node gradients, leaves' `.grad`,
 * captured results, the caller's seed) so each is disposed exactly when its
 * last holder lets go.
 */
class GradPool {
  private readonly holds = new Map<Tensor, number>();

  hold(t: Tensor): void {
    this.holds.set(t, (this.holds.get(t) ?? 0) + 1);
  }
  drop(t: Tensor): void {
    const n = (this.holds.get(t) ?? 0) - 1;
    if (n > 0) this.holds.set(t, n);
    else {
      this.holds.delete(t);
      t.dispose();
    }
  }
}

/**
 * The engine of `backward()` and `gradients()`: propagates `seed` from `root`
 * through the recorded graph. With `targets`, gradients reaching those
 * tensors are returned instead of accumulated into leaves' `.grad`.
 */
export function propagate(root: Tensor, seed: Tensor | undefined, options: BackwardOptions, targets?: readonly Tensor[]): (Tensor | null)[] {
  if (!root.requiresGrad) {
    throw new GradError(`backward: the tensor ${fmtShape(root.shape)} does not require grad (no input of the computation had requiresGrad = true, or it ran inside noGrad)`);
  }
  if (!seed && root.size !== 1) {
    throw new GradError(`backward: a gradient must be given for a non-scalar output of shape ${fmtShape(root.shape)}`);
  }
  if (seed && !shapesEqual(seed.shape, root.shape)) {
    throw new GradError(`backward: the gradient's shape ${fmtShape(seed.shape)} differs from the output's shape ${fmtShape(root.shape)}`);
  }
  const prev = engine.gradEnabled;
  engine.gradEnabled = !!options.createGraph;
  const pool = new GradPool();
  const captured = new Map<Tensor, Tensor>();
  const targetByNode = new Map<GradNode, Tensor>();
  const targetLeaves = new Set<Tensor>();
  for (const t of targets ?? []) {
    if (t._node) targetByNode.set(t._node, t);
    else targetLeaves.add(t);
  }
  const capture = (target: Tensor, g: Tensor) => {
    const old = captured.get(target);
    const next = old ? add(old, g) : g;
    pool.hold(next);
    if (old) pool.drop(old);
    captured.set(target, next);
  };
  const toLeaf = (leaf: Tensor, g: Tensor, op: string) => {
    if (!shapesEqual(g.shape, leaf.shape)) {
      throw new GradError(`backward: '${op}' produced a gradient of shape ${fmtShape(g.shape)} for an input of shape ${fmtShape(leaf.shape)}`);
    }
    if (targets) {
      if (targetLeaves.has(leaf)) capture(leaf, g);
      return;
    }
    if (leaf.isDisposed) return;
    const old = leaf.grad;
    const next = old ? add(old, g) : g;
    pool.hold(next);
    keep(next);
    if (old) pool.drop(old);
    leaf.grad = next;
  };
  try {
    const start = seed ?? onesLike(root);
    pool.hold(start);
    if (seed) pool.hold(seed);
    if (!root._node) {
      toLeaf(root, start, 'backward');
      pool.drop(start);
      return (targets ?? []).map((t) => captured.get(t) ?? null);
    }
    const grads = new Map<GradNode, Tensor>([[root._node, start]]);
    const order = topoOrder(root._node);
    // With gradient-ready hooks: the last node feeding each leaf, so the hook fires once its gradient is complete.
    const readyAfter = !targets && hasGradReadyHooks() ? leavesByLastNode(order) : null;
    const reached = new Set<Tensor>();
    const fireReady = (node: GradNode) => {
      for (const leaf of readyAfter?.get(node) ?? []) if (reached.has(leaf)) fireGradReady(leaf);
    };
    for (const node of order) {
      const dy = grads.get(node);
      if (!dy) {
        if (!options.retainGraph) node.releaseSaved();
        fireReady(node);
        continue;
      }
      grads.delete(node);
      const target = targetByNode.get(node);
      if (target) capture(target, dy);
      if (node.freed) {
        throw new GradError(`backward: trying to backward through '${node.op}' a second time; its saved tensors were freed. Pass { retainGraph: true } to the first backward()`);
      }
      const ins = node.run(dy);
      ins.forEach((g) => g && pool.hold(g));
      node.edges.forEach((edge, i) => {
        const g = ins[i];
        if (!g || !edge) return;
        if (!shapesEqual(g.shape, node.inputShapes[i])) {
          throw new GradError(`backward: '${node.op}' produced a gradient of shape ${fmtShape(g.shape)} for input ${i} of shape ${fmtShape(node.inputShapes[i])}`);
        }
        if (edge.leaf) {
          toLeaf(edge.leaf, g, node.op);
          if (readyAfter) reached.add(edge.leaf);
          return;
        }
        const old = grads.get(edge.node);
        if (!old) {
          pool.hold(g);
          grads.set(edge.node, g);
        } else {
          const sum = add(old, g);
          pool.hold(sum);
          pool.drop(old);
          grads.set(edge.node, sum);
        }
      });
      ins.forEach((g) => g && pool.drop(g));
      pool.drop(dy);
      if (!options.retainGraph) node.releaseSaved();
      fireReady(node);
    }
    return (targets ?? []).map((t) => captured.get(t) ?? null);
  } finally {
    engine.gradEnabled = prev;
  }
}
