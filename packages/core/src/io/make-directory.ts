// Creating a folder path one component at a time, from its nearest existing
// ancestor. Node 20's `mkdir({ recursive: true })` loops forever at 100% CPU
// on procfs paths (`/proc/x`); walking the path ourselves cannot loop, and
// every failure is a FileSystemError naming the path.
import { fileSystemError } from '../errors.js';
import { nodeBuiltin } from './node-builtin.js';

/**
 * Creates `dir` and its missing parents (like `mkdir -p`), checking that the
 * nearest existing ancestor is a folder first. A path below a regular file,
 * on a read-only file system or on procfs throws `FileSystemError` naming
 * the path, at once. Node only.
 *
 * @example
 * ```ts
 * await makeDirectory('runs/lenet5-mnist');
 * ```
 */
export async function makeDirectory(dir: string): Promise<void> {
  const fs = nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises', 'makeDirectory');
  const path = nodeBuiltin<typeof import('node:path')>('node:path', 'makeDirectory');
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    try {
      const st = await fs.stat(at);
      if (!st.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw fileSystemError(err, dir, `cannot create the folder (${at} is in the way)`);
      const parent = path.dirname(at);
      if (parent === at) throw fileSystemError(err, dir, 'cannot create the folder');
      missing.push(at);
      at = parent;
    }
  }
  for (const d of missing.reverse()) {
    try {
      await fs.mkdir(d);
    } catch (err) {
      if ((err as { code?: string }).code === 'EEXIST') continue; // created meanwhile by someone else
      throw fileSystemError(err, dir, 'cannot create the folder');
    }
  }
}
