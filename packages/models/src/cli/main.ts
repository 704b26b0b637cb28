// The `dendrite` command: dispatches to the subcommands and turns every
// expected failure into one line on stderr and a non-zero exit code:
//   2  the input was wrong (usage, a malformed or mismatched file: any Dendrite error)
//   1  the environment failed (a file-system error: missing folder, no permission, disk full...)
//      or a bug (an internal error; its stack is printed only with DENDRITE_DEBUG=1)
import { DendriteError, FileSystemError, fileSystemError } from '@dendrite/core';
import { COMMAND_SPECS, parseArgs, UsageError } from './args.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { infoCommand } from './commands/info.js';
import { predictCommand } from './commands/predict.js';
import { sampleCommand } from './commands/sample.js';
import { summaryCommand } from './commands/summary.js';
import { trainCommand } from './commands/train.js';
import { word2vecCommand } from './commands/word2vec.js';

const USAGE = `usage: dendrite <command> [options]     (dendrite <command> -h for its options)

${Object.values(COMMAND_SPECS)
  .map((s) => `  ${s.usage}`)
  .join('\n')}

exit codes: 0 success, 2 bad input (usage, malformed or mismatched files), 1 file-system errors and internal errors
(set DENDRITE_DEBUG=1 to print the stack of an internal error)`;

type Command = (args: ReturnType<typeof parseArgs>, log: (line: string) => void) => Promise<number>;

const COMMANDS: Record<string, Command> = { train: trainCommand, eval: evalCommand, predict: predictCommand, export: exportCommand, summary: summaryCommand, info: infoCommand, word2vec: word2vecCommand, sample: sampleCommand };

/** OS error codes that are the environment's fault, not a bug: one line, exit 1. */
const OS_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EEXIST', 'EMFILE', 'ENFILE', 'ENAMETOOLONG', 'ELOOP', 'EBUSY', 'EDQUOT', 'EIO']);

function debugging(): boolean {
  return typeof process !== 'undefined' && !!process.env.DENDRITE_DEBUG && process.env.DENDRITE_DEBUG !== '0';
}

/**
 * Runs the CLI with `argv` (without node and the script); resolves to the
 * exit code (0 ok, 2 bad input, 1 file-system or internal error). Expected
 * failures print one line; a stack appears only for internal errors with
 * `DENDRITE_DEBUG=1`.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['summary', 'lenet5']);
 * ```
 */
export async function main(argv: readonly string[], log: (line: string) => void = (l) => console.log(l), error: (line: string) => void = (l) => console.error(l)): Promise<number> {
  const oneLine = (m: string) => m.split('\n')[0];
  try {
    const args = parseArgs(argv);
    if (!args.command || args.command === 'help') {
      const topic = args.positionals[0];
      log(topic && Object.hasOwn(COMMAND_SPECS, topic) ? `usage: dendrite ${COMMAND_SPECS[topic].usage}` : USAGE);
      return args.command ? 0 : 2;
    }
    if (args.flags.help) {
      log(`usage: dendrite ${COMMAND_SPECS[args.command].usage}`);
      return 0;
    }
    return await COMMANDS[args.command](args, log);
  } catch (err) {
    if (err instanceof FileSystemError) {
      error(`dendrite: ${oneLine(err.message)}`);
      return 1;
    }
    if (err instanceof UsageError || err instanceof DendriteError) {
      error(`dendrite: ${oneLine(err.message)}`);
      return 2;
    }
    const code = (err as { code?: unknown })?.code;
    if (typeof code === 'string' && OS_CODES.has(code)) {
      const path = (err as { path?: string }).path ?? (err as { dest?: string }).dest ?? '';
      error(`dendrite: ${oneLine(fileSystemError(err, path || '(unknown path)', 'file-system error').message)}`);
      return 1;
    }
    if (debugging()) error(`dendrite: internal error: ${(err as Error)?.stack ?? String(err)}`);
    else error(`dendrite: internal error: ${oneLine(String((err as Error)?.message ?? err))} (set DENDRITE_DEBUG=1 for the stack)`);
    return 1;
  }
}
