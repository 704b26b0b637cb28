// `npm run bench`: runs every package's benchmark scripts (packages/*/bench/*.mjs)
// one after another, each in its own process so timings do not interfere,
// and prints their tables. Filter with an argument: `npm run bench -- wasm`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2];
const scripts = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith('.mjs') && !f.startsWith('_') && (!filter || `${pkg}/${f}`.includes(filter))) scripts.push(join(dir, f));
  }
}
let failed = 0;
for (const s of scripts) {
  console.log(`\n=== ${s.slice(root.length)} ===`);
  const r = spawnSync(process.execPath, [s], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    failed++;
    console.log(`(exited with ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
