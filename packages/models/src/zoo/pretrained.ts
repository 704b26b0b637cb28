// Weights trained by this project's own CLI and shipped in the package
// (weights/*.safetensors with their config in weights/*.json, and the command, seed and accuracy in weights/*.provenance.json).
// Node built-ins are reached when called (core's nodeBuiltin), never imported at the top, so
// browser bundles of @dendrite/models build without stubs; in a page the bytes come from the app.
import { fromSafetensors, nodeBuiltin, type Tensor, ValueError } from '@dendrite/core';
import { loadModule, type Module, readModuleConfig } from '@dendrite/layers';

/**
 * Names of the shipped weight files (without extension): LeNet-5 and the MLP
 * classifiers, the VAE (20-d latent) and the VAE with a 2-d latent (float16).
 */
export const PRETRAINED = ['lenet5-mnist', 'mlp-mnist', 'vae-mnist', 'vae2d-mnist'] as const;
export type PretrainedName = (typeof PRETRAINED)[number];

const BROWSER_HINT =
  "browsers have no file system: pass the bytes or a URL, e.g. loadPretrained(model, name, { weights: new URL('lenet5-mnist.safetensors', location.href) }) with the file (it ships as @dendrite/models/weights/<name>.safetensors) served next to your page";

/**
 * Path of a shipped weight file; works from src/ (tests) and dist/ (installed).
 * Node only (a `ValueError` in browsers, which have no file system).
 *
 * @example
 * ```ts
 * const file = pretrainedPath('lenet5-mnist'); // .../weights/lenet5-mnist.safetensors
 * ```
 */
export function pretrainedPath(name: PretrainedName): string {
  const op = `pretrainedPath('${name}')`;
  let fs: typeof import('node:fs');
  let url: typeof import('node:url');
  try {
    fs = nodeBuiltin<typeof import('node:fs')>('node:fs', op);
    url = nodeBuiltin<typeof import('node:url')>('node:url', op);
  } catch {
    throw new ValueError(`${op} reads the package's own files, which needs Node; ${BROWSER_HINT}`);
  }
  for (const rel of ['../weights/', '../../weights/']) {
    const p = url.fileURLToPath(new URL(`${rel}${name}.safetensors`, import.meta.url));
    if (fs.existsSync(p)) return p;
  }
  throw new ValueError(`pretrained weights '${name}' are not in this installation of @dendrite/models`);
}

/** Where `loadPretrained` takes a weight file from instead of the package's own copy. */
export interface PretrainedOptions {
  /**
   * The `.safetensors` bytes, or a URL to fetch them from. Needed in browsers
   * (the package's copy is a file: serve `@dendrite/models/weights/<name>.safetensors`
   * with the page); in Node the default is the shipped file.
   */
  weights?: Uint8Array | ArrayBuffer | string | URL;
}

async function weightBytes(weights: NonNullable<PretrainedOptions['weights']>, name: string): Promise<Uint8Array> {
  if (weights instanceof Uint8Array) return weights;
  if (weights instanceof ArrayBuffer) return new Uint8Array(weights);
  if (typeof weights !== 'string' && !(weights instanceof URL)) {
    throw new ValueError(`loadPretrained('${name}'): 'weights' must be a Uint8Array, an ArrayBuffer, a URL or a URL string, got ${Object.prototype.toString.call(weights)}`);
  }
  let res: Response;
  try {
    res = await fetch(weights);
  } catch (err) {
    throw new ValueError(`loadPretrained('${name}'): fetching ${String(weights)} failed: ${(err as Error).message}`);
  }
  if (!res.ok) throw new ValueError(`loadPretrained('${name}'): fetching ${String(weights)} answered ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Loads shipped weights into a model built with the matching config (strict:
 * every name and shape must match). In browsers pass `options.weights` (the
 * file's bytes or URL): a page has no file system to read the package's copy from.
 *
 * @example
 * ```ts
 * await loadPretrained(new LeNet5(), 'lenet5-mnist');
 * await loadPretrained(new LeNet5(), 'lenet5-mnist', { weights: new URL('/assets/lenet5-mnist.safetensors', location.href) });
 * ```
 */
export async function loadPretrained<M extends Module>(model: M, name: PretrainedName, options: PretrainedOptions = {}): Promise<M> {
  if (options.weights === undefined) {
    await loadModule(model, pretrainedPath(name));
  } else {
    const file = `${name}.safetensors`;
    const { tensors, metadata } = fromSafetensors(await weightBytes(options.weights, name), file);
    try {
      readModuleConfig(metadata, file);
      model.loadStateDict(tensors);
    } finally {
      for (const t of Object.values(tensors) as Tensor[]) t.dispose();
    }
  }
  model.eval();
  return model;
}
