// Bit-exact snapshots of everything a checkpoint load may change: model
// weights, optimizer state, scheduler state and random-stream positions.
import { defaultGenerator, type Generator } from '@dendrite/core';
import type { AnyModule, BaseHyper, LRScheduler, OptimizerBase, ReduceLROnPlateau } from '../src/index.js';

function bytesOf(data: ArrayBufferView): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** A string that differs whenever any bit of the targets' state differs. */
export async function snapshot(t: { model: AnyModule; optimizer?: OptimizerBase<BaseHyper>; scheduler?: LRScheduler | ReduceLROnPlateau; generators?: Generator[] }): Promise<string> {
  const parts: unknown[] = [];
  for (const [k, v] of Object.entries(t.model.stateDict())) parts.push([k, v.dtype, v.shape, bytesOf(await v.data())]);
  if (t.optimizer) {
    const st = t.optimizer.stateDict();
    for (const [k, v] of Object.entries(st.tensors)) parts.push([`opt.${k}`, v.shape, bytesOf(await v.data())]);
    parts.push(st.meta);
  }
  if (t.scheduler) parts.push(t.scheduler.stateDict());
  for (const g of t.generators ?? []) parts.push(g.state());
  parts.push(defaultGenerator.state());
  return JSON.stringify(parts);
}
