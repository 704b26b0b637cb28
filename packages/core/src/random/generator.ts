import { describeValue, ValueError } from '../errors.js';
import { randomValue } from './philox.js';

/**
 * A seeded, counter-based random stream (Philox4x32-10). Each draw of `n`
 * numbers takes the next `n` counters, so results depend only on the seed and
 * the sequence of draws, and are the same on every backend.
 *
 * @example
 * ```ts
 * const g = new Generator(42);
 * const x = rand([2, 2], { generator: g });
 * const order = g.randomPermutation(10);
 * ```
 */
export class Generator {
  /** Philox key words derived from the seed. */
  key0 = 0;
  /** Second Philox key word derived from the seed. */
  key1 = 0;
  /** The next unused counter. */
  offset = 0;
  private readonly scratch = [0, 0, 0, 0];

  /**
   * A generator seeded with `seed` (a 32-bit integer; default: a random one).
   * @param seed - the same seed gives the same stream on every backend
   */
  constructor(seed = Math.floor(Math.random() * 2 ** 32)) {
    this.seed(seed);
  }

  /** Restarts the stream from a seed (a non-negative integer below 2^53). */
  seed(seed: number): this {
    if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
      throw new ValueError(`seed: must be a non-negative integer, got ${seed}`);
    }
    this.key0 = seed % 4294967296 >>> 0;
    this.key1 = (Math.floor(seed / 4294967296) ^ 0x5bd1e995) >>> 0;
    this.offset = 0;
    return this;
  }

  /** Reserves `n` counters and returns the first. */
  take(n: number): number {
    const start = this.offset;
    this.offset += n;
    return start;
  }

  /** One uniform float in [0, 1), drawn on the host. */
  uniform(): number {
    return randomValue('uniform', this.key0, this.key1, this.take(1), 0, 0, 1, this.scratch);
  }

  /** One standard normal float, drawn on the host. */
  normal(): number {
    return randomValue('normal', this.key0, this.key1, this.take(1), 0, 0, 1, this.scratch);
  }

  /** A uniform integer in [low, high). */
  int(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low));
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  randomPermutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The state, to save and restore a stream exactly. */
  state(): { key0: number; key1: number; offset: number } {
    return { key0: this.key0, key1: this.key1, offset: this.offset };
  }

  /**
   * Restores a state from `state()`. Every field is checked first (key words
   * integers in [0, 2^32), offset a non-negative safe integer): a state read
   * from a file must not leave a stream that repeats one number forever.
   */
  setState(s: { key0: number; key1: number; offset: number }): this {
    checkGeneratorState(s);
    this.key0 = s.key0 >>> 0;
    this.key1 = s.key1 >>> 0;
    this.offset = s.offset;
    return this;
  }
}

/** The saved position of a `Generator`. */
export type GeneratorState = ReturnType<Generator['state']>;

/**
 * Throws `ValueError` naming the field unless `s` is a valid generator state
 * (`{ key0, key1, offset }`, key words integers in [0, 2^32), offset a
 * non-negative safe integer). `where` prefixes the message (e.g. a file name).
 *
 * @example
 * ```ts
 * checkGeneratorState({ key0: 1, key1: 2, offset: 0 }); // ok
 * checkGeneratorState({ key0: 'x' }, 'ckpt.safetensors'); // ValueError
 * ```
 */
export function checkGeneratorState(s: unknown, where = 'Generator.setState'): asserts s is GeneratorState {
  if (s === null || typeof s !== 'object' || Array.isArray(s)) throw new ValueError(`${where}: generator state must be an object { key0, key1, offset }, got ${describeValue(s)}`);
  const o = s as Record<string, unknown>;
  for (const k of ['key0', 'key1'] as const) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= 4294967296) throw new ValueError(`${where}: generator state '${k}' must be an integer in [0, 2^32), got ${describeValue(v)}`);
  }
  const off = o.offset;
  if (typeof off !== 'number' || !Number.isSafeInteger(off) || off < 0) throw new ValueError(`${where}: generator state 'offset' must be a non-negative safe integer, got ${describeValue(off)}`);
}

/** The generator used when an op is given none. */
export const defaultGenerator = new Generator();

/**
 * Seeds the default generator: rand, randn, bernoulli, dropout, initializers
 * and shuffles become reproducible, on every backend.
 *
 * @example
 * ```ts
 * seed(0);
 * const a = randn([3]);
 * seed(0);
 * const b = randn([3]); // same values as a
 * ```
 */
export function seed(value: number): void {
  defaultGenerator.seed(value);
}
