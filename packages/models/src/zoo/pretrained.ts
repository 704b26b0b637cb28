// Weights trained by this project's own CLI and shipped in the package
// (weights/*.safetensors with their config in weights/*.json, and the command, seed and accuracy in weights/*.provenance.json).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ValueError } from '@dendrite/core';
import { loadModule, type Module } from '@dendrite/layers';

/**
 * Names of the shipped weight files (without extension): LeNet-5 and the MLP
 * classifiers, the VAE (20-d latent) and the VAE with a 2-d latent (float16).
 */
export const PRETRAINED = ['lenet5-mnist', 'mlp-mnist', 'vae-mnist', 'vae2d-mnist'] as const;
export type PretrainedName = (typeof PRETRAINED)[number];

/** Path of a shipped weight file; works from src/ (tests) and dist/ (installed). */
export function pretrainedPath(name: PretrainedName): string {
  for (const rel of ['../weights/', '../../weights/']) {
    const p = fileURLToPath(new URL(`${rel}${name}.safetensors`, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new ValueError(`pretrained weights '${name}' are not in this installation of @dendrite/models`);
}

/**
 * Loads shipped weights into a model built with the matching config (strict:
 * every name and shape must match).
 *
 * @example
 * ```ts
 * await loadPretrained(new LeNet5(), 'lenet5-mnist');
 * ```
 */
export async function loadPretrained<M extends Module>(model: M, name: PretrainedName): Promise<M> {
  await loadModule(model, pretrainedPath(name));
  model.eval();
  return model;
}
