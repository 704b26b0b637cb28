// Rebuilds a trained model from a checkpoint file or run directory.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DendriteError, FileSystemError, loadSafetensorsMetadata } from '@dendrite/core';
import { loadCheckpoint, loadModule, type Module, type TensorModule } from '@dendrite/layers';
import { zooEntry } from '../zoo/registry.js';
import { UsageError } from './args.js';
import { type RunInfo, readRunInfo } from './run-info.js';

/** Loads `path` (a .safetensors checkpoint, or a run directory → its best.safetensors) into a fresh zoo model. */
export async function loadTrainedModel(path: string): Promise<{ model: Module & TensorModule; info: RunInfo; file: string }> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch {
    throw new UsageError(`checkpoint not found: ${path}`);
  }
  const info = await readRunInfo(path, isFile);
  const file = isFile ? path : join(path, 'best.safetensors');
  const model = zooEntry(info.model).create(info.config) as Module & TensorModule;
  try {
    // The header alone says whether this is a training checkpoint; the tensors are read once, by the loader.
    const metadata = await loadSafetensorsMetadata(file);
    if ('dendrite.checkpoint' in metadata) await loadCheckpoint(file, { model });
    else await loadModule(model, file);
  } catch (err) {
    if (err instanceof DendriteError && !(err instanceof FileSystemError)) throw new UsageError(`${file} does not fit model '${info.model}': ${err.message.split('\n')[0]}`);
    throw err;
  }
  model.eval();
  return { model, info, file };
}
