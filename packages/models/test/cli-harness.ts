// Runs the CLI in-process and captures what it prints (shared by the CLI test files).
import { main } from '../src/cli/main.js';

/** `dendrite ...argv`: the exit code and the lines printed to stdout and stderr. */
export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}
