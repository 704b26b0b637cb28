// Runs one native launch, turning native failures into BackendError.
import { asBackendError } from '../handle.js';
import type { NativeContext } from '../native.js';
import type { LaunchParams } from '../params.js';

/**
 * Enqueues launch `code` with `params` on the context's stream.
 *
 * @example
 * ```ts
 * launch(ctx, 'fill', LAUNCH.fill, new LaunchParams().push(ptr, 0, n, 1.5));
 * ```
 */
export function launch(ctx: NativeContext, op: string, code: number, params: LaunchParams): void {
  try {
    ctx.launch(code, params.build());
  } catch (err) {
    throw asBackendError(op, err);
  }
}
