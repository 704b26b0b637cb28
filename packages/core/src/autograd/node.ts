import { tidy } from '../engine/scope.js';
import { engine } from '../engine/state.js';
import { Tensor } from '../tensor/tensor.js';

/** Where a gradient flows from a node: into another node, or into a leaf's `.grad`. */
export type Edge = { node: GradNode; leaf?: undefined } | { leaf: Tensor; node?: undefined } | null;

/**
 * The backward function of an op: receives the gradient of its output and
 * the tensors it saved, returns one gradient per input (null where none).
 * It is written with core ops, so gradients of gradients work.
 */
export type BackwardFn = (dy: Tensor, saved: readonly Tensor[]) => readonly (Tensor | null | undefined)[];

/**
 * One recorded op of the define-by-run tape. Reference-counted: the output
 * tensor, tensors saved by later nodes, and child nodes each hold one
 * reference; when the count drops to zero the saved tensors are released and
 * the parents are unreferenced, so graphs nobody can reach free their memory
 * deterministically.
 */
export class GradNode {
  refs = 1;
  /** True once saved tensors were released (after a backward without retainGraph). */
  freed = false;

  constructor(
    readonly op: string,
    readonly edges: readonly Edge[],
    readonly inputShapes: readonly (readonly number[])[],
    private backwardFn: BackwardFn | null,
    private saved: Tensor[],
    /**
     * Whether the last saved tensor is this node's own output. It is saved
     * without its autograd history (the node would otherwise hold itself);
     * `run` re-attaches this node to it when the backward is recorded, so
     * gradients of gradients flow through it.
     */
    private readonly savesOutput = false,
  ) {
    for (const e of edges) if (e?.node) e.node.refs++;
  }

  /** Runs the backward function. */
  run(dy: Tensor): readonly (Tensor | null | undefined)[] {
    if (this.freed || !this.backwardFn) {
      throw new Error(`backward through '${this.op}' a second time: its saved tensors were freed; pass { retainGraph: true } to the first backward()`);
    }
    const fn = this.backwardFn;
    let saved = this.saved;
    let view: Tensor | null = null;
    if (this.savesOutput && engine.gradEnabled) {
      const out = saved[saved.length - 1];
      view = new Tensor(out.storage.retain(), out.shape, out.dtype, false);
      this.refs++;
      view._setNode(this);
      saved = [...saved.slice(0, -1), view];
    }
    try {
      // tidy frees the temporaries a backward function creates; its results survive.
      return tidy(() => fn(dy, saved) as Tensor[]);
    } finally {
      view?.dispose();
    }
  }

  /** Releases the saved tensors (the graph structure stays for refcounting). */
  releaseSaved(): void {
    if (this.freed) return;
    this.freed = true;
    this.backwardFn = null;
    const saved = this.saved;
    this.saved = [];
    for (const t of saved) t.dispose();
  }

  unref(): void {
    if (this.refs <= 0) return;
    if (--this.refs === 0) {
      this.releaseSaved();
      for (const e of this.edges) e?.node?.unref();
    }
  }
}
