// The `dendrite` command: dispatches to the subcommands and turns every
// expected failure into one line on stderr and a non-zero exit code.
import { DendriteError } from '@dendrite/core';
import { parseArgs, UsageError } from './args.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { infoCommand } from './commands/info.js';
import { predictCommand } from './commands/predict.js';
import { sampleCommand } from './commands/sample.js';
import { summaryCommand } from './commands/summary.js';
import { trainCommand } from './commands/train.js';

const USAGE = `usage: dendrite <command> [options]

  train <model> --dataset mnist [--epochs N --batch-size B --lr X --optimizer sgd|adam
        --backend wasm|webgpu|cuda|reference|auto --seed S --augment crop,rotate,... --out DIR --resume DIR --limit N --dtype float32|float16]
  eval <checkpoint|run-dir> [--dataset mnist]
  predict <checkpoint|run-dir> image.png...
  export <checkpoint|run-dir> out.safetensors   weights only, with the run's provenance
  sample <run-dir> [--n 64 --out file.png --seed S]   new images from a vae/conv-vae/dcgan run (text from char-lstm)
  train autoencoder|autoencoder-2d|conv-autoencoder|vae|conv-vae|dcgan|unet|segnet|stn|stn-baseline|char-lstm
        [--noise X --latent N --depth D --base-channels C --dice W --steps T --clip G ...]   PNG grids and loss.png per epoch in --out
  summary <model>            (summary --list shows the zoo)
  info                       which backends are available here, and why not the others`;

type Command = (args: ReturnType<typeof parseArgs>, log: (line: string) => void) => Promise<number>;

const COMMANDS: Record<string, Command> = { train: trainCommand, eval: evalCommand, predict: predictCommand, export: exportCommand, summary: summaryCommand, info: infoCommand, sample: sampleCommand };

/**
 * Runs the CLI with `argv` (without node and the script); resolves to the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['summary', 'lenet5']);
 * ```
 */
export async function main(argv: readonly string[], log: (line: string) => void = (l) => console.log(l), error: (line: string) => void = (l) => console.error(l)): Promise<number> {
  try {
    const args = parseArgs(argv, new Set(['quiet', 'list', 'invert', 'help']));
    if (!args.command || args.command === 'help' || args.flags.help) {
      log(USAGE);
      return args.command || args.flags.help ? 0 : 2;
    }
    const command = COMMANDS[args.command];
    if (!command) throw new UsageError(`unknown command '${args.command}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return await command(args, log);
  } catch (err) {
    if (err instanceof UsageError || err instanceof DendriteError) {
      error(`dendrite: ${err.message.split('\n')[0]}`);
      return 2;
    }
    error(`dendrite: internal error: ${(err as Error)?.stack ?? String(err)}`);
    return 1;
  }
}
