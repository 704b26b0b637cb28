// Wrap-time check that every rank built the same model: a rank with other
// shapes would otherwise all-reduce mismatched buffers (garbage or a hang).
import { ShapeError } from '@dendrite/core';
import type { AnyModule } from '@dendrite/layers';
import type { ProcessGroup } from './process-group.js';

/** One line per parameter and buffer: kind, name, shape, dtype. */
export function modelSignature(module: AnyModule): string[] {
  return [
    ...module.namedParameters().map(([n, p]) => `parameter '${n}' ${JSON.stringify(p.shape)} ${p.dtype}`),
    ...module.namedBuffers().map(([n, b]) => `buffer '${n}' ${JSON.stringify(b.shape)} ${b.dtype}`),
  ];
}

function fnv1a(bytes: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h | 0;
}

/** The first line where `other` differs from `base`, described for a message. */
function firstDifference(base: string[], other: string[], rank: number): string {
  for (let i = 0; i < Math.max(base.length, other.length); i++) {
    if (base[i] !== other[i]) return `rank 0 has ${base[i] ?? 'nothing'} where rank ${rank} has ${other[i] ?? 'nothing'} (entry ${i + 1})`;
  }
  return `rank ${rank} differs from rank 0`;
}

/**
 * Throws a ShapeError on every rank when the ranks' models differ (names,
 * shapes or dtypes of parameters and buffers), naming the first difference.
 *
 * @example
 * ```ts
 * await checkSameModel(model, group); // throws: rank 0 has parameter 'fc.weight' [10,84] ... where rank 1 has ... [12,84]
 * ```
 */
export async function checkSameModel(module: AnyModule, group: ProcessGroup): Promise<void> {
  const lines = modelSignature(module);
  const bytes = new TextEncoder().encode(lines.join('\n'));
  const mine = new Int32Array([fnv1a(bytes, 0x811c9dc5), fnv1a(bytes, 0x12345678), bytes.length]);
  const all = new Int32Array(3 * group.worldSize);
  await group.allGatherHost(mine, all).wait();
  const same = (r: number) => all[3 * r] === all[0] && all[3 * r + 1] === all[1] && all[3 * r + 2] === all[2];
  if (Array.from({ length: group.worldSize }, (_, r) => r).every(same)) return;
  // They differ: gather every rank's signature text to say how.
  let longest = 0;
  for (let r = 0; r < group.worldSize; r++) longest = Math.max(longest, all[3 * r + 2]);
  const padded = new Uint8Array(longest);
  padded.set(bytes);
  const texts = new Uint8Array(longest * group.worldSize);
  await group.allGatherHost(padded, texts).wait();
  const decode = (r: number) => new TextDecoder().decode(texts.subarray(r * longest, r * longest + all[3 * r + 2])).split('\n');
  const base = decode(0);
  const diffs: string[] = [];
  for (let r = 1; r < group.worldSize; r++) if (!same(r)) diffs.push(firstDifference(base, decode(r), r));
  throw new ShapeError(`DistributedDataParallel: the model differs across ranks: ${diffs.join('; ')}`);
}
