import { parseArgs as utilParseArgs } from 'node:util';

/** A parsed command line: the command, its positional arguments and its --flags. */
export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  flags: Record<string, string | boolean>;
}

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The options of one command, as `node:util`'s parseArgs takes them, plus its usage line. */
export interface CommandSpec {
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
}

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

/** Every command's flags (one table, so `-h` and parse errors agree with what each command reads). */
export const COMMAND_SPECS: Record<string, CommandSpec> = {
  train: {
    usage:
      'train <model> --dataset mnist|fashion-mnist [--epochs N --batch-size B --lr X --optimizer sgd|adam --backend wasm|webgpu|cuda|reference|auto\n        --seed S --augment crop,rotate,... --out DIR --resume DIR --stop-after N --limit N --dtype float32|float16 --data-dir DIR --quiet\n        --val-split N --threads N --distributed]   (--distributed: under mpirun, data-parallel; --batch-size is per process)\n  train autoencoder|autoencoder-2d|conv-autoencoder|vae|conv-vae|dcgan|unet|segnet|stn|stn-baseline|char-lstm\n        [--noise X --latent N --hidden H --width W --depth D --base-channels C --dice W --lr-schedule cosine --steps T --clip G --layers L ...]   PNG grids and loss.png per epoch in --out\n  train sentiment [--model lstm|bag|afinn --backend B --epochs N --lr X --hidden H --vectors glove|FILE --fine-tune --seed S --out DIR --quiet]',
    options: {
      dataset: str, epochs: str, 'batch-size': str, lr: str, optimizer: str, backend: str, seed: str, augment: str, out: str, resume: str,
      'data-dir': str, limit: str, quiet: bool, dtype: str, 'stop-after': str, threads: str, distributed: bool, 'val-split': str,
      model: str, hidden: str, vectors: str, 'fine-tune': bool,
      noise: str, latent: str, width: str, 'check-samples': str, depth: str, 'base-channels': str, dice: str, 'train-size': str, 'test-size': str,
      layers: str, steps: str, clip: str, 'max-chars': str,
      'lr-schedule': str,
    },
  },
  eval: { usage: 'eval <checkpoint|run-dir> [--dataset mnist|fashion-mnist --backend B --data-dir DIR]', options: { dataset: str, backend: str, 'data-dir': str } },
  predict: { usage: 'predict <checkpoint|run-dir|zoo-model> image... [--weights W.safetensors --tta ten-crop --top K --backend B --invert]\n  predict sentiment "text"... [--model DIR --backend B]', options: { backend: str, invert: bool, weights: str, tta: str, top: str, model: str } },
  export: { usage: 'export <checkpoint|run-dir> out.safetensors [--dtype float32|float16]   weights only, with the run\'s provenance (float16 halves the file)', options: { dtype: str } },
  summary: { usage: 'summary <model> [--input 3,224,224 --batch N]   layers, output shapes, parameters, mult-adds, memory (summary --list shows the zoo)', options: { list: bool, input: str, batch: str } },
  word2vec: {
    usage: 'word2vec --corpus brown|FILE [--dim 100 --epochs 5 --window 5 --negative 5 --min-count 5 --mode skipgram|cbow --threads 2 --seed S --plot pca|tsne --out DIR --quiet]',
    options: { corpus: str, dim: str, epochs: str, window: str, negative: str, 'min-count': str, mode: str, threads: str, seed: str, out: str, plot: str, quiet: bool },
  },
  sample: {
    usage:
      'sample <run-dir|vae|vae-2d> [--n 64 --out file.png --seed S --backend B --temperature T --prime TEXT --length N --evaluate]   new images from a vae/conv-vae/dcgan run or the weights shipped for vae and vae-2d (text from char-lstm);\n        --evaluate (dcgan): the shipped LeNet-5 classifies the samples (default 1,000): mean max-softmax and share per class',
    options: { n: str, out: str, seed: str, backend: str, temperature: str, prime: str, length: str, evaluate: bool },
  },
  info: { usage: 'info                       which backends are available here, and why not the others', options: {} },
};

/**
 * Parses `argv` (without node and the script) with `node:util`'s
 * `parseArgs` against the command's flags in `COMMAND_SPECS`: `--name value`,
 * `--name=value`, boolean flags, `-h`/`--help`. Unknown flags, missing values
 * and values given to boolean flags throw `UsageError` (exit code 2).
 *
 * @example
 * ```ts
 * parseArgs(['train', 'lenet5', '--epochs', '3']);
 * // { command: 'train', positionals: ['lenet5'], flags: { epochs: '3' } }
 * ```
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const first = argv[0];
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') return { command: first === undefined ? undefined : 'help', positionals: argv.slice(1), flags: {} };
  const spec = Object.hasOwn(COMMAND_SPECS, first) ? COMMAND_SPECS[first] : undefined;
  if (!spec) {
    if (first.startsWith('-')) throw new UsageError(`expected a command before '${first}' (commands: ${Object.keys(COMMAND_SPECS).join(', ')})`);
    throw new UsageError(`unknown command '${first}' (commands: ${Object.keys(COMMAND_SPECS).join(', ')})`);
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = utilParseArgs({ args: argv.slice(1), options: { ...spec.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    throw new UsageError(`${usageMessage(first, err as Error & { code?: string })} (see 'dendrite ${first} -h')`);
  }
  const flags: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(parsed.values)) if (v !== undefined) flags[k] = v;
  return { command: first, positionals: parsed.positionals, flags };
}

/** node:util's parse errors, reworded as one line that names the flag. */
function usageMessage(command: string, err: Error & { code?: string }): string {
  const flag = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag ?? ''} for 'dendrite ${command}' (known: ${Object.keys(COMMAND_SPECS[command].options).map((k) => `--${k}`).join(', ') || 'none'})`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(err.message) ? `flag ${flag ?? ''} needs a value` : `flag ${flag ?? ''} takes no value`;
    default:
      return err.message.split('\n')[0];
  }
}

/** Reads a numeric flag, checking its range. */
export function numberFlag(flags: ParsedArgs['flags'], name: string, fallback: number, opts: { integer?: boolean; min?: number } = {}): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min)) {
    throw new UsageError(`--${name} must be ${opts.integer ? 'an integer' : 'a number'}${opts.min !== undefined ? ` >= ${opts.min}` : ''}, got '${String(raw)}'`);
  }
  return v;
}

/** Reads a flag restricted to a set of choices. */
export function choiceFlag<T extends string>(flags: ParsedArgs['flags'], name: string, choices: readonly T[], fallback: T): T {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !choices.includes(raw as T)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${String(raw)}'`);
  }
  return raw as T;
}

/** Rejects flags a command does not know, naming the first. */
export function checkKnownFlags(flags: ParsedArgs['flags'], known: readonly string[], command: string): void {
  for (const name of Object.keys(flags)) {
    if (!known.includes(name)) throw new UsageError(`unknown flag --${name} for 'dendrite ${command}' (known: ${known.map((k) => `--${k}`).join(', ')})`);
  }
}
