// dendrite summary <model>: the layer table with output shapes and parameter counts.
import { ZOO, zooEntry } from '../../zoo/registry.js';
import { checkKnownFlags, type ParsedArgs } from '../args.js';

export async function summaryCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, ['list'], 'summary');
  const name = args.positionals[0];
  if (!name || args.flags.list) {
    for (const [n, e] of Object.entries(ZOO)) log(`${n.padEnd(16)} ${e.description}`);
    return 0;
  }
  const entry = zooEntry(name);
  const model = entry.create();
  log(`${name}: ${entry.description}`);
  log(model.summary([1, ...entry.inputShape]));
  return 0;
}
