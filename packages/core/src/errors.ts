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
  /** The error class name, shown in messages and usable to tell errors apart. */
  override name = 'DendriteError';
}

/** A shape is wrong for the op (incompatible broadcast, wrong rank, axis out of range...). */
export class ShapeError extends DendriteError {
  /** Always 'ShapeError'. */
  override name = 'ShapeError';
}

/** A dtype is not accepted by the op or the backend. */
export class DTypeError extends DendriteError {
  /** Always 'DTypeError'. */
  override name = 'DTypeError';
}

/** A backend failed, is unavailable, or tensors of two backends were mixed. */
export class BackendError extends DendriteError {
  /** Always 'BackendError'. */
  override name = 'BackendError';
}

/** A tensor was used after `dispose()`. */
export class DisposedTensorError extends DendriteError {
  /** Always 'DisposedTensorError'. */
  override name = 'DisposedTensorError';
}

/** A file or byte buffer does not have the expected format. */
export class FormatError extends DendriteError {
  /** Always 'FormatError'. */
  override name = 'FormatError';
}

/** An argument value is invalid (negative size, bad option...). */
export class ValueError extends DendriteError {
  /** Always 'ValueError'. */
  override name = 'ValueError';
}

/** Autograd was asked for something it cannot do (freed graph, non-scalar root...). */
export class GradError extends DendriteError {
  /** Always 'GradError'. */
  override name = 'GradError';
}

/** The most characters of a value an error message quotes. */
const QUOTE_LIMIT = 60;

/**
 * Describes a value for an error message without dumping its data: a tensor
 * by shape and dtype, an array by length, an object by its class, a long
 * string or number cut short. Messages name values; they never embed them.
 *
 * @example
 * ```ts
 * describeValue(ones([1000000])); // 'a Tensor [1000000] float32'
 * describeValue([1, 2, 3]);       // 'an array of length 3'
 * describeValue('abc');           // '"abc"'
 * ```
 */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > QUOTE_LIMIT ? `${v.slice(0, QUOTE_LIMIT)}…` : v);
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return 'a symbol';
  const o = v as { shape?: unknown; dtype?: unknown; length?: unknown };
  if (Array.isArray(o.shape) && typeof o.dtype === 'string') return `a Tensor [${o.shape.join(', ')}] ${o.dtype}`;
  if (Array.isArray(v)) {
    // Short lists of numbers (a shape, a pair of pads) are quoted; anything longer is described.
    const text = v.length <= 8 && v.every((x) => typeof x === 'number' || typeof x === 'boolean' || x === null) ? JSON.stringify(v) : '';
    return text && text.length <= QUOTE_LIMIT ? text : `an array of length ${v.length}`;
  }
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${(v as unknown as { length?: number }).length ?? v.byteLength}`;
  const name = Object.getPrototypeOf(v)?.constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * A file-system operation failed (missing file, a path below a regular file,
 * no permission, disk full, read-only file system...). `code` is the OS code
 * (`ENOENT`, `ENOTDIR`, `EACCES`, `ENOSPC`, `EROFS`, ...) and `path` the file.
 *
 * @example
 * ```ts
 * try { await loadSafetensors('missing.safetensors'); }
 * catch (e) { if (e instanceof FileSystemError) console.log(e.code, e.path); }
 * ```
 */
export class FileSystemError extends DendriteError {
  override name = 'FileSystemError';
  /**
   * @param message What failed, naming the path.
   * @param code The system error code (`'ENOENT'`, `'EACCES'`, ...), when there was one.
   * @param path The file or folder involved.
   *
   * @example
   * ```ts
   * new FileSystemError("save: cannot write 'out/w.safetensors' (EACCES)", 'EACCES', 'out/w.safetensors');
   * ```
   */
  constructor(
    message: string,
    /** The system error code (`'ENOENT'`, `'EACCES'`, ...), or undefined when the failure had none. */
    readonly code: string | undefined,
    /** The file or folder involved. */
    readonly path: string,
  ) {
    super(message);
  }
}

/**
 * Wraps an error thrown by a `node:fs` call into a `FileSystemError` naming
 * `path` and what was being done; a Dendrite error passes through.
 *
 * @example
 * ```ts
 * try { await fs.readFile(p); } catch (e) { throw fileSystemError(e, p, 'cannot read the file'); }
 * ```
 */
export function fileSystemError(err: unknown, path: string, doing: string): Error {
  if (err instanceof DendriteError) return err;
  const code = (err as { code?: unknown })?.code;
  const text = typeof code === 'string' ? `${code}: ${OS_REASONS[code] ?? (err as Error).message}` : String((err as Error)?.message ?? err);
  return new FileSystemError(`${path}: ${doing} (${text})`, typeof code === 'string' ? code : undefined, path);
}

const OS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
};
