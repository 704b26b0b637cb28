// Module weights on disk: one safetensors file (PyTorch-compatible names)
// whose metadata carries the module type and its config as JSON.
import { FormatError, loadSafetensors, saveSafetensors, type Tensor, writeFileAtomic } from '@dendrite/core';
import type { AnyModule } from './module.js';
import type { LoadStateDictOptions } from './state-dict.js';

/** Metadata key holding `{ type, config }` as JSON. */
export const CONFIG_KEY = 'dendrite.module';

/**
 * Writes a module's state dict to `path` as safetensors, atomically (temp
 * file, then rename), with the module type and config in the metadata and
 * in a small JSON file beside it (`configPath(path)`).
 *
 * @example
 * ```ts
 * await saveModule(model, 'model.safetensors');
 * ```
 */
export async function saveModule(model: AnyModule, path: string, extraMetadata: Record<string, string> = {}): Promise<void> {
  const description = { type: model.constructor.name, config: model.config() };
  const meta = { format: 'pt', ...extraMetadata, [CONFIG_KEY]: JSON.stringify(description) };
  await saveSafetensors(path, model.stateDict(), meta);
  // The same config as a small readable file next to the weights.
  await writeFileAtomic(configPath(path), `${JSON.stringify(description, null, 2)}\n`);
}

/**
 * The config file written next to a weights file: `model.safetensors` → `model.json`.
 *
 * @example
 * ```ts
 * configPath('runs/net.safetensors'); // 'runs/net.json'
 * ```
 */
export function configPath(weightsPath: string): string {
  return `${weightsPath.replace(/\.safetensors$/, '')}.json`;
}

/**
 * Reads the file's `{ type, config }` (written by `saveModule`), or null for
 * safetensors files from elsewhere.
 *
 * @example
 * ```ts
 * const { metadata } = await loadSafetensors(path);
 * readModuleConfig(metadata, path); // { type: 'Linear', config: { inFeatures: 4, ... } }
 * ```
 */
export function readModuleConfig(metadata: Record<string, string>, path: string): { type: string; config: Record<string, unknown> } | null {
  const raw = metadata[CONFIG_KEY];
  if (raw === undefined) return null;
  try {
    return JSON.parse(raw) as { type: string; config: Record<string, unknown> };
  } catch (err) {
    throw new FormatError(`${path}: metadata '${CONFIG_KEY}' is not valid JSON (${(err as Error).message})`);
  }
}

/**
 * Loads weights saved by `saveModule` (or exported from PyTorch) into
 * `model`. A truncated, malformed or mis-shaped file throws (FormatError,
 * ShapeError, ValueError) and leaves the model untouched.
 *
 * @example
 * ```ts
 * await loadModule(model, 'model.safetensors');
 * ```
 */
export async function loadModule(model: AnyModule, path: string, options: LoadStateDictOptions = {}): Promise<{ missing: string[]; unexpected: string[] }> {
  const { tensors, metadata } = await loadSafetensors(path);
  try {
    readModuleConfig(metadata, path);
    return model.loadStateDict(tensors, options);
  } finally {
    for (const t of Object.values(tensors) as Tensor[]) t.dispose();
  }
}
