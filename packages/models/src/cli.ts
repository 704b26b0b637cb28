/**
 * The `dendrite` command-line interface, as a function.
 *
 * @example
 * ```ts
 * import { main } from '@dendrite/models/cli';
 * process.exitCode = await main(['info']);
 * ```
 * @packageDocumentation
 */
export { main } from './cli/main.js';
