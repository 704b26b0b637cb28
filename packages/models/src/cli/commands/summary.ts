// dendrite summary <model> [--input 3,224,224] [--batch 8]: the torchinfo-style
// layer table (output shapes, parameters, mult-adds, memory estimate).
import { getBackend, setBackend } from '@dendrite/core';
import { ZOO, zooEntry } from '../../zoo/registry.js';
import { checkKnownFlags, numberFlag, type ParsedArgs, UsageError } from '../args.js';
import { registerShapeOnlyBackend } from '../shape-only-backend.js';

export async function summaryCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, ['list', 'input', 'batch'], 'summary');
  const name = args.positionals[0];
  if (!name || args.flags.list) {
    for (const [n, e] of Object.entries(ZOO)) log(`${n.padEnd(16)} ${e.description}`);
    return 0;
  }
  const entry = zooEntry(name);
  const input = typeof args.flags.input === 'string' ? parseShape(args.flags.input) : entry.inputShape;
  const batch = numberFlag(args.flags, 'batch', 1, { integer: true, min: 1 });
  // Shapes and counts need no values: a no-storage backend builds even VGG-19 in milliseconds.
  registerShapeOnlyBackend();
  let previous: string | undefined;
  try {
    previous = getBackend().name;
  } catch {
    previous = undefined;
  }
  await setBackend('shape-only');
  try {
    const model = entry.create();
    model.eval();
    log(`${name}: ${entry.description}`);
    let table: string;
    try {
      table = model.summary([batch, ...input], { print: false });
    } catch (err) {
      throw new UsageError(`--input ${input.join(',')} does not fit ${name}: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      model.dispose();
    }
    log(table);
    return 0;
  } finally {
    if (previous && previous !== 'shape-only') await setBackend(previous);
  }
}

/** '3,224,224' -> [3, 224, 224]. */
function parseShape(text: string): number[] {
  const dims = text.split(',').map((s) => Number(s.trim()));
  if (dims.length === 0 || !dims.every((v) => Number.isInteger(v) && v > 0)) throw new UsageError(`--input must be positive integers separated by commas (e.g. 3,224,224), got '${text}'`);
  return dims;
}
