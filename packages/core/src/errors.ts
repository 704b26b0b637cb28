/**
 * Typed errors thrown by Dendrite. Every message names the op, the argument
 * and the shapes or values involved, so a user can fix the call from the
 * message alone.
 *
 * @example
 * ```ts runnable
 * import { add, tensor, ShapeError } from '@dendrite/core';
 * try { add(tensor([1, 2]), tensor([1, 2, 3])); }
 * catch (e) { if (e instanceof ShapeError) console.log(e.message); }
 * ```
 */
export class DendriteError extends Error {
  override name = 'DendriteError';
}

/** A shape is wrong for the op (incompatible broadcast, wrong rank, axis out of range...). */
export class ShapeError extends DendriteError {
  override name = 'ShapeError';
}

/** A dtype is not accepted by the op or the backend. */
export class DTypeError extends DendriteError {
  override name = 'DTypeError';
}

/** A backend failed, is unavailable, or tensors of two backends were mixed. */
export class BackendError extends DendriteError {
  override name = 'BackendError';
}

/** A tensor was used after `dispose()`. */
export class DisposedTensorError extends DendriteError {
  override name = 'DisposedTensorError';
}

/** A file or byte buffer does not have the expected format. */
export class FormatError extends DendriteError {
  override name = 'FormatError';
}

/** An argument value is invalid (negative size, bad option...). */
export class ValueError extends DendriteError {
  override name = 'ValueError';
}

/** Autograd was asked for something it cannot do (freed graph, non-scalar root...). */
export class GradError extends DendriteError {
  override name = 'GradError';
}
