// LAUNCH in src/native.ts, `enum LaunchCode` in native/launchers.h and the
// table in native/dispatch.cc are three copies of one list; this parses the
// C++ and fails when they disagree (no GPU or build needed).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAUNCH } from '../src/native.js';

const native = (file: string) => readFileSync(new URL(`../native/${file}`, import.meta.url), 'utf8');
const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);
const byCode = Object.entries(LAUNCH).sort((a, b) => a[1] - b[1]);

describe('launch codes', () => {
  it('LAUNCH numbers its kernels 0, 1, 2, ... without gaps', () => {
    expect(byCode.map(([, code]) => code)).toEqual(byCode.map((_, i) => i));
  });

  it("launchers.h's enum LaunchCode lists LAUNCH's kernels in the same order", () => {
    const body = /enum LaunchCode : int \{([^}]*)\}/.exec(native('launchers.h'))?.[1] ?? '';
    const names = body.split(',').map((s) => s.trim()).filter(Boolean);
    expect(names).toEqual([...byCode.map(([name]) => `k${pascal(name)}`), 'kLaunchCount']);
  });

  it("dispatch.cc's launcher table follows the same order", () => {
    const body = /table\[kLaunchCount\] = \{([^}]*)\}/.exec(native('dispatch.cc'))?.[1] ?? '';
    const names = body.split(',').map((s) => s.trim()).filter(Boolean);
    expect(names).toEqual(byCode.map(([name]) => `launch${pascal(name)}`));
  });
});
