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

/**
 * Parses `argv` (without node and the script): `--name value`, `--name=value`
 * and bare boolean `--flag`s listed in `booleans`.
 *
 * @example
 * ```ts
 * parseArgs(['train', 'lenet5', '--epochs', '3'], new Set());
 * // { command: 'train', positionals: ['lenet5'], flags: { epochs: '3' } }
 * ```
 */
export function parseArgs(argv: readonly string[], booleans: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (!name) throw new UsageError(`invalid flag '${a}'`);
    if (eq >= 0) flags[name] = a.slice(eq + 1);
    else if (booleans.has(name)) flags[name] = true;
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`flag --${name} needs a value`);
      flags[name] = v;
      i++;
    }
  }
  return { command: positionals.shift(), positionals, flags };
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
