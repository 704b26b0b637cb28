// Documentation coverage of public class and interface members in a typedoc
// JSON project (`typedoc --json`), per package.
// Usage: node scripts/doc-coverage.mjs project.json [--list]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLASS = 128;
const INTERFACE = 256;

/**
 * Members allowed to have no TSDoc (as `Owner.member`, or an owner's name for
 * all its members). Empty: every public class and interface member is
 * documented, and the docs build fails on a new gap.
 */
export const PENDING = new Set([]);

/** True when a reflection (or one of its signatures / accessors) has a summary or block tags. */
function documented(r) {
  const has = (c) => c?.summary?.some((p) => p.text.trim() !== '') || (c?.blockTags?.length ?? 0) > 0;
  if (has(r.comment)) return true;
  for (const s of r.signatures ?? []) if (has(s.comment)) return true;
  return has(r.getSignature?.comment) || has(r.setSignature?.comment);
}

/** Per module: members counted, members documented, and the undocumented ones as `Owner.member`. */
export function coverage(project) {
  const rows = [];
  for (const mod of project.children ?? []) {
    const row = { module: mod.name, total: 0, documented: 0, missing: [] };
    for (const owner of mod.children ?? []) {
      if (owner.kind !== CLASS && owner.kind !== INTERFACE) continue;
      for (const m of owner.children ?? []) {
        if (m.inheritedFrom || m.flags?.isPrivate || m.flags?.isProtected) continue;
        row.total++;
        if (documented(m)) row.documented++;
        else row.missing.push(`${owner.name}.${m.name}`);
      }
    }
    rows.push(row);
  }
  return rows;
}

/** Undocumented members not in `PENDING`, as `module: Owner.member`. */
export function unexpectedGaps(project) {
  return coverage(project).flatMap((r) => r.missing.filter((m) => !PENDING.has(m) && !PENDING.has(m.split('.')[0])).map((m) => `${r.module}: ${m}`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = coverage(JSON.parse(readFileSync(process.argv[2], 'utf8')));
  for (const r of rows) console.log(`${r.module}: ${r.documented} of ${r.total} members documented`);
  const total = rows.reduce((n, r) => n + r.total, 0);
  const done = rows.reduce((n, r) => n + r.documented, 0);
  console.log(`all: ${done} of ${total} members documented`);
  if (process.argv.includes('--list')) for (const r of rows) for (const m of r.missing) console.log(`  ${r.module}: ${m}`);
}
