import { getBackend } from '../backend/registry.js';
import { decodeHalf } from '../half.js';
import { nodeBuiltin } from './node-builtin.js';
import { fileSystemError, ValueError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { decodeSafetensors, decodeSafetensorsMetadata, encodeSafetensors } from './safetensors-codec.js';

type Fs = typeof import('node:fs/promises');

/** node:fs/promises without an import statement, so browser bundles never try to resolve it. */
function nodeFs(op: string): Fs {
  return nodeBuiltin<Fs>('node:fs/promises', op);
}

/** Tensors by name plus the file's string metadata. */
export interface SafetensorsContent {
  /** The tensors by name (the file's order). */
  tensors: Record<string, Tensor>;
  /** The file's `__metadata__` strings (empty when it has none). */
  metadata: Record<string, string>;
}

async function entriesOf(tensors: Record<string, Tensor>): Promise<Parameters<typeof encodeSafetensors>[0]> {
  if (tensors === null || typeof tensors !== 'object') throw new ValueError('safetensors: expected an object mapping names to tensors');
  const entries: Parameters<typeof encodeSafetensors>[0] = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t instanceof Tensor)) throw new ValueError(`safetensors: entry '${name}' is not a Tensor`);
    entries[name] = { dtype: t.dtype, shape: t.shape.slice(), data: await t._rawData() };
  }
  return entries;
}

/**
 * Serializes tensors to safetensors bytes.
 *
 * @example
 * ```ts
 * const bytes = await toSafetensors({ 'fc.weight': w }, { format: 'pt' });
 * ```
 */
export async function toSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Promise<Uint8Array> {
  return encodeSafetensors(await entriesOf(tensors), metadata);
}

/**
 * Parses safetensors bytes into tensors on the current backend. Throws
 * `FormatError` naming the file and the field for any malformed header. F16
 * tensors load as float16 where the backend has it, else as float32 (exact).
 *
 * @example
 * ```ts
 * const { tensors } = fromSafetensors(bytes, 'model.safetensors');
 * ```
 */
export function fromSafetensors(bytes: Uint8Array, fileName = '<buffer>'): SafetensorsContent {
  const decoded = decodeSafetensors(bytes, fileName);
  // Null prototype: a tensor named '__proto__' is an entry like any other.
  const tensors: Record<string, Tensor> = Object.create(null);
  try {
    const halfOk = getBackend().capabilities.dtypes.includes('float16');
    for (const [name, e] of Object.entries(decoded.tensors)) {
      // float16 values are exact in float32, so a backend without float16 loses nothing.
      if (e.dtype === 'float16') tensors[name] = tensor(decodeHalf(e.data as Uint16Array), e.shape, halfOk ? 'float16' : 'float32');
      else tensors[name] = tensor(e.data, e.shape, e.dtype);
    }
  } catch (err) {
    for (const t of Object.values(tensors)) t.dispose();
    throw err;
  }
  return { tensors, metadata: decoded.metadata };
}

/**
 * Writes tensors to a safetensors file atomically (temp file, then rename), so
 * a failure never leaves a partial file. Node only.
 *
 * @example
 * ```ts
 * await saveSafetensors('weights.safetensors', model.stateDict());
 * ```
 */
export async function saveSafetensors(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>): Promise<void> {
  const bytes = await toSafetensors(tensors, metadata);
  await writeFileAtomic(path, bytes);
}

/**
 * Reads a safetensors file. Node only.
 *
 * @example
 * ```ts
 * const { tensors, metadata } = await loadSafetensors('weights.safetensors');
 * ```
 */
export async function loadSafetensors(path: string): Promise<SafetensorsContent> {
  const fs = nodeFs('loadSafetensors');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(path));
  } catch (err) {
    throw fileSystemError(err, path, 'cannot read the file');
  }
  return fromSafetensors(bytes, path);
}

/**
 * Reads only the string metadata of a safetensors file (its header), without
 * its tensor data. Node only.
 *
 * @example
 * ```ts
 * const meta = await loadSafetensorsMetadata('run/best.safetensors');
 * 'dendrite.checkpoint' in meta; // a training checkpoint?
 * ```
 */
export async function loadSafetensorsMetadata(path: string): Promise<Record<string, string>> {
  const fs = nodeFs('loadSafetensorsMetadata');
  let handle: Awaited<ReturnType<Fs['open']>> | undefined;
  try {
    handle = await fs.open(path, 'r');
    const { size } = await handle.stat();
    const lengthField = new Uint8Array(Math.min(8, size));
    await handle.read(lengthField, 0, lengthField.length, 0);
    if (lengthField.length < 8) return decodeSafetensorsMetadata(lengthField, path); // throws: too short
    const view = new DataView(lengthField.buffer);
    const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
    // Never read past the file: a corrupt length is reported by the decoder.
    const bytes = new Uint8Array(8 + Math.min(headerLength, size - 8));
    bytes.set(lengthField);
    await handle.read(bytes, 8, bytes.length - 8, 8);
    return decodeSafetensorsMetadata(bytes, path);
  } catch (err) {
    throw fileSystemError(err, path, 'cannot read the file');
  } finally {
    await handle?.close();
  }
}

/** Temp files this process is writing now: never removed as stale. */
const inFlight = new Set<string>();

/** The temp-file name of a write to `path` (its pid lets a later write tell a dead writer's leftovers from a live one's). */
function tempName(path: string): string {
  return `${path}.tmp-${process.pid}-${Date.now()}-${inFlight.size}`;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * Removes temp files of `path` left by writers that died mid-write (kill -9,
 * power loss): `<path>.tmp-<pid>-...` whose pid is no longer running, or is
 * this process but not writing now. `writeFileAtomic` calls it before every
 * write; call it for files a run may not write again (a best checkpoint).
 * Node only.
 *
 * @example
 * ```ts
 * await removeStaleTempFiles('runs/mlp/best.safetensors');
 * ```
 */
export async function removeStaleTempFiles(path: string): Promise<void> {
  await removeStaleTemps(nodeFs('removeStaleTempFiles'), path);
}

async function removeStaleTemps(fs: Fs, path: string): Promise<void> {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dir = slash >= 0 ? path.slice(0, slash) || '/' : '.';
  const prefix = `${path.slice(slash + 1)}.tmp-`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return; // the write itself reports a missing folder
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const full = slash >= 0 ? `${dir === '/' ? '' : dir}/${name}` : name;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (inFlight.has(full) || (Number.isInteger(pid) && pid !== process.pid && isAlive(pid))) continue;
    await fs.rm(full, { force: true }).catch(() => undefined);
  }
}

/**
 * Writes a file via a temporary sibling and a rename, so readers never see a
 * partial file. Temp files of the same target left by a writer that died
 * (kill -9) are removed first. File-system failures throw `FileSystemError`
 * naming the path. Node only.
 *
 * @example
 * ```ts
 * await writeFileAtomic('out/metrics.json', new TextEncoder().encode('{}'));
 * ```
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const fs = nodeFs('writeFileAtomic');
  await removeStaleTemps(fs, path);
  const tmp = tempName(path);
  inFlight.add(tmp);
  try {
    const pauseMs = writePauseMs();
    if (pauseMs > 0) await writeWithPause(fs, tmp, data, pauseMs);
    else await fs.writeFile(tmp, data);
    await fs.rename(tmp, path);
  } catch (err) {
    // The cleanup must never hide the original error (rm of a path below a file throws ENOTDIR).
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw fileSystemError(err, path, 'cannot write the file');
  } finally {
    inFlight.delete(tmp);
  }
}

/**
 * Fault injection for crash tests: with `DENDRITE_TEST_WRITE_PAUSE_MS` set,
 * atomic writes stop halfway for that long, so a test can kill the process
 * while a half-written temp file exists. Unset (always, outside tests): 0.
 */
function writePauseMs(): number {
  const raw = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DENDRITE_TEST_WRITE_PAUSE_MS;
  const ms = raw === undefined ? 0 : Number(raw);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** Writes the first half of `data`, waits `pauseMs`, then writes the rest (see writePauseMs). */
async function writeWithPause(fs: ReturnType<typeof nodeFs>, tmp: string, data: Uint8Array | string, pauseMs: number): Promise<void> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.write(bytes.subarray(0, bytes.length >> 1));
    await new Promise((r) => setTimeout(r, pauseMs));
    await handle.write(bytes.subarray(bytes.length >> 1));
  } finally {
    await handle.close();
  }
}
