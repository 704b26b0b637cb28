// Containers: Sequential chains layers; ModuleList and ModuleDict hold
// submodules so their parameters are found (named '0', '1', ... or by key).
import { type Tensor, ValueError } from '@dendrite/core';
import { type AnyModule, Module } from './module.js';

/** A layer that maps one tensor to one tensor (what Sequential chains). */
export type TensorModule = Module<[Tensor], Tensor>;

function checkModule(owner: string, m: unknown, where: string): AnyModule {
  if (!(m instanceof Module)) throw new ValueError(`${owner}: ${where} must be a Module, got ${m === null ? 'null' : typeof m}`);
  return m;
}

/**
 * Applies layers in order; parameters are named `0.weight`, `1.bias`... as
 * PyTorch's `nn.Sequential`. Intermediate outputs are freed as it goes.
 *
 * @example
 * ```ts
 * const mlp = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 1));
 * const y = mlp.forward(randn([4, 2])); // [4, 1]
 * ```
 */
export class Sequential extends Module {
  private readonly _layers: TensorModule[] = [];

  /**
   * Chains `layers`: the output of each is the input of the next.
   * @param layers - the modules, registered as children "0", "1", ...
   */
  constructor(...layers: TensorModule[]) {
    super();
    for (const l of layers) this.append(l);
  }

  /** Adds a layer at the end. */
  append(layer: TensorModule): this {
    checkModule('Sequential', layer, `layer ${this._layers.length}`);
    this.registerModule(String(this._layers.length), layer);
    this._layers.push(layer);
    return this;
  }

  /** The layer at `index` (negative counts from the end). */
  at(index: number): TensorModule {
    const i = index < 0 ? this._layers.length + index : index;
    const layer = this._layers[i];
    if (!layer) throw new ValueError(`Sequential.at: index ${index} is out of range for ${this._layers.length} layers`);
    return layer;
  }

  /** Number of layers. */
  get length(): number {
    return this._layers.length;
  }

  /** Iterates the layers in order. */
  [Symbol.iterator](): Iterator<TensorModule> {
    return this._layers[Symbol.iterator]();
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this._layers) {
      const next = layer.forward(y);
      // Intermediates can go at once: autograd nodes keep what backward needs.
      if (y !== x && next !== y) y.dispose();
      y = next;
    }
    return y === x ? x.clone() : y;
  }
}

/**
 * A list of submodules whose parameters are registered (`layers.0.weight`),
 * for models that loop over layers themselves.
 *
 * @example
 * ```ts
 * const blocks = new ModuleList([new Linear(4, 4), new Linear(4, 4)]);
 * for (const b of blocks) x = b.forward(x);
 * ```
 */
export class ModuleList<M extends AnyModule = AnyModule> extends Module<[], never> {
  private readonly _items: M[] = [];

  /**
   * A list of modules registered as children "0", "1", ... (their parameters are the list's).
   * @param modules - the initial modules
   */
  constructor(modules: readonly M[] = []) {
    super();
    for (const m of modules) this.push(m);
  }

  /** Appends a module. */
  push(m: M): this {
    checkModule('ModuleList', m, `item ${this._items.length}`);
    this.registerModule(String(this._items.length), m);
    this._items.push(m);
    return this;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): M {
    const i = index < 0 ? this._items.length + index : index;
    const m = this._items[i];
    if (!m) throw new ValueError(`ModuleList.at: index ${index} is out of range for ${this._items.length} modules`);
    return m;
  }

  /** Number of modules. */
  get length(): number {
    return this._items.length;
  }

  /** Iterates the modules in order. */
  [Symbol.iterator](): Iterator<M> {
    return this._items[Symbol.iterator]();
  }

  forward(): never {
    throw new ValueError('ModuleList.forward: a ModuleList has no forward; iterate over its modules');
  }
}

/**
 * Submodules by name (`heads.cls.weight`), for models with named branches.
 *
 * @example
 * ```ts
 * const heads = new ModuleDict({ cls: new Linear(8, 3), box: new Linear(8, 4) });
 * heads.get('cls').forward(features);
 * ```
 */
export class ModuleDict<M extends AnyModule = AnyModule> extends Module<[], never> {
  private readonly _items = new Map<string, M>();

  /**
   * Modules by name, registered as children under their keys.
   * @param modules - the initial modules
   */
  constructor(modules: Record<string, M> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) this.set(k, m);
  }

  /** Adds or replaces the module under `key`. */
  set(key: string, m: M): this {
    if (typeof key !== 'string' || !key || key.startsWith('_') || key.includes('.')) {
      throw new ValueError(`ModuleDict.set: key must be a non-empty string without '.' and not starting with '_', got ${JSON.stringify(key)}`);
    }
    checkModule('ModuleDict', m, `entry '${key}'`);
    this.registerModule(key, m);
    this._items.set(key, m);
    return this;
  }

  /** The module under `key`. */
  get(key: string): M {
    const m = this._items.get(key);
    if (!m) throw new ValueError(`ModuleDict.get: no module named '${key}' (have ${[...this._items.keys()].join(', ') || 'none'})`);
    return m;
  }

  /** Whether a module is stored under `key`. */
  has(key: string): boolean {
    return this._items.has(key);
  }

  /** The keys, in insertion order. */
  keys(): string[] {
    return [...this._items.keys()];
  }

  /** The [key, module] pairs, in insertion order. */
  entries(): [string, M][] {
    return [...this._items.entries()];
  }

  forward(): never {
    throw new ValueError('ModuleDict.forward: a ModuleDict has no forward; call its modules');
  }
}

/**
 * Returns its input unchanged (a placeholder when replacing a layer, e.g. a
 * classifier head in transfer learning).
 *
 * @example
 * ```ts
 * new Identity().forward(x); // a tensor equal to x
 * ```
 */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x.clone();
  }
}
