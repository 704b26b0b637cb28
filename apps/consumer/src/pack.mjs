// Packs every package as `npm publish` would (the builds already ran; the
// prepack build is skipped with --ignore-scripts) and checks each tarball's
// contents against its package.json.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { check } from './check.mjs';
import { repoRoot } from './workspace.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Builds packages whose dist/ is missing (a package added after this suite's dependency list). */
export function ensureBuilt(packages) {
  for (const p of packages) {
    if (existsSync(join(p.dir, 'dist', 'index.js'))) continue;
    console.log(`  building ${p.name} (no dist/ yet)`);
    execFileSync(npm, ['run', 'build', '-w', p.name], { cwd: repoRoot, stdio: 'inherit' });
  }
}

/** Packs all packages into `dest`; returns { name: { tarball, files } }. */
export function packAll(packages, dest) {
  const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dest, ...packages.flatMap((p) => ['-w', p.name])], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const packed = {};
  for (const entry of JSON.parse(out.slice(out.indexOf('[')))) packed[entry.name] = { tarball: join(dest, entry.filename), files: entry.files.map((f) => f.path) };
  return packed;
}

/** Every path an exports map points at. */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

function globToRegExp(glob) {
  return new RegExp(`^${glob.replace(/^\.\//, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
}

/** Checks one package's tarball: LICENSE, README, engines, prepack, no maps, exports and sideEffects that exist, typesVersions, declared dependencies. */
export function checkTarball(p, { files }) {
  const { pkg, name } = p;
  const has = new Set(files);
  check(has.has('LICENSE') && has.has('README.md'), `${name}: tarball has LICENSE and README.md`, `files: ${files.join(' ')}`);
  check(!files.some((f) => f.endsWith('.map')), `${name}: no source maps in the tarball`, files.filter((f) => f.endsWith('.map')).join(' '));
  check(typeof pkg.engines?.node === 'string', `${name}: declares engines.node`, JSON.stringify(pkg.engines));
  check(/build/.test(pkg.scripts?.prepack ?? ''), `${name}: a prepack script builds the package`, JSON.stringify(pkg.scripts?.prepack));
  check(has.has('dist/index.js') && has.has('dist/index.d.ts'), `${name}: tarball has dist/index.js and dist/index.d.ts`);
  const targets = exportTargets(pkg.exports).map((t) => t.replace(/^\.\//, ''));
  // A pattern target (`./weights/*`) must match at least one shipped file.
  const missing = targets.filter((t) => (t.includes('*') ? !files.some((f) => globToRegExp(t).test(f)) : !has.has(t)));
  check(missing.length === 0, `${name}: every exports target is in the tarball`, missing.join(' '));
  // Subpaths of code need typesVersions; pattern subpaths of data files (weights) have no types.
  const subpaths = Object.keys(pkg.exports ?? {})
    .filter((k) => k !== '.' && k !== './package.json' && !k.includes('*'))
    .map((k) => k.slice(2));
  const tv = pkg.typesVersions?.['*'] ?? {};
  const noTv = subpaths.filter((s) => !tv[s] || !tv[s].every((t) => has.has(t.replace(/^\.\//, ''))));
  check(noTv.length === 0, `${name}: typesVersions maps every subpath for node10 resolution`, noTv.join(' '));
  if (Array.isArray(pkg.sideEffects)) {
    const dead = pkg.sideEffects.filter((g) => !files.some((f) => globToRegExp(g).test(f)));
    check(dead.length === 0, `${name}: every sideEffects entry matches a shipped file`, dead.join(' '));
  }
  // Every bare specifier the shipped JavaScript imports is a declared dependency or peer.
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const used = new Set();
  for (const f of files.filter((f) => /\.(m?js|d\.ts)$/.test(f))) {
    // Code only: doc comments quote examples that import other packages.
    const text = readFileSync(join(p.dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const specs = [
      ...text.matchAll(/^\s*(?:import|export)\s[^'"`;]*?from\s*["']([^"']+)["']/gm),
      ...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
      ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    ].map((m) => m[1]);
    for (const spec of specs) {
      if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      used.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  const undeclared = [...used].filter((d) => !declared.has(d) && d !== name);
  check(undeclared.length === 0, `${name}: every imported package is a dependency or peer dependency`, undeclared.join(' '));
}
