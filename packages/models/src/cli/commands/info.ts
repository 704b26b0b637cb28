// dendrite info: which backends work here and why the others do not.
import { findBackend, listBackends } from '@dendrite/core';
import { checkKnownFlags, type ParsedArgs } from '../args.js';
import { registerCliBackends } from '../backends.js';

export async function infoCommand(args: ParsedArgs, log: (line: string) => void): Promise<number> {
  checkKnownFlags(args.flags, [], 'info');
  const missing = await registerCliBackends();
  log(`node ${process.version} on ${process.platform}-${process.arch}`);
  for (const name of listBackends()) {
    try {
      const b = await findBackend(name);
      log(`  ${name.padEnd(10)} available   ${b.capabilities.description ?? ''}`);
    } catch (err) {
      log(`  ${name.padEnd(10)} unavailable ${(err as Error).message.replace(/^backend '[^']+' is unavailable: /, '')}`);
    }
  }
  for (const [name, why] of Object.entries(missing)) log(`  ${name.padEnd(10)} unavailable ${why}`);
  return 0;
}
