#!/usr/bin/env node
// The consumer suite: the published packages as an npm user sees them.
// 1. npm pack every package in packages/ and check each tarball.
// 2. Install the tarballs into a fresh project outside the workspace.
// 3. tsc --strict over every README and TSDoc example marked `ts runnable`.
// 4. Run the README programs in Node (ESM and CommonJS), programs that mix
//    import and require, the optional peers' messages, the testing kit.
// 5. Bundle a program with esbuild (no configuration) and run it in headless
//    Chromium with and without COOP/COEP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docBlocks, readmeBlocks } from './blocks.mjs';
import { runBrowserChecks } from './browser.mjs';
import { failures_ } from './check.mjs';
import { runReadmePrograms, runScenarioPrograms } from './node-run.mjs';
import { checkTarball, ensureBuilt, packAll } from './pack.mjs';
import { createProject } from './project.mjs';
import { typecheckBlocks } from './typecheck.mjs';
import { workspacePackages } from './workspace.mjs';

const started = performance.now();
const step = (title) => console.log(`\n[consumer] ${title} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
const packages = workspacePackages();
const keep = process.argv.includes('--keep');

step(`packing ${packages.length} packages: ${packages.map((p) => p.name).join(', ')}`);
ensureBuilt(packages);
const tarballs = mkdtempSync(join(tmpdir(), 'dendrite-tarballs-'));
const packed = packAll(packages, tarballs);
for (const p of packages) checkTarball(p, packed[p.name]);

step('installing the tarballs into a project outside the workspace');
const project = createProject(packed);
console.log(`  project: ${project}`);

const readmes = readmeBlocks(packages);
const docs = docBlocks(packages);
step(`type-checking ${readmes.length} README and ${docs.length} TSDoc examples`);
// Side-effect entries (/register) are imported for their effect (their .d.ts exports nothing); the rest as namespaces.
const subpaths = packages.flatMap((p) =>
  Object.keys(p.pkg.exports ?? {})
    .filter((k) => k !== './package.json' && !k.includes('*'))
    .map((k, i) => {
      const spec = `${p.name}${k === '.' ? '' : k.slice(1)}`;
      return k === './register' ? `import '${spec}';` : `import type * as m${p.name.replace(/\W/g, '_')}${i} from '${spec}';`;
    }),
);
typecheckBlocks(project, [...readmes, ...docs], subpaths);

step('running the README programs in Node');
runReadmePrograms(project, readmes);
runScenarioPrograms(project);

step('bundling for the browser and running in headless Chromium');
await runBrowserChecks(project);

if (!keep) rmSync(project, { recursive: true, force: true });
rmSync(tarballs, { recursive: true, force: true });
const failures = failures_();
step(failures.length ? `${failures.length} check(s) failed:\n- ${failures.map((f) => f.split('\n')[0]).join('\n- ')}` : 'all checks passed');
process.exitCode = failures.length ? 1 : 0;
