// The Module base class: parameters, buffers and submodules are discovered
// from the instance's own enumerable properties (as PyTorch's __setattr__
// registers them), so `class Net extends Module { fc = new Linear(4, 2) }`
// needs no registration code. Keys starting with '_' are private and skipped.
import { BackendError, cast, isFloatDType, noGrad, type Tensor, ValueError } from '@dendrite/core';
import { ModuleBuffer, Parameter } from './parameter.js';
import { loadModule, saveModule } from './serialize.js';
import { loadStateDictInto, type LoadStateDictOptions } from './state-dict.js';
import { summarize, type SummaryOptions } from './summary.js';
import { releaseFold } from '../layers/conv-batch-norm.js';

/** Any module, whatever its forward signature. */
// biome-ignore lint/suspicious/noExplicitAny: forward signatures differ per layer
export type AnyModule = Module<any[], unknown>;

/**
 * Base class of every layer and model. Subclasses declare parameters
 * (`Parameter`), buffers (`ModuleBuffer`) and submodules as properties and
 * implement `forward`.
 *
 * @example
 * ```ts
 * class Net extends Module {
 *   fc1 = new Linear(4, 8);
 *   fc2 = new Linear(8, 2);
 *   forward(x: Tensor) { return tidy(() => this.fc2.forward(relu(this.fc1.forward(x)))); }
 * }
 * const net = new Net();
 * net.namedParameters().map(([n]) => n); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 * ```
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Training mode (dropout active, batch statistics) or evaluation mode. */
  training = true;

  /**
   * Creates the module in training mode. Subclasses declare their parameters,
   * buffers and submodules as properties (found by `parameters()` and
   * `stateDict()`), so they rarely need a constructor of their own.
   *
   * @example
   * ```ts
   * class Scale extends Module {
   *   weight = new Parameter(ones([1]));
   *   forward(x: Tensor) { return x.mul(this.weight.value); }
   * }
   * new Scale().training; // true
   * ```
   */
  // biome-ignore lint/complexity/noUselessConstructor: explicit so that the API reference documents it; does nothing
  constructor() {}

  /** Computes the output; called directly (`layer.forward(x)`). */
  abstract forward(...inputs: In): Out;

  /** The constructor arguments that describe this layer (shown by `toString()` and saved with `save()`). */
  config(): Record<string, unknown> {
    return {};
  }

  /** Registers a parameter under a name that is not a plain property (e.g. PyTorch's `weight_ih_l0`). */
  protected registerParameter(name: string, p: Parameter | null): void {
    this.define(name, p);
  }

  /** Registers a buffer under `name` (e.g. `running_mean`). */
  protected registerBuffer(name: string, b: ModuleBuffer | null): void {
    this.define(name, b);
  }

  /** Registers a submodule under `name` (containers use '0', '1', ...). */
  protected registerModule(name: string, m: AnyModule | null): void {
    this.define(name, m);
  }

  private define(name: string, value: unknown): void {
    Object.defineProperty(this, name, { value, enumerable: true, writable: true, configurable: true });
  }

  private ownEntries(): [string, unknown][] {
    return Object.entries(this).filter(([k]) => !k.startsWith('_'));
  }

  /** Direct submodules with their property names. */
  namedChildren(): [string, AnyModule][] {
    return this.ownEntries().filter((e): e is [string, AnyModule] => e[1] instanceof Module);
  }

  /** Direct submodules. */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all descendants, depth-first, with dotted names ('' for this one). */
  namedModules(prefix = '', seen = new Set<AnyModule>()): [string, AnyModule][] {
    if (seen.has(this)) return [];
    seen.add(this);
    const out: [string, AnyModule][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name, seen));
    return out;
  }

  /** This module and all descendants. */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  private namedHolders<T>(kind: new (...a: never[]) => T): [string, T][] {
    const out: [string, T][] = [];
    const seen = new Set<T>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [k, v] of m.ownEntries()) {
        if (v instanceof kind && !seen.has(v)) {
          seen.add(v);
          out.push([prefix ? `${prefix}.${k}` : k, v]);
        }
      }
    }
    return out;
  }

  /** Parameters with PyTorch-style dotted names (`features.0.weight`); shared ones once. */
  namedParameters(): [string, Parameter][] {
    return this.namedHolders(Parameter);
  }

  /** All parameters (shared ones once). */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Buffers (running statistics...) with dotted names. */
  namedBuffers(): [string, ModuleBuffer][] {
    return this.namedHolders(ModuleBuffer);
  }

  /** Total number of parameter elements (only trainable ones with `trainableOnly`). */
  numParameters(trainableOnly = false): number {
    return this.parameters().reduce((n, p) => n + (trainableOnly && !p.requiresGrad ? 0 : p.size), 0);
  }

  /** Calls `fn` on every descendant and then on this module (PyTorch's order); used for custom initialization. */
  apply(fn: (m: AnyModule) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Sets training mode on this module and all descendants. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Sets evaluation mode (dropout off, running statistics used). */
  eval(): this {
    return this.train(false);
  }

  /** Stops gradients to every parameter (transfer learning: keep a backbone fixed). */
  freeze(): this {
    for (const p of this.parameters()) p.requiresGrad = false;
    return this;
  }

  /** Re-enables gradients for every float parameter. */
  unfreeze(): this {
    for (const p of this.parameters()) if (isFloatDType(p.dtype)) p.requiresGrad = true;
    return this;
  }

  /** Frees every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * Moves parameters and buffers to another (initialized) backend.
   *
   * @example
   * ```ts
   * await setBackend('wasm');
   * model.to('wasm');
   * ```
   */
  to(backend: string): this {
    const holders = [...this.parameters(), ...this.namedBuffers().map(([, b]) => b)];
    for (const h of holders) {
      if (h.value.backend === backend) continue;
      try {
        h.assign(noGrad(() => h.value.to(backend)));
      } catch (err) {
        throw new BackendError(`Module.to: cannot move ${this.constructor.name}'s tensors to '${backend}': ${(err as Error).message}`);
      }
    }
    return this;
  }

  /**
   * Casts every float parameter and float buffer to `dtype` (int and bool
   * buffers keep theirs), dropping pending gradients. Gradients keep flowing
   * to the cast parameters.
   *
   * @example
   * ```ts
   * model.cast('float16'); // on a backend with float16 (WebGPU with shader-f16)
   * ```
   */
  cast(dtype: 'float32' | 'float16'): this {
    if (dtype !== 'float32' && dtype !== 'float16') throw new ValueError(`Module.cast: 'dtype' must be 'float32' or 'float16', got ${JSON.stringify(dtype)}`);
    const holders = [...this.parameters(), ...this.namedBuffers().map(([, b]) => b)];
    for (const h of holders) {
      if (!isFloatDType(h.dtype) || h.dtype === dtype) continue;
      if (h instanceof Parameter) h.zeroGrad();
      h._assignCast(noGrad(() => cast(h.value, dtype)));
    }
    return this;
  }

  /**
   * Casts float parameters and buffers to float16 (`cast('float16')`).
   *
   * @example
   * ```ts runnable
   * import { setBackend } from '@dendrite/core';
   * import { Linear, ReLU, Sequential } from '@dendrite/layers';
   * import '@dendrite/backend-webgpu';
   * await setBackend('webgpu'); // float16 needs a backend with it (WebGPU with shader-f16)
   * const model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10)).half();
   * ```
   */
  half(): this {
    return this.cast('float16');
  }

  /**
   * Casts float parameters and buffers to float32 (`cast('float32')`).
   *
   * @example
   * ```ts
   * model.float();
   * ```
   */
  float(): this {
    return this.cast('float32');
  }

  /**
   * Parameters and persistent buffers by dotted name. The tensors are the
   * live ones (not copies): use them at once (save, copy), since an optimizer
   * step replaces them.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, p] of this.namedParameters()) out[name] = p.value;
    for (const [name, b] of this.namedBuffers()) out[name] = b.value;
    return out;
  }

  /**
   * Copies tensors into parameters and buffers. Strict by default: missing,
   * unexpected and mis-shaped entries are all reported by name in one error,
   * and nothing is changed unless every entry fits.
   *
   * @example
   * ```ts
   * model.loadStateDict(other.stateDict());
   * ```
   */
  loadStateDict(state: Record<string, Tensor>, options: LoadStateDictOptions = {}): { missing: string[]; unexpected: string[] } {
    return loadStateDictInto(this.constructor.name, [...this.namedParameters(), ...this.namedBuffers()], state, options);
  }

  /**
   * Saves the state dict as safetensors (atomic write), with this module's
   * type and config as JSON metadata.
   *
   * @example
   * ```ts
   * await model.save('mlp.safetensors');
   * ```
   */
  save(path: string): Promise<void> {
    return saveModule(this, path);
  }

  /**
   * Loads weights written by `save()` (or by PyTorch's safetensors export).
   * A truncated or mis-shaped file throws and leaves the model untouched.
   *
   * @example
   * ```ts
   * await model.load('mlp.safetensors');
   * ```
   */
  load(path: string, options: LoadStateDictOptions = {}): Promise<{ missing: string[]; unexpected: string[] }> {
    return loadModule(this, path, options);
  }

  /**
   * Prints (and returns) a table of the layers a forward pass on zeros of
   * `inputShape` calls: name, type, output shape, parameters and
   * multiply-adds, then the totals and a memory estimate. Without
   * `inputShape`, a model that declares `inputShape` (one sample, e.g.
   * [1, 28, 28]) is summarized for a batch of one.
   *
   * @example
   * ```ts
   * model.summary([1, 1, 28, 28]);
   * const text = new LeNet5().summary(undefined, { print: false });
   * ```
   */
  summary(inputShape?: readonly number[] | readonly (readonly number[])[], options: SummaryOptions = {}): string {
    if (inputShape === undefined) {
      const declared = (this as unknown as { inputShape?: unknown }).inputShape;
      if (!Array.isArray(declared) || !declared.every((v) => Number.isInteger(v) && v > 0)) {
        throw new ValueError(`${this.constructor.name}.summary: this model declares no 'inputShape'; pass one, e.g. summary([1, 3, 32, 32])`);
      }
      inputShape = [1, ...declared];
    }
    return summarize(this, inputShape, options);
  }

  /** Frees every parameter, gradient and buffer, and the inference caches of its layers (folded batch norms). */
  dispose(): void {
    for (const m of this.modules()) releaseFold(m);
    for (const p of this.parameters()) {
      p.zeroGrad();
      p.dispose();
    }
    for (const [, b] of this.namedBuffers()) b.dispose();
  }

  /** PyTorch-style tree: `Sequential(\n  (0): Linear(inFeatures=4, outFeatures=2)\n)`. */
  toString(): string {
    const cfg = Object.entries(this.config())
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ');
    const kids = this.namedChildren();
    if (!kids.length) return `${this.constructor.name}(${cfg})`;
    const lines = kids.map(([n, m]) => `  (${n}): ${m.toString().replace(/\n/g, '\n  ')}`);
    return `${this.constructor.name}(${cfg}${cfg ? ',' : ''}\n${lines.join('\n')}\n)`;
  }
}
