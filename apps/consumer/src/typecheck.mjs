// Type-checks the examples inside the consumer project with `tsc --strict`
// and no skipLibCheck (so the published .d.ts are checked too), as an app
// would: under nodenext resolution with @types/node, under bundler
// resolution without Node types (a browser app), and the subpath entries
// under node10 resolution (older CommonJS configs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from './check.mjs';
import { repoRoot } from './workspace.mjs';

const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

const CONFIGS = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext', types: ['node'] },
  bundler: { module: 'esnext', moduleResolution: 'bundler', types: [] },
};

function runTsc(project, config) {
  try {
    execFileSync(process.execPath, [tsc, '-p', config], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return '';
  } catch (err) {
    return `${err.stdout ?? ''}${err.stderr ?? ''}` || String(err);
  }
}

/** Writes the blocks as src/<id>.ts and checks them under each configuration. */
export function typecheckBlocks(project, blocks, subpathImports) {
  const src = join(project, 'tc');
  mkdirSync(src, { recursive: true });
  for (const b of blocks) writeFileSync(join(src, `${b.id}.ts`), `// from ${b.source}\n${b.code}\nexport {};\n`);
  // A CommonJS file of an ESM-first app importing the ESM-only packages (TS >= 5.8 models require(esm)).
  writeFileSync(join(src, 'commonjs-user.cts'), "import { matmul, tensor } from '@dendrite/core';\nimport { Linear } from '@dendrite/layers';\nconst y: readonly number[] = matmul(tensor([[1, 2]]), new Linear(2, 3).weight.value).shape;\nconsole.log(y);\n");
  for (const [name, opts] of Object.entries(CONFIGS)) {
    const file = join(project, `tsconfig.${name}.json`);
    const files = name === 'nodenext' ? ['tc/*.ts', 'tc/*.cts'] : ['tc/*.ts'];
    writeFileSync(file, JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', skipLibCheck: false, ...opts }, include: files }, null, 2));
    const out = runTsc(project, file);
    check(out === '', `tsc --strict (${name} resolution${opts.types.length ? ', @types/node' : ', no Node types'}) over ${blocks.length} README/TSDoc examples`, out.split('\n').slice(0, 30).join('\n'));
  }
  // node10: the subpath entries must resolve through typesVersions.
  const n10 = join(project, 'node10');
  mkdirSync(n10, { recursive: true });
  writeFileSync(join(n10, 'subpaths.ts'), `${subpathImports.join('\n')}\nexport {};\n`);
  writeFileSync(join(project, 'tsconfig.node10.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'commonjs', moduleResolution: 'node10', types: ['node'], skipLibCheck: true, noUncheckedSideEffectImports: true }, include: ['node10/*.ts'] }, null, 2));
  const out = runTsc(project, join(project, 'tsconfig.node10.json'));
  check(out === '', `tsc --strict (node10 resolution) resolves ${subpathImports.length} package entries and subpaths`, out.split('\n').slice(0, 30).join('\n'));
}
